//! The render model: everything the templates print, decided here from a validated [`Spec`].
//! Names in every case, Rust and SQL types per backend, SQL statements, validation calls, OpenAPI
//! attributes and test data. Templates only print; they never decide.

mod access;
mod api_tests;
mod crud;
mod endpoint;
mod field;
mod job;
pub(crate) mod layout;
mod link;
mod listing;
mod migrations;
pub(crate) mod operation;
pub(crate) mod sql;

pub(crate) use access::{ActionsModel, RoleModel};
pub(crate) use api_tests::TestModel;
pub(crate) use crud::SqlModel;
pub(crate) use endpoint::EndpointCode;
pub(crate) use field::{EnumModel, FieldModel, PatternModel, Validation, VariantModel};
use field::{enum_type_name, number_literal, option_literal};
pub(crate) use job::JobModel;
pub(crate) use migrations::{MigrationError, MigrationModel};

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase, ToTitleCase};
use serde::Serialize;

use self::layout::Args;
use self::operation::{ErrorResponse, ErrorResponseInfo, Operation};
use crate::feature::{Feature, StateField};
use crate::kind::FieldKind;
use crate::naming;
use crate::spec::{self, Backend, Field, FieldType, OnDelete, Resource, Spec};

/// The whole render context.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Model {
    pub project: ProjectModel,
    pub backend: BackendModel,
    pub auth: AuthModel,
    /// In creation order: every resource comes after the resources it references.
    pub resources: Vec<ResourceModel>,
    pub jobs: JobsModel,
    pub events: EventsModel,
    pub migrations: Vec<MigrationModel>,
    pub needs_regex: bool,
    pub has_nullable: bool,
    /// Some resource's lists filter on a column; sort by one.
    pub list_filters: bool,
    pub list_sorts: bool,
    /// Some resource's lists page by cursor; are exported.
    pub list_cursor: bool,
    pub list_export: bool,
    /// Some resource's reads and lists embed related rows (`?include=`).
    pub list_include: bool,
    /// Some resource's lists search its text (`?q=`).
    pub list_search: bool,
    /// Some resource has a many-to-many relation.
    pub has_links: bool,
    /// Some resource records events: the project has the `events` feature.
    pub has_events: bool,
    /// Some field reads integers with `crate::schemas::integer` and its forms.
    pub reads_integers: bool,
    pub has_enums: bool,
    /// Some field is a decimal (`Problems::digits` and the `rust_decimal` crate).
    pub has_decimals: bool,
    /// Some column holds a decimal as text (SQLite), read and written by helpers.
    pub decimal_text: bool,
    pub cargo: CargoModel,
    /// The features the project has, in [`Feature::ALL`] order.
    #[serde(skip)]
    pub features: Vec<Feature>,
    /// The fields the features add to `AppState`.
    pub state_fields: Vec<StateField>,
    /// The test client's shorthand request methods (`get`, `post` ...), laid out.
    pub request_helpers: Vec<RequestHelper>,
    /// The OpenAPI test's items for the auth and users operations, laid out.
    pub auth_operations: Vec<String>,
    /// The error responses endpoints document, for `api/responses.rs`.
    pub error_responses: Vec<ErrorResponseModel>,
    /// The `mod` items of each folder, in the order rustfmt sorts them.
    pub modules: layout::Modules,
    /// The body of `api/v1/mod.rs`'s `router()`: every endpoint module's router merged, laid out.
    pub api_router: String,
}

/// The events of a project's resources.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventsModel {
    /// The arms of `Readers::of`: each resource that records events, and who may read its rows.
    pub readers_arms: Vec<String>,
}

impl EventsModel {
    fn new(spec: &Spec) -> EventsModel {
        let readers = |resource: &spec::Resource| match &resource.access.read {
            _ if !spec.auth.enabled => "Anyone".to_owned(),
            spec::AccessLevel::Public => "Anyone".to_owned(),
            spec::AccessLevel::User => "SignedIn".to_owned(),
            spec::AccessLevel::Owner => "Owner".to_owned(),
            spec::AccessLevel::Role(role) => format!("Role(Role::{})", role.to_pascal_case()),
            // Validation refuses events nobody may read.
            spec::AccessLevel::None => unreachable!("events of rows nobody may read"),
        };
        EventsModel {
            readers_arms: spec
                .resources
                .iter()
                .filter(|resource| resource.events)
                .map(|resource| {
                    layout::arm(
                        12,
                        &format!("\"{}\"", resource.name),
                        &format!("Some(Readers::{})", readers(resource)),
                    )
                })
                .collect(),
        }
    }
}

/// The background jobs of a project.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct JobsModel {
    /// The spec declares some job: the project has the `jobs` feature.
    pub enabled: bool,
    /// In spec order.
    pub list: Vec<JobModel>,
    /// Some job runs on a schedule.
    pub has_cron: bool,
    /// Some job may be queued over HTTP.
    pub http: bool,
    /// The `mod` items of `src/jobs/mod.rs`, in rustfmt's order.
    pub modules: Vec<String>,
    /// Some job queued over HTTP needs a signed-in user; some needs a role; some has `ref`
    /// arguments.
    pub http_needs_user: bool,
    pub http_refs: bool,
    pub http_role: bool,
    /// `use crate::api::responses::{..};` of the error responses the handlers list, laid out.
    pub responses_use: String,
    /// The body of `endpoints/jobs.rs`'s `router()`, laid out.
    pub router: String,
    /// The OpenAPI test's items for the jobs and tasks operations, laid out.
    pub operations: Vec<String>,
    /// `src/main.rs`: `const USAGE: &str = ..;`, laid out.
    pub usage_const: String,
    /// `tests/api/jobs.rs`: `use axum::http::{..};` and `use crate::helpers::{..};`, laid out.
    pub test_http_use: String,
    pub test_helpers_use: String,
    /// A test each for the jobs queued with each new row of a resource.
    pub after_create_tests: Vec<AfterCreateTest>,
    /// `src/jobs/mod.rs`: `pub const SCHEDULES: .. = &[..];`, laid out.
    pub schedules_const: String,
}

