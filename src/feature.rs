//! The one table of features: the parts a generated project is made of, each declaring in one
//! place the files it adds, the tables it builds in, the routes and type names it takes, the
//! crates it needs and the fields it adds to `AppState`. The manifest, `Cargo.toml`, `AppState`
//! and the names a spec may not use are all derived from it, so a feature the spec does not turn
//! on adds nothing. A new feature is a new [`Feature`] and its row in [`Feature::info`].

use serde::Serialize;

use crate::model::sql::{Check, Column, ForeignKey, Index, SqlType, Table};
use crate::spec::OnDelete;
use crate::spec::{Auth, Spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feature {
    /// What every project has: settings, database, errors, docs, health.
    Core,
    /// Users, sign-in with JWTs, roles.
    Auth,
    /// The spec's resources: a router, schemas, model, queries and tests each.
    Resources,
    /// Background jobs: the `tasks` queue, its worker, the endpoints that queue and show tasks.
    Jobs,
    /// Resource events: the `events` table every change of a resource with `events = true` is
    /// recorded in, and the WebSocket feed that sends them.
    Events,
    /// The single-use tickets that let a browser open the feed as a signed-in user.
    EventTickets,
}

/// What a spec turns on besides its `[auth]` settings, known before its resources are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Switches {
    /// It has `[jobs]`.
    pub jobs: bool,
    /// Some resource has `events = true`.
    pub events: bool,
}

impl Switches {
    pub(crate) fn of(spec: &Spec) -> Switches {
        Switches {
            jobs: !spec.jobs.is_empty(),
            events: spec.resources.iter().any(|resource| resource.events),
        }
    }
}

/// A field of `AppState`: its name, type, and how `AppState::new` makes it from `pool` and
/// `settings` (laid out as rustfmt prints it there, three levels deep).
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct StateField {
    pub name: &'static str,
    pub ty: &'static str,
    pub init: &'static str,
}

/// A table a feature creates itself, beside the resources' tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuiltinTable {
    pub name: &'static str,
    /// The singular, which no resource may take either.
    pub singular: &'static str,
    /// What needs it, in words: `authentication`.
    pub needed_by: &'static str,
    /// Why a resource cannot take its name, after "is reserved: ".
    pub reserved_because: &'static str,
    /// What to do about a resource that takes its name.
    pub rename_hint: &'static str,
    /// The table for a spec; migrations create it, compare it with the last spec's, or drop it.
    pub schema: fn(&Spec) -> Table,
}

impl BuiltinTable {
    /// Whether a resource called `word` would take this table's name.
    pub(crate) fn is_named(&self, word: &str) -> bool {
        self.name == word || self.singular == word
    }
}

/// What one feature adds to a project.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FeatureInfo {
    /// Files made from the template of the same path plus `.tera` (`src/db.rs`).
    pub files: &'static [&'static str],
    /// Files made once per resource: the path, with `{}` for the resource's file stem, and the
    /// template.
    pub per_resource: &'static [(&'static str, &'static str)],
    /// Files made once per job, as `per_resource`.
    pub per_job: &'static [(&'static str, &'static str)],
    /// Tables it creates itself; no resource may be called after them.
    pub tables: &'static [BuiltinTable],
    /// First path segments it serves; no resource may take them.
    pub routes: &'static [&'static str],
    /// Types its modules define or import; no resource's struct may be named after them.
    pub types: &'static [&'static str],
    /// Lines under `[dependencies]` in `Cargo.toml`.
    pub dependencies: &'static [&'static str],
    /// Lines under `[dependencies]` it needs only when some job has a schedule.
    pub scheduled_dependencies: &'static [&'static str],
    /// Features of the `axum` crate it turns on.
    pub axum_features: &'static [&'static str],
    /// Lines under `[dev-dependencies]`.
    pub dev_dependencies: &'static [&'static str],
    pub state: &'static [StateField],
}

