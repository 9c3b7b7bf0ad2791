//! The generated side of the jobs benchmark, copied into the generated project as `src/bin/`:
//! `enqueue N INTERVAL_MS` clears the queue, queues N `noop` tasks from 4 concurrent clients
//! (each waiting INTERVAL_MS between tasks), waits until a worker has run them all, and prints
//! the figures, taken from the tasks' own timestamps, as JSON.

use std::time::Duration;

use benchjobs::db;
use benchjobs::jobs::Enqueue;
use benchjobs::jobs::noop::{self, NoopArgs};
use chrono::{DateTime, Utc};

const CLIENTS: usize = 4;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args[0].parse().expect("a number of tasks");
    let interval = Duration::from_millis(args[1].parse().expect("an interval in ms"));
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let pool = db::connect(&url).await.expect("the database");
    db::migrate(&pool).await.expect("migrated");
    sqlx::query(r#"DELETE FROM "tasks""#)
        .execute(&pool)
        .await
        .expect("cleared");
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let pool = pool.clone();
        let tasks = count / CLIENTS + usize::from(client < count % CLIENTS);
        clients.push(tokio::spawn(async move {
            for _ in 0..tasks {
                let mut conn = pool.acquire().await.expect("a connection");
                noop::enqueue(&mut conn, &NoopArgs {}, Enqueue::default())
                    .await
                    .expect("queued");
                drop(conn);
                if !interval.is_zero() {
                    tokio::time::sleep(interval).await;
                }
            }
        }));
    }
    for client in clients {
        client.await.expect("the client finished");
    }
    let total = i64::try_from(count).expect("a count");
    loop {
        let done: i64 =
            sqlx::query_scalar(r#"SELECT COUNT(*) FROM "tasks" WHERE "status" = 'succeeded'"#)
                .fetch_one(&pool)
                .await
                .expect("counted");
        if done == total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let rows: Vec<(DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>)> =
        sqlx::query_as(r#"SELECT "created_at", "started_at", "finished_at" FROM "tasks""#)
            .fetch_all(&pool)
            .await
            .expect("read");
    let first = rows.iter().map(|row| row.0).min().expect("tasks");
    let last = rows.iter().filter_map(|row| row.2).max().expect("finished");
    let mut waits: Vec<f64> = rows
        .iter()
        .filter_map(|(created, started, _)| Some((*started.as_ref()? - *created).as_seconds_f64() * 1000.0))
        .collect();
    waits.sort_by(f64::total_cmp);
    let seconds = (last - first).as_seconds_f64();
    println!(
        "{{\"tasks\": {count}, \"seconds\": {seconds}, \"waits_ms\": [{}]}}",
        waits
            .iter()
            .map(f64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
}
