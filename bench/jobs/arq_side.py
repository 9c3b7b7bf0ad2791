"""The arq side of the jobs benchmark, on Redis (database 9, flushed on every run).

`python arq_side.py enqueue N INTERVAL_MS` queues N `noop` jobs from 4 concurrent clients (each
waiting INTERVAL_MS between jobs), waits until a worker has run them all, and prints the figures,
taken from the jobs' own timestamps, as JSON. The worker is `arq arq_side.WorkerSettings`, with
`max_jobs` from ARQ_MAX_JOBS; everything else is arq's default.
"""

import asyncio
import json
import os
import sys

from arq import create_pool
from arq.connections import RedisSettings

REDIS = RedisSettings(host="127.0.0.1", port=6379, database=9)
CLIENTS = 4


async def noop(ctx):
    return None


class WorkerSettings:
    functions = [noop]
    redis_settings = REDIS
    max_jobs = int(os.environ.get("ARQ_MAX_JOBS", "10"))


async def enqueue(count: int, interval_ms: int) -> None:
    redis = await create_pool(REDIS)
    jobs = []

    async def client(tasks: int) -> None:
        for _ in range(tasks):
            jobs.append(await redis.enqueue_job("noop"))
            if interval_ms:
                await asyncio.sleep(interval_ms / 1000)

    await asyncio.gather(*(client(count // CLIENTS + (i < count % CLIENTS)) for i in range(CLIENTS)))
    results = [await job.result_info() for job in jobs]
    while any(result is None for result in results):
        await asyncio.sleep(0.02)
        results = [result or await job.result_info() for job, result in zip(jobs, results)]
    first = min(result.enqueue_time for result in results)
    last = max(result.finish_time for result in results)
    waits = sorted((result.start_time - result.enqueue_time).total_seconds() * 1000
                   for result in results)
    print(json.dumps({"tasks": count, "seconds": (last - first).total_seconds(), "waits_ms": waits}))
    await redis.aclose()


async def flush() -> None:
    redis = await create_pool(REDIS)
    await redis.flushdb()
    await redis.aclose()


if __name__ == "__main__":
    if sys.argv[1] == "flush":
        asyncio.run(flush())
    else:
        asyncio.run(enqueue(int(sys.argv[2]), int(sys.argv[3])))