impl JobsModel {
    fn new(spec: &Spec) -> JobsModel {
        let list: Vec<JobModel> = spec
            .jobs
            .iter()
            .map(|job| JobModel::new(job, spec))
            .collect();
        let responses: BTreeSet<&str> = spec
            .jobs
            .iter()
            .filter(|job| job.access != spec::AccessLevel::None)
            .flat_map(|job| job::error_responses(job, spec))
            .collect();
        let responses: Vec<&str> = responses.into_iter().collect();
        let prefix = &spec.project.api_prefix;
        let mut operations: Vec<String> = list
            .iter()
            .filter(|job| job.http)
            .map(|job| {
                access::operation_tuple(&format!("{prefix}{}", job.path), "post", job.needs_user)
            })
            .collect();
        if !list.is_empty() {
            for (path, method) in [
                ("/tasks", "get"),
                ("/tasks/{id}", "get"),
                ("/tasks/{id}", "delete"),
            ] {
                operations.push(access::operation_tuple(
                    &format!("{prefix}{path}"),
                    method,
                    spec.auth.enabled,
                ));
            }
        }
        let create_admin = if spec.auth.enabled {
            " | create-admin --email EMAIL"
        } else {
            ""
        };
        let mut http_items = Vec::new();
        if spec.auth.enabled {
            http_items.push("Method");
        }
        http_items.push("StatusCode");
        if list.iter().any(|job| job.http) {
            http_items.push("header");
        }
        let mut after_create_tests = Vec::new();
        for resource in &spec.resources {
            for name in &resource.after_create {
                let Some(job) = spec.jobs.iter().find(|job| &job.name == name) else {
                    continue;
                };
                let mut list_args = vec![
                    "&app.pool".to_owned(),
                    "None".to_owned(),
                    format!("Some(jobs::{}::NAME)", naming::rust_ident(name)),
                ];
                if spec.auth.enabled {
                    list_args.push("None".to_owned());
                }
                list_args.extend(["10".to_owned(), "0".to_owned()]);
                let asserts = job
                    .args
                    .iter()
                    .filter_map(|arg| {
                        let key = arg.column();
                        let row_key = match spec::Job::source(arg, resource)? {
                            spec::ArgSource::Id => "id".to_owned(),
                            spec::ArgSource::Field(field) => field.column(),
                            spec::ArgSource::Absent => return None,
                        };
                        Some(layout::call(
                            4,
                            "assert_eq!(",
                            &[
                                format!("tasks[0].payload[\"{key}\"]"),
                                format!("row[\"{row_key}\"]"),
                            ],
                            ");",
                            Args::Macro,
                        ))
                    })
                    .collect();
                after_create_tests.push(AfterCreateTest {
                    name: format!("creating_a_{}_queues_{name}", resource.name),
                    create: format!("create_{}", resource.name),
                    list_let: layout::query(
                        4,
                        "let (tasks, total) = ",
                        "crud::task::list(",
                        &layout::Arg::List(list_args),
                        &|_| vec!["await".to_owned(), "expect(\"listed\")".to_owned()],
                        ";",
                    ),
                    asserts,
                });
            }
        }
        let mut helpers = vec!["TestApp".to_owned(), "assert_validation_error".to_owned()];
        helpers.extend(after_create_tests.iter().map(|test| test.create.clone()));
        for job in list.iter().filter(|job| job.http) {
            for arg in &job.refs {
                helpers.extend([format!("create_{}", arg.ref_name), "UNKNOWN_ID".to_owned()]);
            }
        }
        helpers.sort_by(|a, b| layout::version_cmp(a, b));
        helpers.dedup();
        JobsModel {
            test_helpers_use: layout::use_list(
                "crate::helpers",
                &helpers.iter().map(String::as_str).collect::<Vec<_>>(),
            ),
            after_create_tests,
            test_http_use: layout::use_list("axum::http", &http_items),
            schedules_const: layout::call(
                0,
                "pub const SCHEDULES: &[(&str, &str)] = &[",
                &list
                    .iter()
                    .filter_map(|job| {
                        let cron = job.cron.as_ref()?;
                        Some(format!("({}::NAME, \"{cron}\")", job.module))
                    })
                    .collect::<Vec<_>>(),
                "];",
                Args::Array,
            ),
            usage_const: layout::assign(
                0,
                "const USAGE: &str",
                &format!(
                    "\"usage: {} [serve [--no-worker] | worker{create_admin}]\"",
                    spec.project.name
                ),
                ";",
            ),
            operations,
            http_needs_user: list.iter().any(|job| job.http && job.needs_user),
            http_refs: list.iter().any(|job| job.http && !job.refs.is_empty()),
            http_role: list.iter().any(|job| job.http && job.role.is_some()),
            responses_use: layout::use_list("crate::api::responses", &responses),
            router: layout::chain(
                4,
                "OpenApiRouter::new()",
                &list
                    .iter()
                    .filter(|job| job.http)
                    .map(|job| format!("routes(routes!({}))", job.handler))
                    .collect::<Vec<_>>(),
                "",
            ),
            enabled: !list.is_empty(),
            has_cron: list.iter().any(|job| job.cron.is_some()),
            http: list.iter().any(|job| job.http),
            modules: layout::sorted(
                list.iter()
                    .map(|job| job.module.clone())
                    .chain(["worker".to_owned()]),
            ),
            list,
        }
    }
}

/// A shorthand request method of the generated tests' `TestApp`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RequestHelper {
    pub name: &'static str,
    /// The parameters after `uri`: `, body: &Value` or nothing.
    pub params: &'static str,
    /// Its body: the call to `request`.
    pub call: String,
}

impl RequestHelper {
    fn all(auth: bool) -> Vec<RequestHelper> {
        // The signed-in user's token, when there are users.
        let token = if auth { "Some(self.token())" } else { "None" };
        [
            ("get", "GET", false),
            ("post", "POST", true),
            ("put", "PUT", true),
            ("patch", "PATCH", true),
            ("delete", "DELETE", false),
        ]
        .into_iter()
        .map(|(name, method, has_body)| {
            let body = if has_body { "Some(body)" } else { "None" };
            let request = format!("request(Method::{method}, uri, {body}, {token})");
            RequestHelper {
                name,
                params: if has_body { ", body: &Value" } else { "" },
                call: layout::chain(8, "self", &[request, "await".to_owned()], ""),
            }
        })
        .collect()
    }
}

/// Where the project's database is when `DATABASE_URL` does not say.
fn default_url(backend: Backend, crate_name: &str) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{crate_name}.db"),
        Backend::Postgres => format!("postgres://postgres@127.0.0.1:5432/{crate_name}"),
    }
}

/// An error response of `api/responses.rs`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorResponseModel {
    #[serde(flatten)]
    pub info: ErrorResponseInfo,
    /// `#[response(status = .., description = "..")]`, laid out.
    pub attribute: String,
}

impl ErrorResponseModel {
    fn new(response: ErrorResponse) -> ErrorResponseModel {
        let info = response.info();
        let args = [
            format!("status = {}", info.status),
            format!("description = \"{}\"", info.description),
        ];
        let attribute = layout::call(0, "#[response(", &args, ")]", layout::Args::Attribute);
        ErrorResponseModel { info, attribute }
    }
}

/// What the features and field types a project uses add to its `Cargo.toml`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct CargoModel {
    pub dependencies: Vec<&'static str>,
    pub dev_dependencies: Vec<&'static str>,
    pub axum_features: Vec<&'static str>,
    pub sqlx_features: Vec<&'static str>,
    pub utoipa_features: Vec<&'static str>,
}

