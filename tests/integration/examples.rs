//! End to end: every spec in `examples/` is generated, then the generated project is checked the
//! way its users will check it: `cargo fmt --check`, `cargo clippy -D warnings` (which also proves
//! it builds without warnings) and its own `cargo test`.
//!
//! Generated projects share one target directory (`target/generated`) so that their dependencies
//! compile once. PostgreSQL examples need a server: they run when `DATABASE_URL` names one and
//! are skipped, with a message, otherwise.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cargo <args>` in `dir`, failing the test with its output when it fails.
fn cargo(dir: &Path, args: &[&str], database_url: Option<&str>) {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo().join("target/generated"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    match database_url {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `scaffold new <dir> <args>` into a fresh `dir`.
fn generate(dir: &Path, args: &[&str]) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("clean the previous output");
    }
    let status = Command::new(env!("CARGO_BIN_EXE_scaffold"))
        .arg("new")
        .arg(dir)
        .args(args)
        .arg("--quiet")
        .status()
        .expect("scaffold runs");
    assert!(
        status.success(),
        "scaffold new {} {args:?} failed",
        dir.display()
    );
}

/// What users check: formatting, lints with warnings denied (which also builds), and the tests.
fn verify(dir: &Path, database_url: Option<&str>) {
    cargo(dir, &["fmt", "--check"], None);
    cargo(
        dir,
        &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
        database_url,
    );
    cargo(dir, &["test", "--quiet"], database_url);
}

fn check_example(name: &str) {
    check_spec(name, &repo().join("examples").join(format!("{name}.toml")));
}

/// Generates the project of `spec` into `target/examples/<name>` and checks it like an example.
fn check_spec(name: &str, spec: &Path) {
    let source = std::fs::read_to_string(spec).expect("example spec");
    let postgres = source.contains("backend = \"postgres\"");
    let database_url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"));
    if postgres && database_url.is_none() {
        // Written straight to stderr so that it shows even though the test passes.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED example `{name}`: it needs PostgreSQL; set DATABASE_URL=postgres://... to run it"
        );
        return;
    }

    let dir = repo().join("target/examples").join(name);
    generate(&dir, &["--spec", spec.to_str().expect("utf-8 path")]);
    verify(
        &dir,
        if postgres {
            database_url.as_deref()
        } else {
            None
        },
    );
}

#[test]
fn shop_on_sqlite() {
    check_example("shop");
}

#[test]
fn blog_with_roles_and_ownership_on_sqlite() {
    check_example("blog");
}

#[test]
fn awkward_names_on_sqlite() {
    check_example("awkward");
}

#[test]
fn very_long_names_on_sqlite() {
    check_spec(
        "long_names",
        &repo().join("tests/integration/specs/long_names.toml"),
    );
}

#[test]
fn inventory_on_postgres() {
    check_example("inventory_pg");
}

#[test]
fn awkward_names_on_postgres() {
    check_example("awkward_pg");
}

/// Each preset, generated as `scaffold new x --preset NAME --yes` would, then formatted, linted
/// and tested like the examples.
/// Each preset in a directory (and so a crate) of its own name: the `shop` preset and the `shop`
/// example share the target directory, where two crates of one name would share the output of
/// their build scripts.
fn check_preset(name: &str) {
    let dir = repo()
        .join("target/examples")
        .join(format!("preset_{name}"));
    generate(&dir, &["--preset", name, "--yes"]);
    verify(&dir, None);
}

#[test]
fn preset_minimal() {
    check_preset("minimal");
}

#[test]
fn preset_blog() {
    check_preset("blog");
}

#[test]
fn preset_shop() {
    check_preset("shop");
}

#[test]
fn preset_saas() {
    check_preset("saas");
}

#[test]
fn the_default_project_builds_and_passes_its_tests() {
    let dir = repo().join("target/examples/default/myapi");
    generate(&dir, &[]);
    cargo(&dir, &["test", "--quiet"], None);
}

