//! Crash recovery, written into a generated project by the generator's own tests: tasks of a job
//! that records its effect, run by worker processes of which one is killed with SIGKILL (and
//! started again) every 2 seconds. Every task must end `succeeded`, every effect recorded once.
//!
//! `CRASH_DATABASE_URL` names an empty database, `CRASH_WORKERS` the number of worker processes.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::Row;

use CRATE::db::{self, Pool};
use CRATE::jobs::Enqueue;
use CRATE::jobs::record::{self, RecordArgs};

/// How many tasks are queued.
const TASKS: i64 = 1000;
/// How long all of them may take, killed workers included.
const DEADLINE: Duration = Duration::from_secs(180);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_task_succeeds_and_records_its_effect_once_while_workers_are_killed() {
    let url = std::env::var("CRASH_DATABASE_URL").expect("set CRASH_DATABASE_URL");
    let workers: usize = std::env::var("CRASH_WORKERS")
        .ok()
        .and_then(|count| count.parse().ok())
        .unwrap_or(3);
    let pool = db::connect(&url).await.expect("the database");
    db::migrate(&pool).await.expect("migrations apply");
    let mut conn = pool.acquire().await.expect("a connection");
    for key in 0..TASKS {
        let args = RecordArgs {
            key: i32::try_from(key).expect("small"),
        };
        record::enqueue(&mut conn, &args, Enqueue::default())
            .await
            .expect("queued");
    }
    drop(conn);

    let start = Instant::now();
    let spawn = || -> Child {
        Command::new(env!("CARGO_BIN_EXE_BINARY"))
            .arg("worker")
            .env("DATABASE_URL", &url)
            .env("WORKER_CONCURRENCY", "4")
            .env("WORKER_LEASE_SECS", "1")
            .env("WORKER_POLL_MS", "20")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a worker starts")
    };
    let mut children: Vec<Child> = (0..workers).map(|_| spawn()).collect();
    let mut kills = 0;
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        if count(&pool, "\"status\" = 'succeeded'").await == TASKS {
            break;
        }
        assert!(
            start.elapsed() < DEADLINE,
            "not done within {DEADLINE:?}: {} of {TASKS} succeeded",
            count(&pool, "\"status\" = 'succeeded'").await
        );
        let victim = kills % workers;
        // `kill` sends SIGKILL: the worker gets no chance to hand its tasks back.
        children[victim].kill().expect("killed");
        children[victim].wait().expect("reaped");
        children[victim] = spawn();
        kills += 1;
    }
    let elapsed = start.elapsed();
    for child in &mut children {
        child.kill().expect("killed");
        child.wait().expect("reaped");
    }

    assert_eq!(count(&pool, "\"status\" <> 'succeeded'").await, 0);
    let effects: i64 = sqlx::query_scalar(r#"SELECT COUNT(DISTINCT "key") FROM "effects""#)
        .fetch_one(&pool)
        .await
        .expect("counted");
    let rows: i64 = sqlx::query_scalar(r#"SELECT COUNT(*) FROM "effects""#)
        .fetch_one(&pool)
        .await
        .expect("counted");
    assert_eq!((effects, rows), (TASKS, TASKS), "each effect exactly once");
    let rerun = count(&pool, "\"attempts\" > 1").await;
    let repeated = sqlx::query(
        // `{"recorded":0}` on SQLite, `{"recorded": 0}` on PostgreSQL.
        r#"SELECT COUNT(*) AS "n" FROM "tasks" WHERE CAST("result" AS TEXT) LIKE '%"recorded":%0}'"#,
    )
    .fetch_one(&pool)
    .await
    .expect("counted")
    .try_get::<i64, _>("n")
    .expect("a count");
    assert!(kills > 0, "no worker was killed: the run was too short");
    assert!(rerun > 0, "no task ran twice: the kills hit no running task");
    println!(
        "crash: {TASKS} tasks, {workers} workers, {kills} SIGKILLs, {rerun} tasks run again \
         ({repeated} found their effect already recorded), all succeeded in {:.1} s",
        elapsed.as_secs_f64()
    );
}

async fn count(pool: &Pool, condition: &str) -> i64 {
    let sql = format!(r#"SELECT COUNT(*) FROM "tasks" WHERE {condition}"#);
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(pool)
        .await
        .expect("counted")
}