impl CargoModel {
    fn of(spec: &Spec) -> CargoModel {
        let mut cargo = CargoModel::default();
        let scheduled = spec.jobs.iter().any(|job| job.cron.is_some());
        if spec
            .resources
            .iter()
            .any(|r| r.pagination == spec::Pagination::Cursor)
        {
            cargo.dependencies.push("base64 = \"0.22\"");
        }
        if spec.resources.iter().any(|r| r.export) {
            cargo.dependencies.extend([
                "async-stream = \"0.3\"",
                "csv = \"1\"",
                "futures-util = { version = \"0.3\", default-features = false }",
            ]);
        }
        for feature in Feature::of(spec) {
            cargo.dependencies.extend(feature.info().dependencies);
            cargo
                .dev_dependencies
                .extend(feature.info().dev_dependencies);
            cargo.axum_features.extend(feature.info().axum_features);
            if scheduled {
                cargo
                    .dependencies
                    .extend(feature.info().scheduled_dependencies);
            }
        }
        for kind in FieldKind::ALL {
            let info = kind.info();
            let Some(needs) = info.cargo else { continue };
            if !spec.fields().any(|f| f.ty.kind() == kind) {
                continue;
            }
            cargo.dependencies.push(needs.dependency);
            if !(info.text_on_sqlite && spec.database.backend == Backend::Sqlite) {
                cargo.sqlx_features.push(needs.sqlx_feature);
            }
            cargo.utoipa_features.push(needs.utoipa_feature);
        }
        cargo
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProjectModel {
    pub name: String,
    pub crate_name: String,
    pub title: String,
    pub description: String,
    /// `description`, escaped for a TOML basic string.
    pub description_toml: String,
    /// `description`, escaped for a Rust string literal.
    pub description_rust: String,
    pub api_prefix: String,
    /// `pub const OPENAPI_PATH: &str = "..";`, laid out.
    pub openapi_path_const: String,
    /// `.nest("<prefix>", v1::router())`, laid out in the router's chain.
    pub nest_call: String,
    /// `src/main.rs`: the match arm (auth) or `let result = ..;` that runs the server, laid out.
    pub main_run: String,
    /// `src/main.rs` with jobs: the body of `run`, laid out.
    pub run_as_call: String,
    /// `src/main.rs`: `const CREATE_ADMIN_USAGE: &str = ..;`, laid out.
    pub create_admin_usage: String,
    /// `src/startup.rs`: the call that logs the crate at `INFO`, in its chain, laid out.
    pub log_target: String,
    /// `tests/api/security.rs`: the `use` of the crate's `config`, laid out.
    pub config_use: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct BackendModel {
    pub name: &'static str,
    pub is_sqlite: bool,
    pub is_postgres: bool,
    pub sqlx_feature: &'static str,
    pub sqlx_db: &'static str,
    pub sqlx_pool: &'static str,
    pub sqlx_row: &'static str,
    pub sqlx_connection: &'static str,
    pub default_url: String,
    /// `const DEFAULT_DATABASE_URL: &str = ..;` (SQLite), laid out.
    pub default_url_const: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AuthModel {
    pub enabled: bool,
    pub token_minutes: u32,
    /// `admin` first.
    pub roles: Vec<RoleModel>,
    /// The Rust variant of the role given at registration.
    pub default_role: String,
    /// The documented patterns of an email and of other text, as Rust literals.
    pub email_pattern: String,
    pub text_pattern: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResourceModel {
    pub name: String,
    pub plural: String,
    /// Module name (a raw identifier when the name is a keyword).
    pub module: String,
    /// File stem of the module's files.
    pub file: String,
    pub struct_name: String,
    pub title: String,
    /// Lower-case words for prose: "order line".
    pub words: String,
    /// "a" or "an", to go before `words`.
    pub article: &'static str,
    pub plural_words: String,
    /// URL path below the API prefix: `/order-lines`.
    pub path: String,
    /// `const COLLECTION: &str = "<prefix><path>";` of its tests, laid out.
    pub collection_const: String,
    pub tag: String,
    pub tag_description: String,
    pub table: String,
    pub fields: Vec<FieldModel>,
    pub refs: Vec<FieldModel>,
    /// Many-to-many relations, in spec order.
    pub links: Vec<link::LinkModel>,
    /// Writes check that referenced and linked rows exist (`check_references`).
    pub checks_refs: bool,
    pub schema_imports: Vec<String>,
    pub model_imports: Vec<String>,
    /// The statements of the `Validate` impls of the create and update bodies.
    pub validation: Validation,
    pub patterns: Vec<PatternModel>,
    pub enums: Vec<EnumModel>,
    pub sql: SqlModel,
    /// The resource's table, for migrations.
    #[serde(skip)]
    pub schema: sql::Table,
    pub test: TestModel,
    /// Rows belong to the user who created them (`owner_id`).
    pub owned: bool,
    pub actions: ActionsModel,
    /// The body of `router()`: the handlers registered together, one `routes!(..)` each (the
    /// collection, then the item), laid out.
    pub router: String,
    /// `use crate::schemas::<module>::{..Create, ..Read, ..Update};`, laid out.
    pub schemas_use: String,
    /// `tests/api/<resource>.rs`: `use crate::helpers::{..};`, laid out.
    pub helpers_use: String,
    /// `pub fn apply_to(..) -> ..Create {` of the update body, laid out.
    pub apply_to_fn: String,
    /// Statements of the endpoints' handlers whose layout depends on names.
    pub endpoint: EndpointCode,
    /// The end of the create handler's signature, laid out.
    pub create_returns: String,
    /// "list: anyone", ... for the module's docs.
    pub access_lines: Vec<String>,
    /// For ownership tests: the role (Rust variant) of the non-admin users who create rows, or
    /// `None` when non-admins cannot create them.
    pub owner_role: Option<String>,
    pub role_tests: Vec<access::RoleTest>,
    pub operations: Vec<access::OperationModel>,
    /// By operation (`read`): the error responses its OpenAPI attribute lists, as Rust types.
    pub errors: BTreeMap<&'static str, String>,
    /// `use crate::api::responses::{..}` of every error response type the enabled operations
    /// list, laid out.
    pub responses_use: String,
    /// The array of its OpenAPI schemas' names the OpenAPI test checks, laid out.
    pub openapi_schemas: String,
    /// `tests/api/helpers.rs`: `let uri = format!(..);`, the collection's URI, laid out.
    pub create_uri: String,
    /// The jobs queued with each new row: `crud::<resource>::create` inserts the row and queues
    /// them in one transaction.
    pub after_create: Vec<AfterCreateModel>,
    /// Each change records an event in its transaction (`events = true`).
    pub events: bool,
    /// The events tests: the role variant of a user who may create rows (`User`), and one whose
    /// role may not read them.
    pub events_user_role: String,
    pub events_forbidden_role: Option<String>,
    /// What its lists filter on and sort by.
    pub listing: listing::ListingModel,
    /// The lists of one parent's rows, one for each reference.
    pub related: Vec<listing::RelatedListModel>,
    /// Its endpoints take the signed-in user.
    pub uses_current_user: bool,
    /// Its tests' `use <crate>::..;` lines: the row, for the list tests, the roles, and the
    /// events.
    pub test_models_use: Vec<String>,
    /// The references `?include=` embeds in its reads and lists.
    pub includes: Vec<listing::IncludeModel>,
    /// What reads and lists answer with: `<Struct>Detail` (the row and what it includes) where
    /// there are includes, otherwise `<Struct>Read`.
    pub read_type: String,
    /// Whether embedding depends on who asks: `with_includes` takes the user.
    pub include_viewer: bool,
    /// `let includes = [(name, column, seen in lists, seen in reads), ..];` of the include
    /// test, laid out.
    pub include_table: String,
    /// `with_includes`: `let mut details: Vec<..> = ..;`, laid out.
    pub include_details_let: String,
    /// The include test's `let include = "..";`, every include comma-separated, laid out.
    pub include_const: String,
    /// The list's and the read's call of `with_includes`, laid out.
    pub include_list: String,
    /// The endpoints' `use crate::api::listing::..;` and `use crate::db::..;`, where they use
    /// anything of those modules.
    pub api_listing_use: Option<String>,
    pub db_use: Option<String>,
    pub include_read: String,
    /// Its endpoints' `use crate::models::..;` lines: the row, and the roles where they check
    /// one.
    pub models_use: Vec<String>,
}

/// A test that creating a row queues a job, with arguments from the row.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AfterCreateTest {
    /// `creating_a_post_queues_notify_followers`.
    pub name: String,
    /// The helper that creates a row: `create_post`.
    pub create: String,
    /// `let (tasks, total) = crud::task::list(..)..;` of the job's tasks, laid out.
    pub list_let: String,
    /// `assert_eq!(..);` that each argument taken from the row has the row's value, laid out.
    pub asserts: Vec<String>,
}

/// A job queued with each new row of a resource.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AfterCreateModel {
    /// The job's name and module.
    pub job: String,
    pub module: String,
    /// The statement of `create` that queues it, laid out.
    pub enqueue: String,
}

/// The resources of `spec` in creation order.
fn resource_models(spec: &Spec) -> Vec<ResourceModel> {
    spec::creation_order(spec)
        .iter()
        .map(|&index| ResourceModel::new(&spec.resources[index], spec))
        .collect()
}

impl Model {
    /// The model of a new project: every table is created by the initial migrations.
    pub(crate) fn new(spec: &Spec) -> Model {
        let resources = resource_models(spec);
        let migrations = migrations::initial(spec, &resources);
        Model::assemble(spec, resources, migrations)
    }

    /// The model of a project last generated from `old` with `history` as its migrations, now
    /// generated from `new`: the same migrations, then those that turn `old`'s tables into `new`'s,
    /// numbered after `taken` too (the highest version of a migration added by hand).
    pub(crate) fn evolve(
        old: &Spec,
        new: &Spec,
        history: &[MigrationModel],
        taken: i64,
        allow_drop: bool,
    ) -> Result<Model, MigrationError> {
        let old_resources = resource_models(old);
        let resources = resource_models(new);
        let change = migrations::Change {
            old,
            old_resources: &old_resources,
            new,
            new_resources: &resources,
        };
        let migrations = migrations::evolve(&change, history, taken, allow_drop)?;
        Ok(Model::assemble(new, resources, migrations))
    }

    /// The model of `spec` with exactly these migrations (those with SQL are written).
    pub(crate) fn with_migrations(spec: &Spec, migrations: &[MigrationModel]) -> Model {
        let resources = resource_models(spec);
        Model::assemble(
            spec,
            resources,
            migrations.iter().map(MigrationModel::record).collect(),
        )
    }

    fn assemble(
        spec: &Spec,
        resources: Vec<ResourceModel>,
        migrations: Vec<MigrationModel>,
    ) -> Model {
        let backend = spec.database.backend;

        let crate_name = spec.project.name.to_snake_case();
        let description = spec
            .project
            .description
            .clone()
            .unwrap_or_else(|| format!("The {} API.", spec.project.name));
        Model {
            project: ProjectModel {
                name: spec.project.name.clone(),
                title: spec.project.name.to_title_case(),
                description_toml: escape(&description),
                description_rust: escape(&description),
                description,
                api_prefix: spec.project.api_prefix.clone(),
                openapi_path_const: layout::assign(
                    0,
                    "pub const OPENAPI_PATH: &str",
                    &format!("\"{}/openapi.json\"", spec.project.api_prefix),
                    ";",
                ),
                nest_call: layout::call(
                    8,
                    ".nest(",
                    &[
                        format!("\"{}\"", spec.project.api_prefix),
                        "v1::router()".to_owned(),
                    ],
                    ")",
                    Args::Call,
                ),
                main_run: main_run(&crate_name, spec.auth.enabled),
                run_as_call: layout::chain(
                    4,
                    &format!("{crate_name}::run_as(mode)"),
                    &[
                        "await".to_owned(),
                        "map_err(|error| error.to_string())".to_owned(),
                    ],
                    "",
                ),
                create_admin_usage: layout::assign(
                    0,
                    "const CREATE_ADMIN_USAGE: &str",
                    &format!(
                        "\"usage: {} create-admin --email EMAIL (password from ADMIN_PASSWORD or stdin)\"",
                        spec.project.name
                    ),
                    ";",
                ),
                log_target: layout::call(
                    12,
                    ".with_target(",
                    &[format!("\"{crate_name}\""), "LevelFilter::INFO".to_owned()],
                    ")",
                    layout::Args::Call,
                ),
                config_use: layout::use_list(
                    &format!("{crate_name}::config"),
                    &["ConfigError", "DEVELOPMENT_SECRET", "Settings"],
                ),
                crate_name: crate_name.clone(),
            },
            backend: BackendModel {
                name: backend.as_str(),
                is_sqlite: backend == Backend::Sqlite,
                is_postgres: backend == Backend::Postgres,
                sqlx_feature: match backend {
                    Backend::Sqlite => "sqlite",
                    Backend::Postgres => "postgres",
                },
                sqlx_db: match backend {
                    Backend::Sqlite => "sqlx::Sqlite",
                    Backend::Postgres => "sqlx::Postgres",
                },
                sqlx_pool: match backend {
                    Backend::Sqlite => "sqlx::SqlitePool",
                    Backend::Postgres => "sqlx::PgPool",
                },
                sqlx_connection: match backend {
                    Backend::Sqlite => "sqlx::SqliteConnection",
                    Backend::Postgres => "sqlx::PgConnection",
                },
                sqlx_row: match backend {
                    Backend::Sqlite => "sqlx::sqlite::SqliteRow",
                    Backend::Postgres => "sqlx::postgres::PgRow",
                },
                default_url: default_url(backend, &crate_name),
                default_url_const: layout::assign(
                    0,
                    "const DEFAULT_DATABASE_URL: &str",
                    &format!("\"{}\"", default_url(backend, &crate_name)),
                    ";",
                ),
            },
            auth: AuthModel {
                enabled: spec.auth.enabled,
                token_minutes: spec.auth.token_minutes,
                roles: access::roles(&spec.auth),
                default_role: spec.auth.default_role.to_pascal_case(),
                email_pattern: raw_literal(
                    FieldKind::Email
                        .info()
                        .openapi_pattern
                        .expect("emails have a pattern"),
                ),
                text_pattern: raw_literal(
                    FieldKind::Text
                        .info()
                        .openapi_pattern
                        .expect("text has a pattern"),
                ),
            },
            needs_regex: resources.iter().any(|r| !r.patterns.is_empty())
                || spec
                    .jobs
                    .iter()
                    .any(|job| job.args.iter().any(|arg| arg.pattern.is_some())),
            has_nullable: resources.iter().flat_map(|r| &r.fields).any(|f| f.optional),
            list_filters: spec.resources.iter().any(|r| !r.filter.is_empty()),
            list_sorts: spec.resources.iter().any(|r| !r.sort.is_empty()),
            list_cursor: spec
                .resources
                .iter()
                .any(|r| r.pagination == spec::Pagination::Cursor),
            list_export: spec.resources.iter().any(|r| r.export),
            list_include: spec.resources.iter().any(|r| !r.include.is_empty()),
            list_search: spec.resources.iter().any(|r| !r.search.is_empty()),
            has_links: spec.resources.iter().any(|r| !r.many.is_empty()),
            has_events: spec.resources.iter().any(|r| r.events),
            reads_integers: spec
                .fields()
                .any(|f| f.ty.info().deserialize_with == Some("integer")),
            has_enums: resources.iter().any(|r| !r.enums.is_empty()),
            has_decimals: spec.fields().any(|f| f.ty.info().keys.digits),
            decimal_text: backend == Backend::Sqlite
                && spec
                    .resources
                    .iter()
                    .flat_map(|resource| &resource.fields)
                    .any(|f| f.ty.info().text_on_sqlite),
            cargo: CargoModel::of(spec),
            features: Feature::of(spec).collect(),
            state_fields: Feature::of(spec)
                .flat_map(|feature| feature.info().state)
                .copied()
                .collect(),
            request_helpers: RequestHelper::all(spec.auth.enabled),
            auth_operations: if spec.auth.enabled {
                [
                    ("/auth/register", "post", false),
                    ("/auth/token", "post", false),
                    ("/users/me", "get", true),
                    ("/users/me", "patch", true),
                    ("/users", "get", true),
                    ("/users/{id}", "get", true),
                    ("/users/{id}", "patch", true),
                ]
                .into_iter()
                .map(|(path, method, secured)| {
                    access::operation_tuple(
                        &format!("{}{path}", spec.project.api_prefix),
                        method,
                        secured,
                    )
                })
                .collect()
            } else {
                Vec::new()
            },
            error_responses: ErrorResponse::ALL
                .into_iter()
                .map(ErrorResponseModel::new)
                .collect(),
            api_router: layout::chain(
                4,
                "OpenApiRouter::new()",
                &endpoint_modules(spec, &resources)
                    .into_iter()
                    .map(|module| format!("merge(endpoints::{module}::router())"))
                    .collect::<Vec<_>>(),
                "",
            ),
            modules: layout::Modules::new(
                &resources
                    .iter()
                    .map(|r| r.module.as_str())
                    .collect::<Vec<_>>(),
                &Feature::of(spec).collect::<Vec<_>>(),
            ),
            jobs: JobsModel::new(spec),
            events: EventsModel::new(spec),
            resources,
            migrations,
        }
    }
}

/// The endpoint modules of a project, in the order of the features that make them: each
/// feature's files in `src/api/v1/endpoints/`, then a module per resource where the feature makes
/// one.
fn endpoint_modules(spec: &Spec, resources: &[ResourceModel]) -> Vec<String> {
    const FOLDER: &str = "src/api/v1/endpoints/";
    let mut modules = Vec::new();
    for feature in Feature::of(spec) {
        let info = feature.info();
        modules.extend(info.files.iter().filter_map(|path| {
            let stem = path.strip_prefix(FOLDER)?.strip_suffix(".rs")?;
            (stem != "mod").then(|| stem.to_owned())
        }));
        if info
            .per_resource
            .iter()
            .any(|(path, _)| path.starts_with(FOLDER))
        {
            modules.extend(resources.iter().map(|r| r.module.clone()));
        }
    }
    modules
}

/// A field's `#[schema(..)]`, laid out. rustfmt leaves an attribute holding a type
/// (`value_type = Option<..>`) as it is, so that one stays on its line.
fn schema_attr(args: &[String]) -> String {
    if args.iter().any(|arg| arg.starts_with("value_type = ")) {
        format!("#[schema({})]", args.join(", "))
    } else {
        layout::call(4, "#[schema(", args, ")]", Args::Attribute)
    }
}

/// How `src/main.rs` runs the server: a match arm beside `create-admin` (auth), otherwise the
/// `let result` statement.
fn main_run(crate_name: &str, auth: bool) -> String {
    let calls = [
        "await".to_owned(),
        "map_err(|error| error.to_string())".to_owned(),
    ];
    let head = format!("{crate_name}::run()");
    if auth {
        layout::chain_after(8, "None => ", &head, &calls, ",")
    } else {
        layout::chain_after(4, "let result = ", &head, &calls, ";")
    }
}

/// Escapes `"` and `\` (and control characters) for a double-quoted Rust or TOML string.
fn escape(text: &str) -> String {
    text.chars()
        .flat_map(char::escape_default)
        .collect::<String>()
        .replace("\\'", "'")
}

/// `use <crate>::{..};` for each crate and the items used from it, in order.
fn crate_uses(external: BTreeMap<&str, BTreeSet<&str>>) -> Vec<String> {
    external
        .into_iter()
        .map(|(krate, items)| match items.len() {
            1 => format!("use {krate}::{};", items.into_iter().collect::<String>()),
            _ => format!(
                "use {krate}::{{{}}};",
                items.into_iter().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect()
}

/// What a body's fields need checked: the statements of its `Validate` impl, the patterns they
/// use and the enums they declare.
struct Checks {
    validation: Validation,
    patterns: Vec<PatternModel>,
    enums: Vec<EnumModel>,
}

impl Checks {
    /// For `fields`, whose models are `models`, in a body of the type `struct_name`.
    fn of(fields: &[Field], models: &[FieldModel], struct_name: &str) -> Checks {
        let mut validation = Validation::default();
        let mut patterns = Vec::new();
        let mut enums = Vec::new();
        for (field, model) in fields.iter().zip(models) {
            let mut checks = Vec::new();
            let info = field.ty.info();
            let key = &model.json_name;
            // Each check reads the value as `{ref}` (a reference) or `{copy}` (a copy).
            if field.min_length.is_some() || field.max_length.is_some() {
                checks.push((
                    "length",
                    vec![
                        format!("\"{key}\""),
                        "{ref}".to_owned(),
                        option_literal(field.min_length.map(|v| v.to_string())),
                        option_literal(field.max_length.map(|v| v.to_string())),
                    ],
                ));
            }
            if let Some(pattern) = &field.pattern {
                let static_name = format!("{}_PATTERN", model.json_name.to_uppercase());
                checks.push((
                    "pattern",
                    vec![
                        format!("\"{key}\""),
                        "{ref}".to_owned(),
                        format!("&{static_name}"),
                    ],
                ));
                patterns.push(PatternModel {
                    pattern: pattern.clone(),
                    field: key.clone(),
                    literal: raw_literal(pattern),
                    compile: layout::chain(
                        4,
                        &format!("Regex::new({})", raw_literal(pattern)),
                        &[
                            "expect(\"the pattern was checked when the project was generated\")"
                                .to_owned(),
                        ],
                        "",
                    ),
                    static_name,
                });
            }
            if let Some(check) = info.format_check {
                checks.push((check, vec![format!("\"{key}\""), "{ref}".to_owned()]));
            }
            if field.min.is_some() || field.max.is_some() {
                let literal = |bound: Option<f64>| {
                    option_literal(bound.map(|b| number_literal(b, &field.ty)))
                };
                checks.push((
                    "range",
                    vec![
                        format!("\"{key}\""),
                        "{copy}".to_owned(),
                        literal(field.min),
                        literal(field.max),
                    ],
                ));
            }
            if let Some(digits) = field.digits {
                checks.push((
                    "digits",
                    vec![
                        format!("\"{key}\""),
                        "{copy}".to_owned(),
                        digits.whole().to_string(),
                        digits.scale.to_string(),
                    ],
                ));
            }
            if !checks.is_empty() {
                let ident = &model.ident;
                // The checks on the value, laid out at `indent`; the template puts each first
                // line two levels deep.
                let checks_at = |indent: usize, value_ref: &str, value_copy: &str| {
                    checks
                        .iter()
                        .map(|(method, args)| {
                            let args = args
                                .iter()
                                .map(|arg| match arg.as_str() {
                                    "{ref}" => value_ref.to_owned(),
                                    "{copy}" => value_copy.to_owned(),
                                    _ => arg.clone(),
                                })
                                .collect::<Vec<_>>();
                            let open = format!("problems.{method}(");
                            let call = layout::call(indent, &open, &args, ");", Args::Call);
                            format!("{}{call}", " ".repeat(indent - 8))
                        })
                        .collect::<Vec<_>>()
                };
                if field.optional {
                    validation
                        .create
                        .push(format!("if let Some(value) = &self.{ident} {{"));
                    validation.create.extend(checks_at(12, "value", "*value"));
                    validation.create.push("}".to_owned());
                } else {
                    validation.create.extend(checks_at(
                        8,
                        &format!("&self.{ident}"),
                        &format!("self.{ident}"),
                    ));
                }
                // A PATCH body checks the values it holds; the others were checked when stored.
                validation.update.push(if field.optional {
                    format!("if let Some(Some(value)) = &self.{ident} {{")
                } else {
                    format!("if let Some(value) = &self.{ident} {{")
                });
                validation.update.extend(checks_at(12, "value", "*value"));
                validation.update.push("}".to_owned());
            }
            if let FieldType::Enum(values) = &field.ty {
                enums.push(EnumModel {
                    values_const: None,
                    field: field.name.clone(),
                    type_name: enum_type_name(struct_name, field),
                    variants: values
                        .iter()
                        .map(|value| {
                            let ident = value.to_pascal_case();
                            VariantModel {
                                as_str_arm: layout::arm(
                                    12,
                                    &format!("Self::{ident}"),
                                    &format!("\"{value}\""),
                                ),
                                from_str_arm: layout::arm(
                                    12,
                                    &format!("\"{value}\""),
                                    &format!("Ok(Self::{ident})"),
                                ),
                                value: value.clone(),
                                ident,
                            }
                        })
                        .collect(),
                });
            }
        }
        Checks {
            validation,
            patterns,
            enums,
        }
    }
}

/// `r#"..."#` with enough hashes for the content.
fn raw_literal(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

impl ResourceModel {
    fn new(resource: &Resource, spec: &Spec) -> ResourceModel {
        let struct_name = resource.name.to_pascal_case();
        let table = resource.plural.clone();

        let fields = resource
            .fields
            .iter()
            .map(|field| FieldModel::new(field, &struct_name, spec))
            .collect::<Vec<_>>();
        let actions = access::actions(resource, &spec.auth);
        let links = link::links(resource, spec, actions.get(spec::Action::Update));

        let Checks {
            mut validation,
            patterns,
            mut enums,
        } = Checks::of(&resource.fields, &fields, &struct_name);
        for link in &links {
            let key = &link.key;
            validation
                .create
                .push(format!("problems.ids(\"{key}\", &self.{key});"));
            validation.update.push(format!(
                "if let Some(ids) = &self.{key} {{\n            problems.ids(\"{key}\", ids);\n        }}"
            ));
        }
        for model in &mut enums {
            if listing::ListingModel::filters_on(resource, &model.field) {
                let variants: Vec<String> = model
                    .variants
                    .iter()
                    .map(|variant| format!("Self::{}.as_str()", variant.ident))
                    .collect();
                let open = "pub const VALUES: &[&str] = &[";
                let values = layout::call(4, open, &variants, "];", Args::Array);
                model.values_const = Some(format!("{values}\n"));
            }
        }

        let words = resource.name.replace('_', " ");
        let plural_words = resource.plural.replace('_', " ");
        let mut columns = vec![sql::Column::id()];
        let mut indexes = Vec::new();
        if resource.owned {
            columns.push(sql::Column {
                references: Some(sql::ForeignKey {
                    table: "users".to_owned(),
                    on_delete: OnDelete::Cascade,
                }),
                ..sql::Column::new("owner_id", "owner_id", sql::SqlType::Uuid, false)
            });
            indexes.push(sql::Index::on("owner_id"));
        }
        for (field, model) in resource.fields.iter().zip(&fields) {
            columns.push(field_column(field, model, spec));
            // A unique column is indexed by its constraint already. Lists filter on indexed
            // columns, and sort on an index of the column and the id, which breaks ties.
            if field.unique {
                continue;
            }
            if resource.sort.contains(&field.name) {
                indexes.push(sql::Index::sort(&model.json_name));
            } else if field.index
                || resource.filter.contains(&field.name)
                || matches!(field.ty, FieldType::Ref { .. })
            {
                indexes.push(sql::Index::on(&model.json_name));
            }
        }
        for timestamp in spec::TIMESTAMPS {
            columns.push(sql::Column::new(
                timestamp,
                timestamp,
                sql::SqlType::Timestamp,
                false,
            ));
            if resource.sort.iter().any(|name| name == timestamp) {
                indexes.push(sql::Index::sort(timestamp));
            } else if resource.filter.iter().any(|name| name == timestamp) {
                indexes.push(sql::Index::on(timestamp));
            }
        }
        let schema = sql::Table {
            name: table.clone(),
            comment: format!("The `{table}` table: {plural_words}."),
            columns,
            indexes,
            search: resource.search.clone(),
            key: Vec::new(),
            selected: links
                .iter()
                .map(|link| link.select_sql(&table, spec.database.backend))
                .collect(),
        };

        let backend = spec.database.backend;
        let updated: Vec<&str> = fields
            .iter()
            .map(|f| f.json_name.as_str())
            .chain(["updated_at"])
            .collect();
        let binds: Vec<layout::Chain> = fields.iter().map(|f| f.bind.clone()).collect();
        let sql = SqlModel::new(resource, &schema, &struct_name, &binds, backend, &updated);
        let test = TestModel::new(resource, &fields);
        let has_unique = resource.fields.iter().any(|f| f.unique);
        let has_refs = resource
            .fields
            .iter()
            .any(|f| matches!(f.ty, FieldType::Ref { .. }));
        let mut schema_names = vec![format!("{struct_name}Create")];
        if !resource.include.is_empty() {
            schema_names.push(format!("{struct_name}Detail"));
        }
        schema_names.extend([format!("{struct_name}Read"), format!("{struct_name}Update")]);
        let schemas_use = layout::use_list(
            &format!("crate::schemas::{}", naming::rust_ident(&resource.name)),
            &schema_names.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let after_create = resource
            .after_create
            .iter()
            .map(|job| {
                let module = naming::rust_ident(job);
                let options = if resource.owned {
                    "Enqueue::for_user(row.owner_id)"
                } else {
                    "Enqueue::default()"
                };
                let args = layout::Arg::List(vec![
                    "&mut tx".to_owned(),
                    "&(&row).into()".to_owned(),
                    options.to_owned(),
                ]);
                AfterCreateModel {
                    enqueue: layout::query(
                        4,
                        "",
                        &format!("jobs::{module}::enqueue("),
                        &args,
                        &|_| vec!["await".to_owned()],
                        "?;",
                    ),
                    job: job.clone(),
                    module,
                }
            })
            .collect();
        let parent_read = |name: &str| {
            let parent = spec.resources.iter().find(|r| r.name == name)?;
            Some(
                access::actions(parent, &spec.auth)
                    .get(spec::Action::Read)
                    .clone(),
            )
        };
        let related = listing::RelatedListModel::all(
            resource,
            actions.get(spec::Action::List),
            spec,
            &parent_read,
        );
        let mut related = related;
        let mut includes = listing::IncludeModel::all(resource, spec, &parent_read);
        for include in &mut includes {
            let viewer = include.needs_viewer();
            include.set_visible(
                !viewer || actions.get(spec::Action::List).needs_user,
                !viewer || actions.get(spec::Action::Read).needs_user,
            );
        }
        let include_viewer = includes.iter().any(listing::IncludeModel::needs_viewer);
        let mut actions = actions;
        for list in &mut related {
            if include_viewer {
                // Lists of a parent's rows pass the user on to `with_includes` too.
                list.uses_user = list.needs_user;
            }
            list.include_call = include_call(
                include_viewer.then_some(list.needs_user),
                ("let rows = ", "rows", "&query.include"),
                &["await"],
                "?;",
            );
        }
        if include_viewer {
            // The list and the read pass the user on to `with_includes`.
            for action in [spec::Action::List, spec::Action::Read] {
                let mut model = actions.get(action).clone();
                model.uses_user = model.needs_user;
                actions.each.set(action, model);
            }
        }
        ResourceModel {
            read_type: if includes.is_empty() {
                format!("{struct_name}Read")
            } else {
                format!("{struct_name}Detail")
            },
            include_list: include_call(
                include_viewer.then_some(actions.get(spec::Action::List).needs_user),
                ("let rows = ", "rows", "&query.include"),
                &["await"],
                "?;",
            ),
            include_read: include_call(
                include_viewer.then_some(actions.get(spec::Action::Read).needs_user),
                ("let detail = ", "vec![row]", "&include.names"),
                &["await?", "remove(0)"],
                ";",
            ),
            include_details_let: layout::assign_chain(
                4,
                &format!("let mut details: Vec<{struct_name}Detail> = "),
                "rows",
                &[
                    "into_iter()".to_owned(),
                    "map(Into::into)".to_owned(),
                    "collect()".to_owned(),
                ],
                ";",
            ),
            include_const: layout::assign(
                4,
                "let include",
                &format!("\"{}\"", resource.include.join(",")),
                ";",
            ),
            include_table: layout::call(
                4,
                "let includes = [",
                &includes
                    .iter()
                    .map(|include| {
                        let items = [
                            format!("\"{}\"", include.name),
                            format!("\"{}\"", include.column),
                            include.visible_in_list.to_string(),
                            include.visible_in_read.to_string(),
                        ];
                        layout::call(8, "(", &items, ")", Args::Call)
                    })
                    .collect::<Vec<_>>(),
                "];",
                Args::Array,
            ),
            api_listing_use: {
                let list = actions.get(spec::Action::List).enabled;
                let mut items = Vec::new();
                if list && (resource.export || resource.pagination == spec::Pagination::Cursor) {
                    items.push("self");
                }
                if list && resource.export {
                    items.push("Export");
                }
                if !includes.is_empty() && actions.get(spec::Action::Read).enabled {
                    items.push("Include");
                }
                (!items.is_empty()).then(|| layout::use_list("crate::api::listing", &items))
            },
            db_use: {
                let mut items = Vec::new();
                if actions.get(spec::Action::Update).enabled {
                    items.push("self");
                }
                if has_refs || !resource.many.is_empty() {
                    items.push("Connection");
                }
                if !includes.is_empty() {
                    items.push("Pool");
                }
                (!items.is_empty()).then(|| layout::use_list("crate::db", &items))
            },
            include_viewer,
            listing: {
                let fields: Vec<String> = schema.columns.iter().map(|c| c.name.clone()).collect();
                let mut listing = listing::ListingModel::new(resource, &table, &fields);
                let list = actions.get(spec::Action::List);
                if resource.export && list.enabled {
                    listing.export_operation = Some(access::operation_tuple(
                        &format!(
                            "{}/{}/export",
                            spec.project.api_prefix,
                            naming::kebab(&resource.plural)
                        ),
                        "get",
                        list.needs_user,
                    ));
                }
                listing
            },
            after_create,
            events: resource.events,
            events_user_role: match &resource.access.create {
                spec::AccessLevel::Role(role) => role.to_pascal_case(),
                _ => spec.auth.default_role.to_pascal_case(),
            },
            events_forbidden_role: actions
                .get(spec::Action::Read)
                .forbidden_role
                .as_ref()
                .map(|role| role.to_pascal_case()),
            module: naming::rust_ident(&resource.name),
            file: resource.name.clone(),
            title: resource.name.to_title_case(),
            path: format!("/{}", naming::kebab(&resource.plural)),
            collection_const: layout::assign(
                0,
                "const COLLECTION: &str",
                &format!(
                    "\"{}/{}\"",
                    spec.project.api_prefix,
                    naming::kebab(&resource.plural)
                ),
                ";",
            ),
            tag: resource.plural.clone(),
            tag_description: format!("Manage {plural_words}"),
            refs: fields.iter().filter(|f| f.is_ref).cloned().collect(),
            checks_refs: fields.iter().any(|f| f.is_ref) || !links.is_empty(),
            schema_imports: imports(
                resource,
                &struct_name,
                spec.database.backend,
                ImportsFor::Schema {
                    checks: !validation.create.is_empty(),
                },
            ),
            model_imports: imports(
                resource,
                &struct_name,
                spec.database.backend,
                ImportsFor::Model,
            ),
            create_uri: layout::call(
                4,
                "let uri = format!(",
                &[format!("\"{{API}}/{}\"", naming::kebab(&resource.plural))],
                ");",
                layout::Args::Macro,
            ),
            openapi_schemas: {
                let read_type = if resource.include.is_empty() {
                    format!("{struct_name}Read")
                } else {
                    format!("{struct_name}Detail")
                };
                let mut names: Vec<String> = ["Create", "Update", "Read"]
                    .map(|suffix| format!("\"{struct_name}{suffix}\""))
                    .into();
                if !resource.include.is_empty() {
                    names.push(format!("\"{read_type}\""));
                }
                names.push(match resource.pagination {
                    spec::Pagination::Offset => format!("\"Page_{read_type}\""),
                    spec::Pagination::Cursor => format!("\"CursorPage_{read_type}\""),
                });
                layout::call(4, "[", &names, "]", layout::Args::Array)
            },
            name: resource.name.clone(),
            plural: resource.plural.clone(),
            struct_name: struct_name.clone(),
            article: naming::article(&words),
            words,
            plural_words,
            table,
            fields,
            validation,
            patterns,
            enums,
            sql,
            schema,
            test,
            owned: resource.owned,
            router: layout::chain(
                4,
                "OpenApiRouter::new()",
                &access::route_groups(&actions, &resource.name, &resource.plural)
                    .into_iter()
                    .chain(related.iter().map(|list| vec![list.handler.clone()]))
                    .chain(
                        (resource.export && actions.get(spec::Action::List).enabled)
                            .then(|| vec![format!("export_{}", resource.plural)]),
                    )
                    .chain(links.iter().filter_map(|link| {
                        let handlers = link.handlers.as_ref()?;
                        Some(vec![handlers.link.clone(), handlers.unlink.clone()])
                    }))
                    .map(|group| {
                        let call =
                            layout::nested(8, ".routes(", "routes!(", &group, ")", Args::Macro);
                        call.trim_start_matches('.').to_owned()
                    })
                    .collect::<Vec<_>>(),
                "",
            ),
            models_use: {
                let mut lines = vec![format!(
                    "use crate::models::{}::{struct_name};",
                    naming::rust_ident(&resource.name)
                )];
                if actions.any_role
                    || related
                        .iter()
                        .any(|list| list.role.is_some() || list.parent_role.is_some())
                    || includes.iter().any(|include| include.role.is_some())
                {
                    lines.push("use crate::models::user::Role;".to_owned());
                }
                for include in &includes {
                    let line = format!(
                        "use crate::models::{}::{};",
                        include.parent_module, include.parent_struct
                    );
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
                lines.sort_by(|a, b| layout::version_cmp(a, b));
                lines
            },
            test_models_use: {
                let crate_name = spec.project.name.to_snake_case();
                let list = actions.get(spec::Action::List).enabled;
                let create = actions.get(spec::Action::Create).enabled;
                let mut lines = Vec::new();
                let cursor = resource.pagination == spec::Pagination::Cursor;
                let search = listing::ListingModel::search_test_field(resource).is_some();
                if list
                    && (!resource.sort.is_empty()
                        || (create && (cursor || search || !resource.filter.is_empty())))
                {
                    lines.push(format!(
                        "use {crate_name}::models::{}::{struct_name};",
                        naming::rust_ident(&resource.name)
                    ));
                }
                if spec.auth.enabled
                    && (actions.any_role
                        || access::owner_role(resource, &actions, &spec.auth).is_some())
                {
                    lines.push(format!("use {crate_name}::models::user::Role;"));
                }
                if resource.events {
                    lines.push(format!("use {crate_name}::events;"));
                }
                lines.sort_by(|a, b| layout::version_cmp(a, b));
                lines
            },
            uses_current_user: actions.any_secured
                || include_viewer
                || related.iter().any(|list| list.needs_user),

            schemas_use,
            helpers_use: {
                let mut names = [
                    "TestApp".to_owned(),
                    "UNKNOWN_ID".to_owned(),
                    "assert_fields_match".to_owned(),
                    "assert_validation_error".to_owned(),
                    format!("create_{}", resource.name),
                    "item".to_owned(),
                    format!("{}_body", resource.name),
                ]
                .to_vec();
                let (list, create) = (
                    actions.get(spec::Action::List).enabled,
                    actions.get(spec::Action::Create).enabled,
                );
                if list && create && !resource.filter.is_empty() {
                    names.push("check_filters".to_owned());
                }
                if list && !resource.sort.is_empty() {
                    names.push("check_sorts".to_owned());
                }
                if list && create && resource.pagination == spec::Pagination::Cursor {
                    names.push("check_cursor_pages".to_owned());
                }
                if list && create && listing::ListingModel::search_test_field(resource).is_some() {
                    names.push("check_search".to_owned());
                }
                let (read, update) = (
                    actions.get(spec::Action::Read).enabled,
                    actions.get(spec::Action::Update).enabled,
                );
                if create && read && update {
                    names.extend(
                        resource
                            .many
                            .iter()
                            .map(|many| format!("create_{}", many.to)),
                    );
                }
                if create && !related.is_empty() {
                    names.push("API".to_owned());
                    names.extend(related.iter().filter_map(|list| match list.linked {
                        None => Some(format!("create_{}", list.parent)),
                        Some(_) if list.parent_creates => Some(format!("{}_body", list.parent)),
                        Some(_) => None,
                    }));
                }
                let read = actions.get(spec::Action::Read).enabled;
                if list && read && create && !includes.is_empty() {
                    names.extend(["assert_embedded".to_owned(), "count_queries".to_owned()]);
                    names.extend(
                        includes
                            .iter()
                            .filter(|include| include.sets_body)
                            .map(|include| format!("create_{}", include.parent)),
                    );
                }
                names.sort_by(|a, b| layout::version_cmp(a, b));
                names.dedup();
                layout::use_list(
                    "crate::helpers",
                    &names.iter().map(String::as_str).collect::<Vec<_>>(),
                )
            },
            apply_to_fn: layout::call(
                4,
                "pub fn apply_to(",
                &["self".to_owned(), format!("current: {struct_name}")],
                &format!(") -> {struct_name}Create {{"),
                Args::Params,
            ),
            endpoint: EndpointCode::new(
                &naming::rust_ident(&resource.name),
                &struct_name,
                &resource.name.to_title_case(),
                &format!(
                    "{}/{}",
                    spec.project.api_prefix,
                    naming::kebab(&resource.plural)
                ),
                resource.owned,
                resource.pagination == spec::Pagination::Cursor,
            ),
            create_returns: layout::returns_tuple(
                &[
                    "StatusCode".to_owned(),
                    "[(header::HeaderName, String); 1]".to_owned(),
                    format!("Json<{struct_name}Read>"),
                ],
                "AppError",
            ),
            access_lines: access::access_lines(&actions),
            owner_role: access::owner_role(resource, &actions, &spec.auth),
            role_tests: access::role_tests(&actions),
            operations: access::operations(
                &actions,
                &spec.project.api_prefix,
                &format!("/{}", naming::kebab(&resource.plural)),
            ),
            errors: Operation::ALL
                .into_iter()
                .map(|op| {
                    let names = op
                        .errors(op.access(&actions), has_unique, has_refs)
                        .into_iter()
                        .map(|error| error.info().name)
                        .collect::<Vec<_>>();
                    (op.key(), names.join(", "))
                })
                .collect(),
            responses_use: layout::use_list(
                "crate::api::responses",
                &Operation::ALL
                    .into_iter()
                    .filter(|op| op.access(&actions).enabled)
                    .flat_map(|op| op.errors(op.access(&actions), has_unique, has_refs))
                    .chain(related.iter().flat_map(|list| list.error_list.clone()))
                    .chain(
                        links
                            .iter()
                            .filter_map(|link| link.handlers.as_ref())
                            .flat_map(|handlers| handlers.error_list.clone()),
                    )
                    .map(|error| error.info().name)
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>(),
            ),
            includes,
            related,
            actions,
            links,
        }
    }
}

/// A handler's call of `with_includes` on `rows`, laid out: `(prefix, rows, include)` name what
/// it assigns, the rows and the names to include. Where embedding depends on who asks, `user`
/// says whether the handler has a signed-in user to pass on.
fn include_call(
    user: Option<bool>,
    (prefix, rows, include): (&str, &str, &str),
    calls: &[&str],
    close: &str,
) -> String {
    let mut args = vec!["&state.pool".to_owned()];
    if let Some(signed_in) = user {
        args.push(if signed_in { "Some(&user)" } else { "None" }.to_owned());
    }
    args.extend([rows.to_owned(), include.to_owned()]);
    let calls: Vec<String> = calls.iter().map(|call| (*call).to_owned()).collect();
    layout::query(
        4,
        prefix,
        "with_includes(",
        &layout::Arg::List(args),
        &|_| calls.clone(),
        close,
    )
}

/// The column of one field.
fn field_column(field: &Field, model: &FieldModel, spec: &Spec) -> sql::Column {
    let info = field.ty.info();
    let ty = match (info.sql, field.max_length) {
        (_, Some(max)) if info.varchar => sql::SqlType::VarChar(max),
        (sql::SqlType::Decimal(_), _) => {
            sql::SqlType::Decimal(field.digits.map(|digits| (digits.precision, digits.scale)))
        }
        (sql, _) => sql,
    };
    let check = match &field.ty {
        FieldType::Enum(values) => Some(sql::Check::OneOf(values.clone())),
        _ => None,
    };
    let references = match &field.ty {
        FieldType::Ref { to, on_delete } => Some(sql::ForeignKey {
            table: spec
                .resources
                .iter()
                .find(|r| &r.name == to)
                .map_or_else(|| to.clone(), |r| r.plural.clone()),
            on_delete: *on_delete,
        }),
        _ => None,
    };
    sql::Column {
        unique: field.unique,
        check,
        references,
        default: field.default.as_ref().map(|value| match value {
            spec::Value::Bool(b) => sql::Literal::Bool(*b),
            spec::Value::Int(i) => sql::Literal::Int(*i),
            spec::Value::Float(f) => sql::Literal::Float(*f),
            spec::Value::String(s) => sql::Literal::Text(s.clone()),
            spec::Value::Json(j) => sql::Literal::Text(j.to_string()),
        }),
        ..sql::Column::new(&field.name, &model.json_name, ty, field.optional)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ImportsFor {
    /// `checks`: whether `validate()` has anything to check.
    Schema {
        checks: bool,
    },
    Model,
}

/// The `use` lines of a resource's schema or model module, from the types its fields use.
fn imports(
    resource: &Resource,
    struct_name: &str,
    backend: Backend,
    target: ImportsFor,
) -> Vec<String> {
    let has_regex = resource.fields.iter().any(|f| f.pattern.is_some());
    let has_enum = resource
        .fields
        .iter()
        .any(|f| matches!(f.ty, FieldType::Enum(_)));
    let mut std_lines = Vec::new();
    // Items by crate; every table has `created_at` and `id`.
    let mut external: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut import = |krate: &'static str, items: &[&'static str]| {
        external.entry(krate).or_default().extend(items);
    };
    import("chrono", &["DateTime", "Utc"]);
    import("uuid", &["Uuid"]);
    for field in &resource.fields {
        if let Some((krate, item)) = field.ty.info().import {
            import(krate, &[item]);
        }
    }
    let mut local = Vec::new();
    let enum_names: Vec<String> = resource
        .fields
        .iter()
        .filter(|f| matches!(f.ty, FieldType::Enum(_)))
        .map(|f| enum_type_name(struct_name, f))
        .collect();
    match target {
        ImportsFor::Schema { checks } => {
            if has_regex {
                std_lines.push("use std::sync::LazyLock;".to_owned());
                import("regex", &["Regex"]);
            }
            import("serde", &["Deserialize", "Serialize"]);
            import("utoipa", &["ToSchema"]);
            local.push("use crate::error::AppError;".to_owned());
            let mut model_items = vec![struct_name.to_owned()];
            model_items.extend(enum_names);
            model_items.sort_by(|a, b| layout::version_cmp(a, b));
            local.push(layout::use_list(
                &format!("crate::models::{}", naming::rust_ident(&resource.name)),
                &model_items.iter().map(String::as_str).collect::<Vec<_>>(),
            ));
            local.push(if checks {
                "use crate::schemas::validation::{Problems, Validate};".to_owned()
            } else {
                "use crate::schemas::validation::Validate;".to_owned()
            });
            // The rows `?include=` embeds, in the detail body.
            for name in &resource.include {
                let target = resource
                    .fields
                    .iter()
                    .find_map(|field| match &field.ty {
                        FieldType::Ref { to, .. } if &field.name == name => Some(to),
                        _ => None,
                    })
                    .or_else(|| {
                        let many = resource.many.iter().find(|many| &many.name == name)?;
                        Some(&many.to)
                    });
                if let Some(to) = target.filter(|to| **to != resource.name) {
                    let line = format!(
                        "use crate::schemas::{}::{}Read;",
                        naming::rust_ident(to),
                        to.to_pascal_case()
                    );
                    if !local.contains(&line) {
                        local.push(line);
                    }
                }
            }
            local.sort_by(|a, b| layout::version_cmp(a, b));
        }
        ImportsFor::Model => {
            if has_enum {
                std_lines.push("use std::str::FromStr;".to_owned());
                import("serde", &["Deserialize", "Serialize"]);
                import("utoipa", &["ToSchema"]);
            }
            import("sqlx", &["FromRow", "Row"]);
            local.push("use crate::db::DbRow;".to_owned());
            let mut helpers = Vec::new();
            if has_enum {
                helpers.extend(["UnknownVariant", "decode_enum"]);
            }
            if backend == Backend::Sqlite
                && resource.fields.iter().any(|f| f.ty.info().text_on_sqlite)
            {
                helpers.push("decode_text");
            }
            if backend == Backend::Sqlite && !resource.many.is_empty() {
                helpers.push("decode_ids");
            }
            helpers.sort_by(|a, b| layout::version_cmp(a, b));
            match helpers.as_slice() {
                [] => {}
                [one] => local.push(format!("use crate::models::{one};")),
                many => local.push(format!("use crate::models::{{{}}};", many.join(", "))),
            }
        }
    }
    let external: Vec<String> = crate_uses(external);
    let mut lines = Vec::new();
    for group in [std_lines, external, local] {
        if group.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(group);
    }
    lines
}

#[cfg(test)]
mod tests;