/// new → hand edits → `add resource` → `add field` (a many-to-many one too) → a changed field →
/// `generate`, then the project must still be formatted, lint-clean and pass its tests (the new
/// resource's included).
fn check_evolved(backend: &str) {
    let database_url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"));
    if backend == "postgres" && database_url.is_none() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED evolved project on postgres: set DATABASE_URL=postgres://... to run it"
        );
        return;
    }
    let dir = repo()
        .join("target/examples")
        .join(format!("evolved_{backend}"));
    let scaffold = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_scaffold"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "scaffold {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    generate(&dir, &["--db", backend]);

    let edit = |path: &str, from: &str, to: &str| {
        let file = dir.join(path);
        let text = std::fs::read_to_string(&file).expect("generated file");
        assert!(text.contains(from), "{path} has no `{from}`");
        std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
    };
    edit(
        "src/api/v1/endpoints/item.rs",
        "//! `",
        "//! Edited by hand.\n//! `",
    );
    edit(
        "src/schemas/item.rs",
        "/// An item as the API returns it.",
        "/// An item as the API returns it (edited).",
    );
    edit("README.md", "\n\n", "\n\nOur own introduction.\n\n");
    // Search comes in a migration of its own, and stays through the rebuild of the table that
    // the changed `price` makes on SQLite.
    edit(
        "scaffold.toml",
        "fields.is_available = { type = \"bool\", default = true }\n",
        "fields.is_available = { type = \"bool\", default = true }\nsearch = [\"title\", \"description\"]\n",
    );

    scaffold(&[
        "add",
        "resource",
        "tag",
        "name:string:unique",
        "color:enum:red|green:default=red",
        "-q",
    ]);
    scaffold(&[
        "add",
        "field",
        "item",
        "tag:ref:tag?",
        "stock:int:min=0:default=0",
        "opens:time:default=08:30",
        "-q",
    ]);
    // A many-to-many relation added later: its join table comes in a migration of its own.
    scaffold(&["add", "field", "item", "tags:many:tag", "-q"]);
    edit(
        "scaffold.toml",
        "fields.price = { type = \"decimal\", precision = 10, scale = 2, min = 0, example = \"9.50\" }",
        "fields.price = { type = \"decimal\", precision = 12, scale = 2, min = 0, example = \"9.50\", optional = true }",
    );
    edit(
        "scaffold.toml",
        "[auth]\n",
        "[auth]\nroles = [\"admin\", \"editor\", \"user\"]\n",
    );
    // A migration of the user's own, as `sqlx migrate add` would name it: it must run too
    // (the project's own test counts the applied migrations against the files).
    std::fs::write(
        dir.join("migrations/20260101000000_index_item_titles.sql"),
        "CREATE INDEX \"items_title_by_hand_idx\" ON \"items\" (\"title\");\n",
    )
    .expect("write a migration");
    scaffold(&["add", "resource", "note", "--owned", "body:text", "-q"]);
    scaffold(&["generate", "-q"]);

    let read = |path: &str| std::fs::read_to_string(dir.join(path)).expect("file");
    assert!(read("src/api/v1/endpoints/item.rs").contains("//! Edited by hand."));
    assert!(read("src/schemas/item.rs").contains("(edited)"));
    assert!(read("src/schemas/item.rs").contains("pub price: Option<Decimal>"));
    assert!(read("src/schemas/item.rs").contains("pub opens: NaiveTime"));
    assert!(read("README.md").contains("Our own introduction."));

    verify(
        &dir,
        database_url.as_deref().filter(|_| backend == "postgres"),
    );
}

#[test]
fn an_evolved_project_on_sqlite_builds_and_passes_its_tests() {
    check_evolved("sqlite");
}

#[test]
fn an_evolved_project_on_postgres_builds_and_passes_its_tests() {
    check_evolved("postgres");
}

/// The spec of the crash test's project: a job that records its effect in `effects`, at most
/// once per key.
const CRASH_SPEC: &str = r#"[project]
name = "NAME"