const CORE: FeatureInfo = FeatureInfo {
    files: &[
        "Cargo.toml",
        "README.md",
        ".env.example",
        ".gitignore",
        "build.rs",
        "src/main.rs",
        "src/lib.rs",
        "src/startup.rs",
        "src/config.rs",
        "src/db.rs",
        "src/error.rs",
        "src/api/mod.rs",
        "src/api/docs.rs",
        "src/api/extract.rs",
        "src/api/responses.rs",
        "src/api/v1/mod.rs",
        "src/api/v1/endpoints/mod.rs",
        "src/schemas/mod.rs",
        "src/schemas/validation.rs",
        "src/models/mod.rs",
        "src/crud/mod.rs",
        "tests/api/main.rs",
        "tests/api/helpers.rs",
        "tests/api/health.rs",
        "tests/api/migrations.rs",
        "tests/api/openapi.rs",
    ],
    per_resource: &[],
    per_job: &[],
    tables: &[],
    routes: &["health", "docs", "openapi"],
    types: &[
        "AppError",
        "AppState",
        "Connection",
        "DateTime",
        "Db",
        "DbRow",
        "Deserialize",
        "FromRow",
        "Forbidden",
        "FromStr",
        "InvalidBody",
        "InvalidBodyIdOrReference",
        "InvalidBodyOrId",
        "InvalidBodyOrReference",
        "InvalidId",
        "InvalidPage",
        "Json",
        "JsonBody",
        "LazyLock",
        "NaiveDate",
        "NotFound",
        "NotFoundOrNotYours",
        "NotJson",
        "Page",
        "Pagination",
        "PathId",
        "Pool",
        "Problems",
        "Regex",
        "Row",
        "Serialize",
        "Settings",
        "State",
        "StatusCode",
        "StillReferenced",
        "ToSchema",
        "Unauthenticated",
        "UniqueTaken",
        "UnknownVariant",
        "Utc",
        "Uuid",
        "Validate",
        "Value",
    ],
    // Every project has core's crates: `Cargo.toml`'s template lists them.
    dependencies: &[],
    scheduled_dependencies: &[],
    axum_features: &[],
    dev_dependencies: &[],
    state: &[],
};

const AUTH: FeatureInfo = FeatureInfo {
    files: &[
        "src/api/deps.rs",
        "src/api/v1/endpoints/auth.rs",
        "src/api/v1/endpoints/users.rs",
        "src/schemas/auth.rs",
        "src/schemas/user.rs",
        "src/models/user.rs",
        "src/crud/user.rs",
        "src/security/mod.rs",
        "src/security/hashing.rs",
        "src/security/hs256.rs",
        "src/security/rate_limit.rs",
        "src/security/sessions.rs",
        "tests/api/auth.rs",
        "tests/api/security.rs",
    ],
    per_resource: &[],
    per_job: &[],
    tables: &[BuiltinTable {
        name: "users",
        singular: "user",
        needed_by: "authentication",
        reserved_because: "authentication is enabled, and it already provides the `users` table",
        rename_hint: "pick another name (e.g. `member`), or set `enabled = false` in `[auth]` to define users yourself",
        schema: |spec| users_table(&spec.auth.roles),
    }],
    routes: &["auth"],
    types: &["CurrentUser", "Role", "User"],
    dependencies: &[
        r#"jsonwebtoken = { version = "11", default-features = false }"#,
        r#"hmac = "0.12""#,
        r#"sha2 = "0.10""#,
        r#"argon2 = "0.6""#,
        r#"quick_cache = { version = "0.7", default-features = false }"#,
    ],
    scheduled_dependencies: &[],
    axum_features: &[],
    dev_dependencies: &[],
    state: &[
        StateField {
            name: "login_limiter",
            ty: "Arc<LoginLimiter>",
            // Laid out as rustfmt prints it inside `Self { .. }` in `AppState::new`.
            init: "Arc::new(LoginLimiter::new(
                settings.login_max_failures,
                Duration::from_secs(settings.login_window_secs),
            ))",
        },
        StateField {
            name: "sessions",
            ty: "Arc<Sessions>",
            init: "Arc::new(Sessions::new(Duration::from_secs(settings.auth_cache_secs)))",
        },
    ],
};

const RESOURCES: FeatureInfo = FeatureInfo {
    files: &["src/api/listing.rs", "src/crud/listing.rs"],
    per_resource: &[
        (
            "src/api/v1/endpoints/{}.rs",
            "src/api/v1/endpoints/resource.rs.tera",
        ),
        ("src/schemas/{}.rs", "src/schemas/resource.rs.tera"),
        ("src/models/{}.rs", "src/models/resource.rs.tera"),
        ("src/crud/{}.rs", "src/crud/resource.rs.tera"),
        ("tests/api/{}.rs", "tests/api/resource.rs.tera"),
    ],
    per_job: &[],
    tables: &[],
    routes: &[],
    types: &["Column", "InvalidIdOrPage", "Kind", "ListQuery", "Listed"],
    dependencies: &[],
    scheduled_dependencies: &[],
    axum_features: &[],
    dev_dependencies: &[],
    state: &[],
};

