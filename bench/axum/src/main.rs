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
use sqlx::{FromRow, Row};
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
CREATE TABLE IF NOT EXISTS "items" (
    "id" BLOB PRIMARY KEY NOT NULL,
    "title" TEXT NOT NULL,
    "price" REAL NOT NULL,
    "in_stock" BOOLEAN NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);"#;

    pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
    }
}

#[cfg(feature = "postgres")]
mod db {
    pub type Pool = sqlx::PgPool;
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
CREATE TABLE IF NOT EXISTS "items" (
    "id" UUID PRIMARY KEY,
    "title" TEXT NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "in_stock" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);"#;

    pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
        sqlx::postgres::PgPoolOptions::new()
            .max_connections(10)
            .connect(url)
            .await
    }
}

use db::{DbRow, Pool};

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
}

fn yes() -> bool {
    true
}

#[derive(Serialize)]
struct ItemList {
    items: Vec<Item>,
    total: i64,
    limit: i64,
    offset: i64,
}

#[derive(Deserialize)]
struct Page {
    #[serde(default = "twenty")]
    limit: i64,
    #[serde(default)]
    offset: i64,
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
        r#""id", "title", "price", "in_stock", "created_at", "updated_at""#
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
    // The total rides on every row of the page: one query. An empty page past the end carries
    // none, and only then is there a second.
    let rows = sqlx::query(concat!(
        "SELECT ",
        item_columns!(),
        r#", (SELECT COUNT(*) FROM "items") AS "_total" FROM "items" ORDER BY "id" LIMIT $1 OFFSET $2"#
    ))
    .bind(page.limit)
    .bind(page.offset)
    .fetch_all(&state.pool)
    .await?;
    let total: i64 = match rows.first() {
        Some(row) => row.try_get("_total")?,
        None if page.offset == 0 => 0,
        None => {
            sqlx::query_scalar(r#"SELECT COUNT(*) FROM "items""#)
                .fetch_one(&state.pool)
                .await?
        }
    };
    let items = rows
        .iter()
        .map(Item::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(ItemList {
        items,
        total,
        limit: page.limit,
        offset: page.offset,
    }))
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
        r#") VALUES ($1, $2, $3, $4, $5, $5) RETURNING "#,
        item_columns!()
    ))
    .bind(Uuid::now_v7())
    .bind(input.title)
    .bind(input.price)
    .bind(input.in_stock)
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
