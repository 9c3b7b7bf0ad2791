#!/usr/bin/env python3
"""Benchmarks of scaffold and of the servers it generates. Run through `bench/run`.

- load: the generated server of bench/bench.toml against a hand-written axum + sqlx server
  (bench/axum) and a FastAPI app (bench/fastapi), driven alike by wrk on loopback: get one, list
  20, create and login. Runs are interleaved so that machine drift hits every side.
- build: cold `cargo build`, `cargo test` after it, and an incremental rebuild after editing one
  handler, for one generated example.
- generate: `scaffold new` on a 20-resource spec against copying the generated tree.
- jobs: the task queue of bench/jobs/jobs.toml (a job that does nothing) against arq on Redis,
  at the same concurrency: tasks per second from the first enqueue to the last task done, and
  the wait from enqueue to start at a steady 200 tasks per second (bench/jobs/).
- lists: the generated server of bench/lists/lists.toml on 1,000,000 rows: a page deep in a
  cursor list against the first page (and an offset page as deep, beside it), and a streamed
  export of every row: time to the first byte, total time, resident memory growth.

Everything it builds or writes goes to target/bench/. Results are printed as Markdown tables and
written to target/bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / "target" / "bench"
PREFIX = "/api/v1"
ENDPOINTS = ["get", "list", "filter", "include", "search", "create", "login"]
ENDPOINT_NAMES = {
    "get": "get one",
    "list": "list 20",
    "filter": "filtered, sorted 20",
    "include": "20 with category",
    "search": "search 20",
    "create": "create",
    "login": "login",
}
# The lists each side serves alike. FastAPI's search is fastapi-filter's (`search`, `ilike` on
# the title); the Rust servers' is the database's full-text index (`q`).
LIST_PATHS = {
    "filter": "/items?in_stock=true&price__gte=100&order_by=-price&limit=20",
    "include": "/items?include=category&limit=20",
    "search": "/items?q=amber&limit=20",
}
FASTAPI_PATHS = {**LIST_PATHS, "search": "/items?search=amber&limit=20"}
# Words of the seeded titles: one is in about a quarter of the items (15 in 64).
WORDS = ["amber", "basalt", "cobalt", "dune", "ember", "fjord", "garnet", "harbor"]
CATEGORIES = 10
SIDES = ["generated", "hand-written", "FastAPI"]
EMAIL = "bench@example.com"
PASSWORD = "bench-password-1"
SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
CORES = os.cpu_count() or 2
# One pool size for every server; FastAPI's is split between its workers.
POOL = {"sqlite": 8, "postgres": 10}


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        quiet: bool = True) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env,
                            stdout=subprocess.PIPE if quiet else None,
                            stderr=subprocess.STDOUT if quiet else None, text=True)
    if result.returncode != 0:
        if quiet and result.stdout:
            sys.stderr.write(result.stdout[-4000:])
        sys.exit(f"bench: `{' '.join(cmd)}` failed with exit code {result.returncode}")


def cargo_env(**extra: str) -> dict[str, str]:
    """The environment for a cargo command, without CI-only settings that change build times."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CARGO_INCREMENTAL", "CARGO_PROFILE_", "CARGO_BUILD_"))}
    env.update(extra)
    return env


# ---- building everything ------------------------------------------------------------------------

def scaffold_binary() -> Path:
    log("building scaffold (release)")
    run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, env=cargo_env())
    return ROOT / "target" / "release" / "scaffold"


def generate(scaffold: Path, spec: Path, directory: Path, *extra: str) -> None:
    if directory.exists():
        shutil.rmtree(directory)
    run([str(scaffold), "new", str(directory), "--spec", str(spec), "--yes", "--no-git",
         "--quiet", *extra])


def build_servers(scaffold: Path, backends: list[str]) -> dict[tuple[str, str], Path]:
    """Release binaries of the generated and hand-written servers, by (side, backend)."""
    target = WORK / "target"
    bins = WORK / "bin"
    bins.mkdir(parents=True, exist_ok=True)
    env = cargo_env(CARGO_TARGET_DIR=str(target))
    binaries = {}
    for backend in backends:
        project = WORK / f"generated-{backend}"
        generate(scaffold, BENCH / "bench.toml", project, "--db", backend)
        log(f"building the generated server ({backend}, release)")
        run(["cargo", "build", "--release", "--quiet"], cwd=project, env=env)
        binaries[("generated", backend)] = shutil.copy(target / "release" / "benchapi",
                                                       bins / f"generated-{backend}")
        log(f"building the hand-written server ({backend}, release)")
        features = [] if backend == "sqlite" else ["--no-default-features", "--features", "postgres"]
        run(["cargo", "build", "--release", "--quiet", "--manifest-path",
             str(BENCH / "axum" / "Cargo.toml"), *features], env=env)
        binaries[("hand-written", backend)] = shutil.copy(target / "release" / "bench-axum",
                                                          bins / f"hand-written-{backend}")
    return {key: Path(path) for key, path in binaries.items()}


