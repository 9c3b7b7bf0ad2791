//! The one table of features: the parts a generated project is made of, each declaring in one
//! place the files it adds, the tables it builds in, the routes and type names it takes, the
//! crates it needs and the fields it adds to `AppState`. The manifest, `Cargo.toml`, `AppState`
//! and the names a spec may not use are all derived from it, so a feature the spec does not turn
//! on adds nothing. A new feature is a new [`Feature`] and its row in [`Feature::info`].

use serde::Serialize;

use crate::model::sql::{Check, Column, SqlType, Table};
use crate::spec::{Auth, Spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feature {
    /// What every project has: settings, database, errors, docs, health.
    Core,
    /// Users, sign-in with JWTs, roles.
    Auth,
    /// The spec's resources: a router, schemas, model, queries and tests each.
    Resources,
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
    /// Tables it creates itself; no resource may be called after them.
    pub tables: &'static [BuiltinTable],
    /// First path segments it serves; no resource may take them.
    pub routes: &'static [&'static str],
    /// Types its modules define or import; no resource's struct may be named after them.
    pub types: &'static [&'static str],
    /// Lines under `[dependencies]` in `Cargo.toml`.
    pub dependencies: &'static [&'static str],
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
    tables: &[BuiltinTable {
        name: "users",
        singular: "user",
        needed_by: "authentication",
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
    files: &[],
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
    tables: &[],
    routes: &[],
    types: &[],
    dependencies: &[],
    state: &[],
};

impl Feature {
    pub(crate) const ALL: [Feature; 3] = [Feature::Core, Feature::Auth, Feature::Resources];

    pub(crate) fn info(self) -> &'static FeatureInfo {
        match self {
            Feature::Core => &CORE,
            Feature::Auth => &AUTH,
            Feature::Resources => &RESOURCES,
        }
    }

    /// Whether a project with these `[auth]` settings has this feature (validation asks before
    /// the resources are read).
    pub(crate) fn enabled(self, auth: &Auth) -> bool {
        match self {
            Feature::Core | Feature::Resources => true,
            Feature::Auth => auth.enabled,
        }
    }

    /// The features a project made from `spec` has.
    pub(crate) fn of(spec: &Spec) -> impl Iterator<Item = Feature> + '_ {
        Feature::ALL
            .into_iter()
            .filter(move |feature| feature.enabled(&spec.auth))
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
    }
}
