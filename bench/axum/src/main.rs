//! The benchmarked endpoints written by hand, as lean as a correct axum + sqlx server gets, with
//! the middleware, pool and password hashing of a generated server: the limit the generated server
//! is measured against. A request checks its token alone (no database lookup: a deactivated user
//! keeps access until the token expires) and runs one query.
//!
//! Environment: `DATABASE_URL` (SQLite by default, PostgreSQL when built with `--features
//! postgres`), `PORT`, `SECRET_KEY`, `RUST_LOG`.

use std::net::SocketAddr;
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, QueryBuilder, Row};
use tokio::sync::oneshot;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use uuid::Uuid;

#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
mod db {
    use std::str::FromStr;

    use super::*;
    use sqlx::sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
    };

    pub type Pool = sqlx::SqlitePool;
    pub type Db = sqlx::Sqlite;
    pub type DbRow = sqlx::sqlite::SqliteRow;

    pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS "users" (
    "id" BLOB PRIMARY KEY NOT NULL,
    "email" TEXT NOT NULL UNIQUE,
    "hashed_password" TEXT NOT NULL,
    "full_name" TEXT,
    "role" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
CREATE TABLE IF NOT EXISTS "categories" (
    "id" BLOB PRIMARY KEY NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
CREATE TABLE IF NOT EXISTS "items" (
    "id" BLOB PRIMARY KEY NOT NULL,
    "title" TEXT NOT NULL,
    "price" REAL NOT NULL,
    "in_stock" BOOLEAN NOT NULL,
    "category_id" BLOB REFERENCES "categories" ("id") ON DELETE RESTRICT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);
CREATE INDEX IF NOT EXISTS "items_price_id_idx" ON "items" ("price", "id");
CREATE INDEX IF NOT EXISTS "items_in_stock_idx" ON "items" ("in_stock");
CREATE INDEX IF NOT EXISTS "items_category_id_idx" ON "items" ("category_id");
CREATE VIRTUAL TABLE IF NOT EXISTS "items__search"
    USING fts5("title", content='items', content_rowid='rowid');
CREATE TRIGGER IF NOT EXISTS "items__search_insert" AFTER INSERT ON "items" BEGIN
    INSERT INTO "items__search" (rowid, "title") VALUES (new.rowid, new."title");
END;
CREATE TRIGGER IF NOT EXISTS "items__search_delete" AFTER DELETE ON "items" BEGIN
    INSERT INTO "items__search" ("items__search", rowid, "title")
        VALUES ('delete', old.rowid, old."title");
END;
CREATE TRIGGER IF NOT EXISTS "items__search_update" AFTER UPDATE OF "title" ON "items" BEGIN
    INSERT INTO "items__search" ("items__search", rowid, "title")
        VALUES ('delete', old.rowid, old."title");
    INSERT INTO "items__search" (rowid, "title") VALUES (new.rowid, new."title");
END;"#;

    /// `FROM "items"`, joined with the rows whose title holds every word of `phrase`, ranked.
    pub const SEARCH_FROM: &str = r#" FROM "items" JOIN (SELECT rowid AS "_hit", rank AS "_rank" FROM "items__search" WHERE "items__search" MATCH "#;
    pub const SEARCH_JOIN: &str = r#") AS "_hits" ON "_hits"."_hit" = "items".rowid"#;
    pub const SEARCH_RANK: &str = r#""_hits"."_rank""#;

    /// Each word quoted, so that nothing in it reads as FTS5 syntax.
    pub fn search_phrase(words: &[&str]) -> String {
        words
            .iter()
            .map(|word| format!("\"{word}\""))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .pragma("optimize", "0x10002")
            .optimize_on_close(true, None);
        SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
    }
}

#[cfg(feature = "postgres")]
mod db {
    pub type Pool = sqlx::PgPool;
    pub type Db = sqlx::Postgres;
    pub type DbRow = sqlx::postgres::PgRow;

    pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS "users" (
    "id" UUID PRIMARY KEY,
    "email" TEXT NOT NULL UNIQUE,
    "hashed_password" TEXT NOT NULL,
    "full_name" TEXT,
    "role" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "categories" (
    "id" UUID PRIMARY KEY,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "items" (
    "id" UUID PRIMARY KEY,
    "title" TEXT NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "in_stock" BOOLEAN NOT NULL,
    "category_id" UUID REFERENCES "categories" ("id") ON DELETE RESTRICT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "_search" tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("title", ''))) STORED
);
CREATE INDEX IF NOT EXISTS "items_price_id_idx" ON "items" ("price", "id");
CREATE INDEX IF NOT EXISTS "items_in_stock_idx" ON "items" ("in_stock");
CREATE INDEX IF NOT EXISTS "items_category_id_idx" ON "items" ("category_id");
CREATE INDEX IF NOT EXISTS "items__search_idx" ON "items" USING GIN ("_search");"#;

    /// `FROM "items"`, joined with the rows whose title holds every word of `phrase`.
    pub const SEARCH_FROM: &str = r#" FROM "items" JOIN plainto_tsquery('simple', "#;
    pub const SEARCH_JOIN: &str = r#") AS "_query" ON "_search" @@ "_query""#;
    pub const SEARCH_RANK: &str = r#"ts_rank("_search", "_query") DESC"#;

    pub fn search_phrase(words: &[&str]) -> String {
        words.join(" ")
    }

    pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
        sqlx::postgres::PgPoolOptions::new()
            .max_connections(10)
            .connect(url)
            .await
    }
}