def virtualenv(name: str, requirements: Path, what: str) -> Path:
    """target/bench/<name>: a virtualenv with `requirements` installed, made again when they
    change."""
    venv = WORK / name
    stamp = venv / "requirements.txt"
    if not stamp.exists() or stamp.read_text() != requirements.read_text():
        log(f"installing {what} into target/bench/{name}")
        if venv.exists():
            shutil.rmtree(venv)
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(venv / "bin" / "pip"), "install", "--quiet", "-r", str(requirements)])
        shutil.copy(requirements, stamp)
    return venv


def python_env() -> Path:
    """A virtualenv with the FastAPI app's pinned requirements."""
    return virtualenv("venv", BENCH / "fastapi" / "requirements.txt",
                      "the FastAPI app's requirements")


# ---- servers ------------------------------------------------------------------------------------

@dataclass
class Server:
    side: str
    backend: str
    command: list[str]
    env: dict[str, str]
    port: int
    database: str = ""
    process: subprocess.Popen | None = None
    token: str = ""
    ids_file: Path = field(default_factory=Path)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log_file = open(WORK / f"{self.side}-{self.backend}.log", "w")
        self.process = subprocess.Popen(self.command, env={**os.environ, **self.env},
                                        stdout=log_file, stderr=subprocess.STDOUT, cwd=WORK)
        for _ in range(200):
            if self.process.poll() is not None:
                sys.exit(f"bench: the {self.side} server exited at start; see {log_file.name}")
            try:
                urllib.request.urlopen(f"{self.url}/health", timeout=1).read()
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        sys.exit(f"bench: the {self.side} server did not answer /health")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def call(self, method: str, path: str, body: bytes, content_type: str) -> dict:
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + PREFIX + path, data=body, method=method,
                                         headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def seed(self, items: int) -> None:
        """Registers the benchmark user, signs in, and creates `items` items in
        `CATEGORIES` categories."""
        self.call("POST", "/auth/register",
                  json.dumps({"email": EMAIL, "password": PASSWORD}).encode(), "application/json")
        self.token = self.call("POST", "/auth/token", login_form(), FORM)["access_token"]
        categories = [
            self.call("POST", "/categories", json.dumps({"name": f"category {n}"}).encode(),
                      "application/json")["id"]
            for n in range(CATEGORIES)
        ]
        ids = []
        for n in range(items):
            title = f"{WORDS[n % 8]} {WORDS[n // 8 % 8]} item {n}"
            body = {"title": title, "price": n * 0.25, "in_stock": n % 3 != 0,
                    "category_id": categories[n % CATEGORIES]}
            ids.append(self.call("POST", "/items", json.dumps(body).encode(),
                                 "application/json")["id"])
        self.ids_file = WORK / f"ids-{self.side}-{self.backend}.txt"
        self.ids_file.write_text("\n".join(ids) + "\n")

    def analyze(self) -> None:
        """Gathers the planner's statistics of the seeded tables, as a server that has run for a
        while has them: PostgreSQL's autovacuum gathers them within a minute, the Rust servers'
        SQLite connections when they open (`PRAGMA optimize`)."""
        if self.database.startswith("sqlite"):
            connection = sqlite3.connect(self.database.removeprefix("sqlite://"), timeout=30)
            try:
                connection.execute("ANALYZE")
                connection.commit()
            finally:
                connection.close()
        else:
            run(["psql", self.database, "-q", "-c", "ANALYZE"])

    def drop_created_items(self, keep: int) -> None:
        """Deletes what the create runs added, so that every run sees the seeded table."""
        sql = (f'DELETE FROM items WHERE id NOT IN '
               f'(SELECT id FROM items ORDER BY created_at, id LIMIT {keep})')
        if self.database.startswith("sqlite"):
            connection = sqlite3.connect(self.database.removeprefix("sqlite://"), timeout=30)
            try:
                connection.execute(sql)
                connection.commit()
                # The full-text index keeps a tombstone of every deleted row until its segments
                # merge: merged at once, the search reads the seeded rows only, as after VACUUM
                # FULL on PostgreSQL.
                if connection.execute("SELECT 1 FROM sqlite_master "
                                      "WHERE name = 'items__search'").fetchone():
                    connection.execute("INSERT INTO items__search (items__search) "
                                       "VALUES ('optimize')")
                    connection.commit()
                # The write-ahead log grows without bound while the create run's readers keep
                # the server from checkpointing it; every later read would look through it.
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
        else:
            # Rewritten compact: otherwise every later count scans the pages the deleted rows
            # left, and list runs slow down round after round.
            run(["psql", self.database, "-q", "-c", sql, "-c", "VACUUM FULL ANALYZE items"])

    def process_tree(self) -> list[int]:
        """The server's process and its descendants (uvicorn's workers)."""
        assert self.process
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(entry.name))
        tree, queue = [], [self.process.pid]
        while queue:
            pid = queue.pop()
            tree.append(pid)
            queue.extend(parents.get(pid, []))
        return tree