const JOBS: FeatureInfo = FeatureInfo {
    files: &[
        "src/jobs/mod.rs",
        "src/jobs/worker.rs",
        "src/models/task.rs",
        "src/crud/task.rs",
        "src/schemas/task.rs",
        "src/api/v1/endpoints/jobs.rs",
        "src/api/v1/endpoints/tasks.rs",
        "tests/api/jobs.rs",
    ],
    per_resource: &[],
    per_job: &[("src/jobs/{}.rs", "src/jobs/job.rs.tera")],
    tables: &[BuiltinTable {
        name: "tasks",
        singular: "task",
        needed_by: "background jobs",
        reserved_because: "the spec has jobs, which keep their tasks in the `tasks` table",
        rename_hint: "pick another name (e.g. `assignment`), or remove `[jobs]`",
        schema: |spec| tasks_table(spec.auth.enabled),
    }],
    routes: &["jobs", "tasks"],
    types: &[
        "Enqueue",
        "JobContext",
        "JobError",
        "Mode",
        "NewTask",
        "Task",
        "TaskFilter",
        "TaskRead",
        "TaskStatus",
        "UnknownStatus",
        "Worker",
        "WorkerSettings",
    ],
    dependencies: &[r#"fastrand = "2""#],
    scheduled_dependencies: &[r#"cron = { version = "0.17", default-features = false }"#],
    axum_features: &[],
    dev_dependencies: &[],
    state: &[],
};

const EVENTS: FeatureInfo = FeatureInfo {
    files: &[
        "src/events/mod.rs",
        "src/events/feed.rs",
        "src/api/v1/endpoints/ws.rs",
        "tests/api/events.rs",
        "tests/api/ws.rs",
    ],
    per_resource: &[],
    per_job: &[],
    tables: &[BuiltinTable {
        name: "events",
        singular: "event",
        needed_by: "resource events",
        reserved_because: "a resource has `events = true`, and its changes are recorded in the `events` table",
        rename_hint: "pick another name (e.g. `occurrence`), or remove `events = true`",
        schema: |_| events_table(),
    }],
    routes: &["ws"],
    types: &["Change", "Event", "Evented", "Feed", "Readers"],
    dependencies: &[],
    scheduled_dependencies: &[],
    axum_features: &["ws"],
    dev_dependencies: &[r#"futures-util = "0.3""#, r#"tokio-tungstenite = "0.29""#],
    state: &[StateField {
        name: "feed",
        ty: "Arc<Feed>",
        init: "Arc::new(Feed::new(settings.events_buffer))",
    }],
};

const EVENT_TICKETS: FeatureInfo = FeatureInfo {
    files: &["src/events/tickets.rs"],
    per_resource: &[],
    per_job: &[],
    tables: &[BuiltinTable {
        name: "ws_tickets",
        singular: "ws_ticket",
        needed_by: "tickets for the WebSocket feed",
        reserved_because: "a resource has `events = true`, and tickets for the WebSocket feed are kept in the `ws_tickets` table",
        rename_hint: "pick another name",
        schema: |_| tickets_table(),
    }],
    routes: &[],
    types: &[],
    dependencies: &[r#"getrandom = "0.4""#],
    scheduled_dependencies: &[],
    axum_features: &[],
    dev_dependencies: &[],
    state: &[],
};

impl Feature {
    pub(crate) const ALL: [Feature; 6] = [
        Feature::Core,
        Feature::Auth,
        Feature::Resources,
        Feature::Jobs,
        Feature::Events,
        Feature::EventTickets,
    ];

    pub(crate) fn info(self) -> &'static FeatureInfo {
        match self {
            Feature::Core => &CORE,
            Feature::Auth => &AUTH,
            Feature::Resources => &RESOURCES,
            Feature::Jobs => &JOBS,
            Feature::Events => &EVENTS,
            Feature::EventTickets => &EVENT_TICKETS,
        }
    }

    /// Whether a project with these `[auth]` settings and `switches` has this feature
    /// (validation asks before the resources are read).
    pub(crate) fn enabled(self, auth: &Auth, switches: Switches) -> bool {
        match self {
            Feature::Core | Feature::Resources => true,
            Feature::Auth => auth.enabled,
            Feature::Jobs => switches.jobs,
            Feature::Events => switches.events,
            Feature::EventTickets => switches.events && auth.enabled,
        }
    }

    /// The features a project made from `spec` has.
    pub(crate) fn of(spec: &Spec) -> impl Iterator<Item = Feature> + '_ {
        let switches = Switches::of(spec);
        Feature::ALL
            .into_iter()
            .filter(move |feature| feature.enabled(&spec.auth, switches))
    }
}

/// The `users` table, whose `role` accepts exactly `roles`.
fn users_table(roles: &[String]) -> Table {
    let text = |name: &str, nullable| Column::new(name, name, SqlType::Text, nullable);
    Table {
        name: "users".to_owned(),
        comment: "The `users` table: accounts that can sign in. Emails are stored lower-cased."
            .to_owned(),
        columns: vec![
            Column::id(),
            Column {
                unique: true,
                ..text("email", false)
            },
            text("hashed_password", false),
            text("full_name", true),
            Column {
                check: Some(Check::OneOf(roles.to_vec())),
                ..text("role", false)
            },
            Column::new("is_active", "is_active", SqlType::Boolean, false),
            Column::new("created_at", "created_at", SqlType::Timestamp, false),
            Column::new("updated_at", "updated_at", SqlType::Timestamp, false),
        ],
        indexes: Vec::new(),
        search: Vec::new(),
        key: Vec::new(),
        selected: Vec::new(),
    }
}

/// The `tasks` table: the queue of background jobs, and the record of every run.
fn tasks_table(auth: bool) -> Table {
    let column = |name: &str, ty, nullable| Column::new(name, name, ty, nullable);
    let mut columns = vec![
        Column::id(),
        column("job", SqlType::Text, false),
        column("payload", SqlType::Json, false),
    ];
    if auth {
        columns.push(Column {
            references: Some(ForeignKey {
                table: "users".to_owned(),
                on_delete: OnDelete::Cascade,
            }),
            ..column("owner_id", SqlType::Uuid, true)
        });
    }
    columns.extend([
        Column {
            check: Some(Check::OneOf(
                ["queued", "running", "succeeded", "failed", "cancelled"]
                    .map(str::to_owned)
                    .to_vec(),
            )),
            ..column("status", SqlType::Text, false)
        },
        column("attempts", SqlType::Integer, false),
        column("max_attempts", SqlType::Integer, false),
        column("timeout_ms", SqlType::BigInt, false),
        column("run_at", SqlType::Timestamp, false),
        column("created_at", SqlType::Timestamp, false),
        column("started_at", SqlType::Timestamp, true),
        column("finished_at", SqlType::Timestamp, true),
        column("locked_by", SqlType::Text, true),
        column("lease_until", SqlType::Timestamp, true),
        column("error", SqlType::Text, true),
        column("result", SqlType::Json, true),
        column("idempotency_key", SqlType::Text, true),
    ]);
    let index = |columns: &[&str], unique| Index {
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        unique,
    };
    let mut indexes = vec![
        // Claiming the next due tasks, and finding those whose worker stopped.
        index(&["status", "run_at"], false),
        index(&["status", "lease_until"], false),
        // A second enqueue with the same key finds the first task.
        index(&["job", "idempotency_key"], true),
    ];
    if auth {
        indexes.push(index(&["owner_id", "created_at"], false));
    }
    Table {
        name: "tasks".to_owned(),
        comment: "The `tasks` table: background jobs to run, running, and run, with their outcome."
            .to_owned(),
        columns,
        indexes,
        search: Vec::new(),
        key: Vec::new(),
        selected: Vec::new(),
    }
}

/// The `events` table: every change of a resource with `events = true`, in the order of its
/// `id`, which only grows (SQLite's `AUTOINCREMENT` never reuses the id of a pruned row).
fn events_table() -> Table {
    let column = |name: &str, ty, nullable| Column::new(name, name, ty, nullable);
    Table {
        name: "events".to_owned(),
        comment: "The `events` table: each change of a resource that records events, in order."
            .to_owned(),
        columns: vec![
            Column {
                primary_key: true,
                ..column("id", SqlType::Serial, false)
            },
            column("type", SqlType::Text, false),
            column("resource", SqlType::Text, false),
            column("row_id", SqlType::Uuid, false),
            column("owner_id", SqlType::Uuid, true),
            column("data", SqlType::Json, false),
            column("created_at", SqlType::Timestamp, false),
        ],
        // Pruning drops the oldest.
        indexes: vec![Index::on("created_at")],
        search: Vec::new(),
        key: Vec::new(),
        selected: Vec::new(),
    }
}

/// The `ws_tickets` table: single-use tickets to open the WebSocket feed as a user, by the
/// SHA-256 of the ticket (the ticket itself is never stored).
fn tickets_table() -> Table {
    Table {
        name: "ws_tickets".to_owned(),
        comment: "The `ws_tickets` table: unused tickets to open the WebSocket feed, by hash."
            .to_owned(),
        columns: vec![
            Column {
                primary_key: true,
                ..Column::new("hash", "hash", SqlType::Text, false)
            },
            Column {
                references: Some(ForeignKey {
                    table: "users".to_owned(),
                    on_delete: OnDelete::Cascade,
                }),
                ..Column::new("user_id", "user_id", SqlType::Uuid, false)
            },
            Column::new("expires_at", "expires_at", SqlType::Timestamp, false),
        ],
        indexes: vec![Index::on("user_id"), Index::on("expires_at")],
        search: Vec::new(),
        key: Vec::new(),
        selected: Vec::new(),
    }
}