use db::{Db, DbRow, Pool};

#[derive(Clone)]
struct AppState {
    pool: Pool,
    secret: Arc<str>,
}

// ---- errors ---------------------------------------------------------------------------------

enum ApiError {
    Unauthorized,
    NotFound,
    Conflict,
    Invalid(&'static str),
    Internal,
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::Database(error) if error.is_unique_violation() => ApiError::Conflict,
            _ => ApiError::Internal,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, detail) = match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "Could not validate credentials"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "Item not found"),
            ApiError::Conflict => (StatusCode::CONFLICT, "Already exists"),
            ApiError::Invalid(detail) => (StatusCode::UNPROCESSABLE_ENTITY, detail),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "Internal server error"),
        };
        let mut response = (status, Json(serde_json::json!({ "detail": detail }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

// ---- rows and bodies ------------------------------------------------------------------------

struct User {
    id: Uuid,
    email: String,
    hashed_password: String,
    full_name: Option<String>,
    role: String,
    is_active: bool,
    created_at: DateTime<Utc>,
}

impl FromRow<'_, DbRow> for User {
    fn from_row(row: &DbRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            hashed_password: row.try_get("hashed_password")?,
            full_name: row.try_get("full_name")?,
            role: row.try_get("role")?,
            is_active: row.try_get("is_active")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

#[derive(Serialize)]
struct Item {
    id: Uuid,
    title: String,
    price: f64,
    in_stock: bool,
    category_id: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl FromRow<'_, DbRow> for Item {
    fn from_row(row: &DbRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get("id")?,
            title: row.try_get("title")?,
            price: row.try_get("price")?,
            in_stock: row.try_get("in_stock")?,
            category_id: row.try_get("category_id")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

#[derive(Deserialize)]
struct ItemCreate {
    title: String,
    price: f64,
    #[serde(default = "yes")]
    in_stock: bool,
    #[serde(default)]
    category_id: Option<Uuid>,
}

#[derive(Clone, Serialize)]
struct Category {
    id: Uuid,
    name: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl FromRow<'_, DbRow> for Category {
    fn from_row(row: &DbRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

#[derive(Deserialize)]
struct CategoryCreate {
    name: String,
}

/// An item with its category embedded (`?include=category`).
#[derive(Serialize)]
struct ItemDetail {
    #[serde(flatten)]
    item: Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<Option<Category>>,
}

fn yes() -> bool {
    true
}

#[derive(Serialize)]
struct ItemList {
    items: Vec<ItemDetail>,
    total: i64,
    limit: i64,
    offset: i64,
}

/// A list's query: its page, the filters (`in_stock`, `price__gte`), the order (`price` or
/// `-price`), the search (`q`) and the include (`category`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    #[serde(default = "twenty")]
    limit: i64,
    #[serde(default)]
    offset: i64,
    in_stock: Option<bool>,
    #[serde(rename = "price__gte")]
    price_gte: Option<f64>,
    order_by: Option<String>,
    q: Option<String>,
    include: Option<String>,
}

fn twenty() -> i64 {
    20
}

#[derive(Deserialize)]
struct Register {
    email: String,
    password: String,
    full_name: Option<String>,
}

#[derive(Serialize)]
struct UserRead {
    id: Uuid,
    email: String,
    full_name: Option<String>,
    role: String,
    is_active: bool,
    created_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct Login {
    username: String,
    password: String,
}

#[derive(Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    iat: i64,
    exp: i64,
}

macro_rules! item_columns {
    () => {
        r#""id", "title", "price", "in_stock", "category_id", "created_at", "updated_at""#
    };
}
const USER_COLUMNS: &str =
    r#""id", "email", "hashed_password", "full_name", "role", "is_active", "created_at""#;

// ---- password hashing: on threads of its own, one per core ----------------------------------

type Job = Box<dyn FnOnce() + Send>;

static HASHING: LazyLock<mpsc::Sender<Job>> = LazyLock::new(|| {
    let (sender, receiver) = mpsc::channel::<Job>();
    let receiver = Arc::new(Mutex::new(receiver));
    for _ in 0..std::thread::available_parallelism().map_or(2, |cores| cores.get()) {
        let receiver = Arc::clone(&receiver);
        std::thread::spawn(move || {
            loop {
                let job = match receiver.lock() {
                    Ok(queue) => queue.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            }
        });
    }
    sender
});

static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"not a real password")
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (done, result) = oneshot::channel();
    HASHING
        .send(Box::new(move || {
            if !done.is_closed() {
                let _ = done.send(work());
            }
        }))
        .map_err(|_| ApiError::Internal)?;
    result.await.map_err(|_| ApiError::Internal)
}

// ---- the signed-in user ---------------------------------------------------------------------

/// The token's user, trusted from the signature and expiry alone.
struct CurrentUser(#[allow(dead_code)] Uuid);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        validation.leeway = 0;
        let claims = jsonwebtoken::decode::<Claims>(
            token,
            &DecodingKey::from_secret(state.secret.as_bytes()),
            &validation,
        )
        .map_err(|_| ApiError::Unauthorized)?
        .claims;
        Ok(CurrentUser(claims.sub))
    }
}

// ---- handlers -------------------------------------------------------------------------------

async fn register(
    State(state): State<AppState>,
    Json(input): Json<Register>,
) -> Result<(StatusCode, Json<UserRead>), ApiError> {
    if !input.email.contains('@') || input.password.len() < 8 {
        return Err(ApiError::Invalid("invalid email or password"));
    }
    let password = input.password;
    let hashed = hashing(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await?
    .map_err(|_| ApiError::Internal)?;
    let now = Utc::now();
    let sql = format!(
        r#"INSERT INTO "users" ({USER_COLUMNS}, "updated_at") VALUES ($1, $2, $3, $4, 'user', TRUE, $5, $5) RETURNING {USER_COLUMNS}"#
    );
    let user = sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql))
        .bind(Uuid::now_v7())
        .bind(input.email.to_lowercase())
        .bind(hashed)
        .bind(input.full_name)
        .bind(now)
        .fetch_one(&state.pool)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UserRead {
            id: user.id,
            email: user.email,
            full_name: user.full_name,
            role: user.role,
            is_active: user.is_active,
            created_at: user.created_at,
        }),
    ))
}

async fn login(
    State(state): State<AppState>,
    Form(form): Form<Login>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let sql = format!(r#"SELECT {USER_COLUMNS} FROM "users" WHERE "email" = $1"#);
    let user = sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(sql))
        .bind(form.username.to_lowercase())
        .fetch_optional(&state.pool)
        .await?;
    let hash = user.as_ref().map(|user| user.hashed_password.clone());
    let password = form.password;
    let verified = hashing(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        known
            && Argon2::default()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok()
    })
    .await?;
    let user = match user {
        Some(user) if verified && user.is_active => user,
        _ => return Err(ApiError::Unauthorized),
    };
    let now = Utc::now().timestamp();
    let claims = Claims {
        sub: user.id,
        iat: now,
        exp: now + 30 * 60,
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(state.secret.as_bytes()),
    )
    .map_err(|_| ApiError::Internal)?;
    Ok(Json(serde_json::json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": 30 * 60,
    })))
}