FORM = "application/x-www-form-urlencoded"


def login_form() -> bytes:
    return urllib.parse.urlencode({"username": EMAIL, "password": PASSWORD}).encode()


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def make_servers(backend: str, binaries: dict, venv: Path, database_url: str | None,
                 port: int) -> list[Server]:
    rust_env = {"APP_ENV": "production", "SECRET_KEY": SECRET, "RUST_LOG": "warn"}
    urls = {}
    for side in SIDES:
        key = side.split("-")[0].lower()
        if backend == "sqlite":
            path = WORK / "db" / f"{key}.db"
            path.parent.mkdir(exist_ok=True)
            for stale in path.parent.glob(f"{key}.db*"):
                stale.unlink()
            urls[side] = f"sqlite://{path}"
        else:
            assert database_url
            name = f"bench_{key}"
            # Commits are not flushed one by one, as with SQLite's `synchronous=NORMAL`: a crash
            # may lose the last ones, never corrupt the database.
            run(["psql", database_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name}",
                 "-c", f"CREATE DATABASE {name}",
                 "-c", f"ALTER DATABASE {name} SET synchronous_commit = off"])
            urls[side] = database_url.rsplit("/", 1)[0] + "/" + name
    fastapi_url = urls["FastAPI"].replace("sqlite://", "sqlite+aiosqlite:///", 1).replace(
        "postgres://", "postgresql+asyncpg://", 1).replace("postgresql://", "postgresql+asyncpg://", 1)
    workers = CORES
    fastapi_env = {"DATABASE_URL": fastapi_url, "SECRET_KEY": SECRET,
                   "POOL_SIZE": str(max(1, POOL[backend] // workers))}
    run([str(venv / "bin" / "python"), str(BENCH / "fastapi" / "app.py"), "--init-db"],
        env={**os.environ, **fastapi_env})
    return [
        Server("generated", backend, [str(binaries[("generated", backend)])],
               {**rust_env, "DATABASE_URL": urls["generated"], "PORT": str(port)}, port,
               urls["generated"]),
        Server("hand-written", backend, [str(binaries[("hand-written", backend)])],
               {**rust_env, "DATABASE_URL": urls["hand-written"], "PORT": str(port + 1)},
               port + 1, urls["hand-written"]),
        Server("FastAPI", backend,
               [str(venv / "bin" / "uvicorn"), "app:app", "--app-dir", str(BENCH / "fastapi"),
                "--host", "127.0.0.1", "--port", str(port + 2), "--workers", str(workers),
                "--loop", "uvloop", "--http", "httptools", "--no-access-log",
                "--log-level", "warning"],
               fastapi_env, port + 2, urls["FastAPI"]),
    ]


# ---- load -----------------------------------------------------------------------------------------

@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    peak_rss_mib: float


def cpu_ticks(pids: list[int]) -> int:
    """User and system CPU time of `pids`, in clock ticks."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def settle(servers: list[Server]) -> None:
    """Waits until no server is still working off the previous run (queued logins, say), so
    that leftover work does not slow down whichever server runs next."""
    pids = [pid for server in servers for pid in server.process_tree()]
    deadline = time.monotonic() + 10
    before = cpu_ticks(pids)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = cpu_ticks(pids)
        if now - before <= 2:
            return
        before = now


def drive(server: Server, endpoint: str, seconds: float, connections: int, threads: int) -> Run:
    credential = login_form().decode() if endpoint == "login" else server.token
    paths = FASTAPI_PATHS if server.side == "FastAPI" else LIST_PATHS
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
           "-s", str(BENCH / "wrk" / "endpoint.lua"), server.url, "--", endpoint, PREFIX,
           credential, str(server.ids_file), paths.get(endpoint, "")]
    pids = server.process_tree()
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_kib(pids))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        finished = subprocess.run(cmd, capture_output=True, text=True)
    finally:
        stop.set()
        sampler.join()
    if finished.returncode != 0:
        sys.exit(f"bench: wrk failed on {endpoint} ({server.side}): "
                 f"{(finished.stderr + finished.stdout).strip()}")
    output = finished.stdout
    result = json.loads(output.strip().splitlines()[-1])
    return Run(
        rps=result["requests"] / (result["duration_us"] / 1e6),
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=result["socket_errors"] + result["status_errors"],
        peak_rss_mib=peak / 1024,
    )


def load(args, backends: list[str], binaries: dict, venv: Path) -> dict:
    results: dict[tuple[str, str, str], list[Run]] = {}
    port = 18300
    for backend in backends:
        servers = make_servers(backend, binaries, venv, args.postgres, port)
        port += 10
        try:
            for server in servers:
                server.start()
                server.seed(args.items)
            # Started again on statistics of the seeded tables, which the connections that
            # seeded them had none of: every run then reads the tables as a server that has run
            # for a while does.
            for server in servers:
                server.stop()
                server.analyze()
                server.start()
            log(f"{backend}: warming up")
            for server in servers:
                for endpoint in args.endpoints:
                    drive(server, endpoint, 1, args.connections, args.threads)
                    settle(servers)
                server.drop_created_items(args.items)
            for round_ in range(args.rounds):
                order = servers[round_ % 3:] + servers[:round_ % 3]
                for endpoint in args.endpoints:
                    for server in order:
                        settle(servers)
                        outcome = drive(server, endpoint, args.duration, args.connections,
                                        args.threads)
                        results.setdefault((backend, endpoint, server.side), []).append(outcome)
                        if endpoint == "create":
                            server.drop_created_items(args.items)
                        log(f"{backend} round {round_ + 1}/{args.rounds} {endpoint:6} "
                            f"{server.side:12} {outcome.rps:9.0f} req/s  p99 {outcome.p99_ms:7.2f} ms"
                            f"  errors {outcome.errors}  peak {outcome.peak_rss_mib:6.1f} MiB")
        finally:
            for server in servers:
                server.stop()
    return results


def summarise(runs: list[Run]) -> Run:
    return Run(
        rps=statistics.median(r.rps for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        errors=sum(r.errors for r in runs),
        peak_rss_mib=max(r.peak_rss_mib for r in runs),
    )


def load_tables(args, results: dict, backends: list[str]) -> tuple[list[str], list[str]]:
    lines = [
        f"wrk on loopback, {args.connections} connections, {args.threads} thread(s), "
        f"{args.rounds} interleaved rounds of {args.duration:g} s per endpoint and server "
        f"(median req/s and latencies, and the lowest and highest req/s of the rounds; errors "
        f"summed; peak RSS of the process tree). FastAPI: "
        f"uvicorn with {CORES} workers (uvloop, httptools). {args.items} items seeded.",
        "",
        "| database | endpoint | server | req/s | range | p50 ms | p99 ms | errors | peak RSS MiB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = [
        "| database | endpoint | generated / hand-written | by round | target "
        "| generated / FastAPI | by round | target |",
        "|---|---|---:|---|---|---:|---|---|",
    ]
    verdicts = []
    for backend in backends:
        for endpoint in args.endpoints:
            summary = {side: summarise(results[(backend, endpoint, side)]) for side in SIDES}
            for side in SIDES:
                s = summary[side]
                rounds = [run.rps for run in results[(backend, endpoint, side)]]
                lines.append(f"| {backend} | {ENDPOINT_NAMES[endpoint]} | {side} | {s.rps:,.0f} | "
                             f"{min(rounds):,.0f}–{max(rounds):,.0f} | "
                             f"{s.p50_ms:.2f} | {s.p99_ms:.2f} | {s.errors} | {s.peak_rss_mib:.0f} |")
            generated = summary["generated"]
            vs_hand = generated.rps / summary["hand-written"].rps
            vs_fastapi = generated.rps / summary["FastAPI"].rps
            # Logins are Argon2-bound: the target is only to beat FastAPI.
            fastapi_target = 1.0 if endpoint == "login" else 10.0
            ok_hand = vs_hand >= 0.95
            ok_fastapi = (vs_fastapi > fastapi_target if endpoint == "login"
                          else vs_fastapi >= fastapi_target)
            # The servers of one round ran minutes apart at most: their ratio is the fairest.
            by_round = {
                other: " · ".join(
                    floor(mine.rps / theirs.rps, 2 if other == "hand-written" else 1)
                    for mine, theirs in zip(results[(backend, endpoint, "generated")],
                                            results[(backend, endpoint, other)]))
                for other in ("hand-written", "FastAPI")
            }
            ratios.append(
                f"| {backend} | {ENDPOINT_NAMES[endpoint]} | {floor(vs_hand, 2)}× | "
                f"{by_round['hand-written']} | ≥ 0.95× "
                f"{'met' if ok_hand else 'MISSED'} | {floor(vs_fastapi, 1)}× | "
                f"{by_round['FastAPI']} | "
                f"{'>' if endpoint == 'login' else '≥'} {fastapi_target:g}× "
                f"{'met' if ok_fastapi else 'MISSED'} |")
            if endpoint == "login":
                verdicts.append(
                    f"- {backend}: peak RSS of the generated server under the "
                    f"{args.connections}-connection login flood: {generated.peak_rss_mib:.0f} MiB "
                    f"(target ≤ 150 MiB: {'met' if generated.peak_rss_mib <= 150 else 'MISSED'})")
            if generated.errors:
                verdicts.append(f"- {backend} {endpoint}: the generated server had "
                                f"{generated.errors} errors")
    return lines + [""] + ratios, verdicts


def floor(ratio: float, decimals: int) -> str:
    """`ratio` rounded down, so that a shown figure never rounds up onto its target."""
    scale = 10 ** decimals
    return f"{math.floor(ratio * scale) / scale:.{decimals}f}"


# ---- build times --------------------------------------------------------------------------------

def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    run(cmd, cwd=cwd, env=env)
    return time.perf_counter() - start


def build_times(scaffold: Path, example: str) -> list[str]:
    project = WORK / "build" / example
    target = WORK / "build" / "target"
    generate(scaffold, ROOT / "examples" / f"{example}.toml", project)
    if target.exists():
        shutil.rmtree(target)
    env = cargo_env(CARGO_TARGET_DIR=str(target))
    run(["cargo", "fetch", "--quiet"], cwd=project, env=env)
    log(f"build times: cold `cargo build` of examples/{example}.toml")
    cold = timed(["cargo", "build", "--quiet"], project, env)
    log("build times: `cargo test` after it")
    test = timed(["cargo", "test", "--quiet"], project, env)
    handler = next(path for path in sorted((project / "src" / "api" / "v1" / "endpoints").glob("*.rs"))
                   if path.stem not in ("auth", "users", "mod"))
    source = handler.read_text()
    edited = re.sub(r'AppError::NotFound\("(\w+)"\)', r'AppError::NotFound("\1 (edited)")',
                    source, count=1)
    if edited == source:
        sys.exit(f"bench: found no handler to edit in {handler}")
    handler.write_text(edited)
    log(f"build times: incremental `cargo build` after editing {handler.name}")
    incremental = timed(["cargo", "build", "--quiet"], project, env)
    incremental_test = timed(["cargo", "test", "--quiet", "--no-run"], project, env)
    return [
        f"examples/{example}.toml, dev profile, dependencies fetched beforehand, "
        f"a fresh target directory:",
        "",
        "| step | seconds | target |",
        "|---|---:|---|",
        f"| cold `cargo build` | {cold:.1f} | ≤ 60 {'met' if cold <= 60 else 'MISSED'} |",
        f"| `cargo test` after it (build and run) | {test:.1f} | ≤ 10 "
        f"{'met' if test <= 10 else 'MISSED'} |",
        f"| `cargo build` after editing one handler | {incremental:.1f} | ≤ 2 "
        f"{'met' if incremental <= 2 else 'MISSED'} |",
        f"| then `cargo test --no-run` | {incremental_test:.1f} | |",
    ]


# ---- generation speed ---------------------------------------------------------------------------

FIELD_KINDS = [
    'fields.name = { type = "string", max_length = 120 }',
    'fields.note = "text?"',
    'fields.amount = { type = "float", min = 0.0 }',
    'fields.count = { type = "int", min = 0, default = 0 }',
    'fields.active = { type = "bool", default = true }',
    'fields.day = "date?"',
    'fields.contact = "email?"',
    'fields.state = { type = "enum", values = ["new", "open", "closed"], default = "new" }',
]


def twenty_resource_spec() -> str:
    lines = ['[project]', 'name = "twenty"', '', '[auth]', 'enabled = true', '']
    for n in range(1, 21):
        lines.append(f"[resources.thing{n:02}]")
        lines.extend(FIELD_KINDS[(n + k) % len(FIELD_KINDS)] for k in range(5))
        if n > 1:
            lines.append(f'fields.parent = {{ type = "ref", to = "thing{n - 1:02}", optional = true }}')
        lines.append("")
    return "\n".join(lines)


def generation_speed(scaffold: Path, repeats: int) -> list[str]:
    directory = WORK / "generate"
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    spec = directory / "twenty.toml"
    spec.write_text(twenty_resource_spec())
    new_times, copy_times = [], []
    for _ in range(repeats):
        out, copy = directory / "out", directory / "copy"
        for stale in (out, copy):
            if stale.exists():
                shutil.rmtree(stale)
        start = time.perf_counter()
        run([str(scaffold), "new", str(out), "--spec", str(spec), "--yes", "--no-git", "--quiet"])
        new_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        run(["cp", "-r", str(out), str(copy)])
        copy_times.append(time.perf_counter() - start)
    files = sum(1 for path in (directory / "out").rglob("*") if path.is_file())
    new, copy = statistics.median(new_times), statistics.median(copy_times)
    ratio = new / copy
    return [
        f"A 20-resource spec ({files} files), median of {repeats} runs:",
        "",
        "| step | ms | target |",
        "|---|---:|---|",
        f"| `scaffold new` | {new * 1000:.0f} | |",
        f"| `cp -r` of the generated tree | {copy * 1000:.0f} | |",
        f"| ratio | {ratio:.1f}× | ≤ 10× {'met' if ratio <= 10 else 'MISSED'} |",
    ]


# ---- main ---------------------------------------------------------------------------------------

# ---- jobs ---------------------------------------------------------------------------------------

JOBS = BENCH / "jobs"
JOB_CONCURRENCY = 8


def arq_env() -> Path:
    """A virtualenv with arq, pinned."""
    return virtualenv("arq-venv", JOBS / "requirements.txt", "arq")


def build_jobs(scaffold: Path, backend: str) -> tuple[Path, Path]:
    """The generated project's binary and the benchmark's enqueuing client, both release."""
    project = WORK / f"jobs-{backend}"
    generate(scaffold, JOBS / "jobs.toml", project, "--db", backend)
    (project / "src" / "bin").mkdir(parents=True, exist_ok=True)
    shutil.copy(JOBS / "enqueue.rs", project / "src" / "bin" / "enqueue.rs")
    log(f"building the generated task queue ({backend}, release)")
    worker, client = release(project, {"benchjobs": f"jobs-{backend}",
                                       "enqueue": f"enqueue-{backend}"})
    return worker, client


def release(project: Path, binaries: dict[str, str]) -> list[Path]:
    """Builds `project` in release mode and copies its `binaries` (name: copy's name) to
    target/bench/bin, in order."""
    target = WORK / "target"
    run(["cargo", "build", "--release", "--quiet"], cwd=project,
        env=cargo_env(CARGO_TARGET_DIR=str(target)))
    bins = WORK / "bin"
    bins.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(target / "release" / name, bins / copy))
            for name, copy in binaries.items()]


def fresh_database(name: str, backend: str, postgres: str | None) -> str:
    """The URL of an empty database called `name` (a file under target/bench/ for SQLite)."""
    if backend == "sqlite":
        for path in WORK.glob(f"{name}.db*"):
            path.unlink()
        return f"sqlite://{WORK / f'{name}.db'}"
    run(["psql", postgres, "-q", "-o", "/dev/null", "-c", "SET client_min_messages = warning",
         "-c", f"DROP DATABASE IF EXISTS bench_{name}", "-c", f"CREATE DATABASE bench_{name}"])
    server, _ = postgres.rsplit("/", 1)
    return f"{server}/bench_{name}"


def run_queue(worker: list[str], client: list[str], env: dict[str, str], cwd: Path) -> dict:
    """Starts a worker, runs the client that queues and waits, stops the worker: the figures."""
    env = {**os.environ, **env}
    log_file = open(WORK / "jobs-worker.log", "a")
    process = subprocess.Popen(worker, env=env, cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        time.sleep(1)
        if process.poll() is not None:
            sys.exit("bench: the worker exited at start; see target/bench/jobs-worker.log")
        result = subprocess.run(client, env=env, cwd=cwd, capture_output=True, text=True,
                                timeout=600)
        if result.returncode != 0:
            sys.exit(f"bench: `{' '.join(client)}` failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        process.terminate()
        process.wait(timeout=60)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def jobs(args, scaffold: Path, backends: list[str]) -> list[str]:
    if shutil.which("redis-server") is None and shutil.which("redis-cli") is None:
        log("jobs: Redis tools not found; arq needs Redis on 127.0.0.1:6379")
    venv = arq_env()
    built = {backend: build_jobs(scaffold, backend) for backend in backends}
    count, steady = (500, 40) if args.quick else (5000, 400)
    # A steady 200 tasks per second: 4 clients, each waiting 20 ms between tasks.
    interval = 20
    sides = [("generated", backend) for backend in backends] + [("arq", "redis")]
    results: dict[tuple[str, str], dict[str, list[float]]] = {
        side: {"rate": [], "p50": [], "p99": []} for side in sides}
    for round_number in range(args.rounds):
        for side, backend in sides:
            log(f"jobs round {round_number + 1}/{args.rounds}: {side} ({backend})")
            figures = []
            for tasks, wait in [(count, 0), (steady, interval)]:
                if side == "arq":
                    run([str(venv / "bin" / "python"), "arq_side.py", "flush"], cwd=JOBS)
                    figures.append(run_queue(
                        [str(venv / "bin" / "arq"), "arq_side.WorkerSettings"],
                        [str(venv / "bin" / "python"), "arq_side.py", "enqueue", str(tasks),
                         str(wait)],
                        {"ARQ_MAX_JOBS": str(JOB_CONCURRENCY)}, JOBS))
                else:
                    binary, client = built[backend]
                    url = fresh_database("jobs", backend, args.postgres)
                    env = {"DATABASE_URL": url, "WORKER_CONCURRENCY": str(JOB_CONCURRENCY),
                           "RUST_LOG": "warn"}
                    figures.append(run_queue([str(binary), "worker"],
                                             [str(client), str(tasks), str(wait)], env, WORK))
            burst, paced = figures
            results[(side, backend)]["rate"].append(burst["tasks"] / burst["seconds"])
            results[(side, backend)]["p50"].append(percentile(paced["waits_ms"], 0.50))
            results[(side, backend)]["p99"].append(percentile(paced["waits_ms"], 0.99))
    arq_rate = statistics.median(results[("arq", "redis")]["rate"])
    lines = [f"{count} no-op tasks queued by 4 clients at once, then {steady} at a steady 200 per "
             f"second; {JOB_CONCURRENCY} tasks at once per worker, one worker; median of "
             f"{args.rounds} interleaved round(s).", "",
             "| queue | tasks/s, enqueue to done | vs arq | wait to start p50 | p99 |",
             "|---|---:|---:|---:|---:|"]
    for side, backend in sides:
        figures = results[(side, backend)]
        rate = statistics.median(figures["rate"])
        name = f"generated, {backend}" if side == "generated" else "arq 0.28, Redis"
        lines.append(f"| {name} | {rate:,.0f} | {rate / arq_rate:.2f}× | "
                     f"{statistics.median(figures['p50']):.1f} ms | "
                     f"{statistics.median(figures['p99']):.1f} ms |")
    return lines


LISTS = BENCH / "lists"


def build_lists(scaffold: Path, backend: str) -> Path:
    """The release binary of the generated server of bench/lists/lists.toml."""
    project = WORK / f"lists-{backend}"
    generate(scaffold, LISTS / "lists.toml", project, "--db", backend)
    log(f"building the generated list server ({backend}, release)")
    return release(project, {"benchlists": f"lists-{backend}"})[0]


def seed_lists(backend: str, url: str, rows: int) -> None:
    """`rows` rows in `events` and in `entries`, ids in time order as the API makes them."""
    log(f"seeding {rows:,} rows in each table ({backend})")
    if backend == "postgres":
        for table in ["events", "entries"]:
            run(["psql", url, "-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-c",
                 f"INSERT INTO {table} (id, title, score, created_at, updated_at) "
                 f"SELECT (lpad(to_hex(n), 12, '0') || '70008000' || lpad(to_hex(n), 12, '0'))"
                 f"::uuid, 'title ' || n, n % 1000, "
                 f"timestamptz '2026-01-01' + n * interval '1 ms', "
                 f"timestamptz '2026-01-01' + n * interval '1 ms' "
                 f"FROM generate_series(1, {rows}) AS n", "-c", f"VACUUM ANALYZE {table}"])
        return
    path = url.removeprefix("sqlite://")
    connection = sqlite3.connect(path)
    for table in ["events", "entries"]:
        def values():
            for n in range(1, rows + 1):
                # A UUIDv7 layout: the row number where the time goes, then version and variant.
                id_ = (n << 80) | (0x7 << 76) | (0x8 << 60) | n
                at = f"2026-01-01 00:{(n // 60000) % 60:02}:{(n // 1000) % 60:02}.{n % 1000:03}000+00:00"
                yield (id_.to_bytes(16, "big"), f"title {n}", n % 1000, at, at)
        connection.executemany(
            f"INSERT INTO {table} (id, title, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            values())
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def get_ms(url: str, repeats: int) -> float:
    """The median time of `GET url`, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def export_figures(url: str, pid: int) -> tuple[float, float, float]:
    """Streams `url` to the end: milliseconds to the first byte and to the last, and the growth of
    the server's resident memory meanwhile (MiB), sampled every 5 ms."""
    before = rss_kib([pid])
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib([pid]))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    with urllib.request.urlopen(url) as response:
        response.read(1)
        first = (time.perf_counter() - start) * 1000
        while response.read(1 << 16):
            pass
    total = (time.perf_counter() - start) * 1000
    done.set()
    sampler.join()
    return first, total, (peak[0] - before) / 1024


def lists(args, scaffold: Path, backends: list[str]) -> list[str]:
    rows = 20_000 if args.quick else 1_000_000
    limit = 100
    deep = rows // limit
    repeats = 20 if args.quick else 200
    lines = [f"{rows:,} rows; pages of {limit}; page {deep:,} is the last. Median of {repeats} "
             "requests each, one at a time, on loopback.", "",
             "| backend | cursor page 1 | cursor page " + f"{deep:,}" + " | ratio | offset page 1 | "
             f"offset page {deep:,} | export CSV: first byte | all rows | RSS growth |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for backend in backends:
        binary = build_lists(scaffold, backend)
        url = fresh_database("lists", backend, args.postgres)
        port = 18300
        env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "RUST_LOG": "warn",
               "APP_ENV": "development"}
        base = f"http://127.0.0.1:{port}{PREFIX}"

        def start() -> subprocess.Popen:
            process = subprocess.Popen([str(binary)], env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/health").read()
                    return process
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
            process.kill()
            sys.exit("bench: the list server did not start")

        server = start()  # migrates
        server.terminate()
        server.wait(timeout=30)
        seed_lists(backend, url, rows)
        server = start()
        try:
            log(f"lists ({backend}): walking to cursor page {deep:,}")
            cursor = None
            for _ in range(deep - 1):
                query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
                with urllib.request.urlopen(f"{base}/events?{query}") as response:
                    cursor = json.loads(response.read())["next_cursor"]
                if cursor is None:
                    sys.exit("bench: the cursor list ended early: were the rows seeded?")
            first_page = get_ms(f"{base}/events?limit={limit}", repeats)
            deep_page = get_ms(f"{base}/events?limit={limit}&cursor={cursor}", repeats)
            offset_first = get_ms(f"{base}/entries?limit={limit}", repeats)
            offset_deep = get_ms(f"{base}/entries?limit={limit}&offset={(deep - 1) * limit}",
                                 max(3, repeats // 20))
            first_byte, total, growth = export_figures(f"{base}/events/export?format=csv",
                                                       server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        lines.append(f"| {backend} | {first_page:.2f} ms | {deep_page:.2f} ms | "
                     f"{deep_page / first_page:.2f}× | {offset_first:.2f} ms | "
                     f"{offset_deep:.1f} ms | {first_byte:.1f} ms | {total / 1000:.1f} s | "
                     f"{growth:.1f} MiB |")
    return lines


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    except OSError:
        memory = 0
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{model}, {CORES} cores, {memory} GiB, {platform.system()} {platform.release()}, "
            f"{rustc}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="load,build,generate,jobs,lists",
                        help="comma-separated parts to run: load, build, generate, jobs, lists "
                             "(default: all)")
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="also run the load benchmark on this PostgreSQL server "
                             "(default: $BENCH_DATABASE_URL)")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS),
                        help=f"comma-separated endpoints of the load benchmark "
                             f"(default: {','.join(ENDPOINTS)})")
    parser.add_argument("--duration", type=float, default=10, help="seconds per run (10)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (1)")
    parser.add_argument("--items", type=int, default=500, help="items seeded per server (500)")
    parser.add_argument("--example", default="shop", help="example for build times (shop)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 1 round of 2 s, 50 items, 1 generation run")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.rounds, args.items = 2, 1, 50
    parts = set(args.only.split(","))
    unknown = parts - {"load", "build", "generate", "jobs", "lists"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    args.endpoints = args.endpoints.split(",")
    unknown = set(args.endpoints) - set(ENDPOINTS)
    if unknown:
        parser.error(f"unknown endpoint(s): {', '.join(sorted(unknown))}")
    if "load" in parts and shutil.which("wrk") is None:
        sys.exit("bench: wrk is not installed (Debian package `wrk`); bench/run installs it")
    WORK.mkdir(parents=True, exist_ok=True)

    report = [f"Machine: {machine()}", ""]
    failures = []
    scaffold = scaffold_binary()
    if "generate" in parts:
        report += ["### Generation speed", ""] + generation_speed(scaffold, 1 if args.quick else 5)
        report.append("")
    if "load" in parts:
        backends = ["sqlite"] + (["postgres"] if args.postgres else [])
        if not args.postgres:
            log("PostgreSQL: SKIPPED (no --postgres URL or BENCH_DATABASE_URL)")
        binaries = build_servers(scaffold, backends)
        venv = python_env()
        results = load(args, backends, binaries, venv)
        tables, verdicts = load_tables(args, results, backends)
        report += ["### Load", ""] + tables + [""] + verdicts + [""]
        failures += [line for line in verdicts if "errors" in line]
    if "jobs" in parts:
        backends = ["sqlite"] + (["postgres"] if args.postgres else [])
        report += ["### Background jobs", ""] + jobs(args, scaffold, backends) + [""]
    if "lists" in parts:
        backends = ["sqlite"] + (["postgres"] if args.postgres else [])
        report += ["### Deep pages and exports", ""] + lists(args, scaffold, backends) + [""]
    if "build" in parts:
        report += ["### Build times", ""] + build_times(scaffold, args.example) + [""]
    text = "\n".join(report)
    (WORK / "results.md").write_text(text + "\n")
    print(text)
    if failures:
        sys.exit("bench: the generated server answered with errors (see above)")


if __name__ == "__main__":
    main()