[database]
backend = "BACKEND"

[auth]
enabled = false

[resources.effect]
fields.key = { type = "int", unique = true }

[jobs.record]
access = "none"
args.key = "int"
max_attempts = 100
timeout_secs = 30
"#;

/// The body of `record`'s `perform`, as its user would write it: idempotent.
const CRASH_PERFORM: &str = r##"    let inserted = sqlx::query(concat!(
        r#"INSERT INTO "effects" ("id", "key", "created_at", "updated_at")"#,
        r#" VALUES ($1, $2, $3, $3) ON CONFLICT ("key") DO NOTHING"#
    ))
    .bind(uuid::Uuid::now_v7())
    .bind(args.key)
    .bind(chrono::Utc::now())
    .execute(&ctx.pool)
    .await?;
    // The rest of the work: long enough for the kills to hit tasks whose effect is recorded.
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    Ok(json!({ "recorded": inserted.rows_affected() }))"##;

/// Crash recovery: `tests/integration/crash/crash.rs`, written into a project generated from
/// [`CRASH_SPEC`], run with `workers` worker processes of which one is SIGKILLed every 2 s.
fn check_crash_recovery(backend: &str, workers: usize, database_url: &str) {
    let name = format!("crash-{backend}");
    let dir = repo().join("target/examples").join(&name);
    let spec_dir = tempfile::tempdir().expect("a temporary directory");
    let spec = spec_dir.path().join("scaffold.toml");
    let source = CRASH_SPEC
        .replace("NAME", &name)
        .replace("BACKEND", backend);
    std::fs::write(&spec, source).expect("spec written");
    generate(&dir, &["--spec", spec.to_str().expect("utf-8 path")]);

    let job = dir.join("src/jobs/record.rs");
    let text = std::fs::read_to_string(&job).expect("the job");
    let placeholder = "    Ok(json!({ \"done\": NAME }))";
    assert!(text.contains(placeholder), "{text}");
    std::fs::write(&job, text.replace(placeholder, CRASH_PERFORM)).expect("job written");
    let crate_name = name.replace('-', "_");
    let test = std::fs::read_to_string(repo().join("tests/integration/crash/crash.rs"))
        .expect("the crash test")
        .replace("CRATE", &crate_name)
        .replace("CARGO_BIN_EXE_BINARY", &format!("CARGO_BIN_EXE_{name}"));
    std::fs::write(dir.join("tests/crash.rs"), test).expect("test written");

    let output = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--test", "crash", "--", "--nocapture"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", repo().join("target/generated"))
        .env("CRASH_DATABASE_URL", database_url)
        .env("CRASH_WORKERS", workers.to_string())
        .env_remove("DATABASE_URL")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the crash test failed in {}:\n{stdout}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    // The figures, shown even though the test passes.
    for line in stdout.lines().filter(|line| line.starts_with("crash:")) {
        let _ = writeln!(std::io::stderr(), "{backend}: {line}");
    }
}

#[test]
fn crash_recovery_on_postgres() {
    let Some(url) = std::env::var("DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
    else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED the crash test on PostgreSQL: set DATABASE_URL=postgres://... to run it"
        );
        return;
    };
    let database = "crash_recovery";
    let status = Command::new("psql")
        .arg(&url)
        .args([
            "-q",
            "-o",
            "/dev/null",
            "-c",
            "SET client_min_messages = warning",
        ])
        .args(["-c", &format!("DROP DATABASE IF EXISTS {database}")])
        .args(["-c", &format!("CREATE DATABASE {database}")])
        .status()
        .expect("psql runs");
    assert!(status.success(), "could not create the database");
    let (server, _) = url.rsplit_once('/').expect("a URL with a database");
    check_crash_recovery("postgres", 3, &format!("{server}/{database}"));
}

#[test]
fn crash_recovery_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    check_crash_recovery("sqlite", 2, &url);
}