async fn list_items(
    State(state): State<AppState>,
    _user: CurrentUser,
    Query(page): Query<Page>,
) -> Result<Json<ItemList>, ApiError> {
    if !(1..=100).contains(&page.limit) || page.offset < 0 {
        return Err(ApiError::Invalid("invalid pagination"));
    }
    let descending = match page.order_by.as_deref() {
        None => None,
        Some("price") => Some(false),
        Some("-price") => Some(true),
        Some(_) => return Err(ApiError::Invalid("invalid order_by")),
    };
    let include = match page.include.as_deref() {
        None => false,
        Some("category") => true,
        Some(_) => return Err(ApiError::Invalid("invalid include")),
    };
    let words: Vec<&str> = page
        .q
        .as_deref()
        .unwrap_or_default()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    // The total rides on every row of the page: one query. An empty page past the end carries
    // none, and only then is there a second.
    let from_where = |sql: &mut QueryBuilder<Db>| {
        if words.is_empty() {
            sql.push(r#" FROM "items""#);
        } else {
            sql.push(db::SEARCH_FROM)
                .push_bind(db::search_phrase(&words))
                .push(db::SEARCH_JOIN);
        }
        let mut glue = " WHERE ";
        if let Some(in_stock) = page.in_stock {
            sql.push(glue).push(r#""in_stock" = "#).push_bind(in_stock);
            glue = " AND ";
        }
        if let Some(price) = page.price_gte {
            sql.push(glue).push(r#""price" >= "#).push_bind(price);
        }
    };
    let mut sql =
        QueryBuilder::<Db>::new(concat!("SELECT ", item_columns!(), ", (SELECT COUNT(*)"));
    from_where(&mut sql);
    sql.push(r#") AS "_total""#);
    from_where(&mut sql);
    sql.push(" ORDER BY ");
    match descending {
        Some(true) => sql.push(r#""price" DESC, "id" DESC"#),
        Some(false) => sql.push(r#""price", "id""#),
        None if !words.is_empty() => sql.push(db::SEARCH_RANK).push(r#", "id""#),
        None => sql.push(r#""id""#),
    };
    sql.push(" LIMIT ").push_bind(page.limit);
    sql.push(" OFFSET ").push_bind(page.offset);
    let rows = sql.build().fetch_all(&state.pool).await?;
    let total: i64 = match rows.first() {
        Some(row) => row.try_get("_total")?,
        None if page.offset == 0 => 0,
        None => {
            let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*)");
            from_where(&mut count);
            count.build_query_scalar().fetch_one(&state.pool).await?
        }
    };
    let items = rows
        .iter()
        .map(Item::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    // One query for the categories of the whole page.
    let mut categories = Vec::new();
    let mut ids: Vec<Uuid> = items.iter().filter_map(|item| item.category_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if include && !ids.is_empty() {
        let mut sql = QueryBuilder::<Db>::new(
            r#"SELECT "id", "name", "created_at", "updated_at" FROM "categories" WHERE "id" IN ("#,
        );
        let mut list = sql.separated(", ");
        for id in ids {
            list.push_bind(id);
        }
        sql.push(")");
        categories = sql
            .build_query_as::<Category>()
            .fetch_all(&state.pool)
            .await?;
    }
    let items = items
        .into_iter()
        .map(|item| {
            let category = include.then(|| {
                categories
                    .iter()
                    .find(|category| Some(category.id) == item.category_id)
                    .cloned()
            });
            ItemDetail { item, category }
        })
        .collect();
    Ok(Json(ItemList {
        items,
        total,
        limit: page.limit,
        offset: page.offset,
    }))
}

async fn create_category(
    State(state): State<AppState>,
    _user: CurrentUser,
    Json(input): Json<CategoryCreate>,
) -> Result<Response, ApiError> {
    if input.name.is_empty() || input.name.chars().count() > 80 {
        return Err(ApiError::Invalid("invalid category"));
    }
    let now = Utc::now();
    let category = sqlx::query_as::<_, Category>(
        r#"INSERT INTO "categories" ("id", "name", "created_at", "updated_at") VALUES ($1, $2, $3, $3) RETURNING "id", "name", "created_at", "updated_at""#,
    )
    .bind(Uuid::now_v7())
    .bind(input.name)
    .bind(now)
    .fetch_one(&state.pool)
    .await?;
    Ok((StatusCode::CREATED, Json(category)).into_response())
}

async fn create_item(
    State(state): State<AppState>,
    _user: CurrentUser,
    Json(input): Json<ItemCreate>,
) -> Result<Response, ApiError> {
    if input.title.is_empty() || input.title.chars().count() > 200 || input.price < 0.0 {
        return Err(ApiError::Invalid("invalid item"));
    }
    let now = Utc::now();
    let item = sqlx::query_as::<_, Item>(concat!(
        r#"INSERT INTO "items" ("#,
        item_columns!(),
        r#") VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING "#,
        item_columns!()
    ))
    .bind(Uuid::now_v7())
    .bind(input.title)
    .bind(input.price)
    .bind(input.in_stock)
    .bind(input.category_id)
    .bind(now)
    .fetch_one(&state.pool)
    .await?;
    let location = format!("/api/v1/items/{}", item.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(item),
    )
        .into_response())
}

async fn read_item(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Item>, ApiError> {
    sqlx::query_as::<_, Item>(concat!(
        "SELECT ",
        item_columns!(),
        r#" FROM "items" WHERE "id" = $1"#
    ))
    .bind(id)
    .fetch_optional(&state.pool)
    .await?
    .map(Json)
    .ok_or(ApiError::NotFound)
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

// ---- the server -----------------------------------------------------------------------------

fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/register", post(register))
        .route("/auth/token", post(login))
        .route("/categories", post(create_category))
        .route("/items", get(list_items).post(create_item))
        .route("/items/{id}", get(read_item));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list([]))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-requested-with"),
        ]);
    Router::new()
        .nest("/api/v1", api)
        .route("/health", get(health))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(cors)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let log_filter = match std::env::var("RUST_LOG") {
        Ok(directives) => directives.parse::<Targets>()?,
        Err(_) => Targets::new().with_default(LevelFilter::WARN),
    };
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer())
        .with(log_filter)
        .init();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://bench-axum.db".into());
    let port: u16 = std::env::var("PORT").map_or(Ok(8000), |port| port.parse())?;
    let secret: Arc<str> = std::env::var("SECRET_KEY")
        .map_err(|_| "SECRET_KEY must be set")?
        .into();
    let pool = db::connect(&url).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(db::SCHEMA))
        .execute(&pool)
        .await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(
        listener,
        app(AppState { pool, secret }).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
