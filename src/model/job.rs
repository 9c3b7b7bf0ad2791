//! The model of one background job: its arguments' type, who may queue it over HTTP, its limits
//! and schedule, and the values its tests send.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToPascalCase;
use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::{Checks, EnumModel, FieldModel, PatternModel, access, crate_uses, layout};
use crate::naming;
use crate::spec::{AccessLevel, ArgSource, FieldType, Job, Spec, samples};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct JobModel {
    /// As written: `send_receipt`.
    pub name: String,
    /// Module name (raw when a keyword).
    pub module: String,
    /// File stem under `src/jobs/`.
    pub file: String,
    /// The type of its arguments: `SendReceiptArgs`.
    pub args_struct: String,
    /// Below the API prefix: `/jobs/send-receipt`.
    pub path: String,
    /// The handler that queues a task: `enqueue_send_receipt`.
    pub handler: String,
    /// Some caller may queue it over HTTP (its access is not `none`).
    pub http: bool,
    /// The handler takes the signed-in user (who then owns the task).
    pub needs_user: bool,
    /// The role variant it needs (admins always pass).
    pub role: Option<String>,
    /// Who may queue it, in words.
    pub rule: String,
    pub args: Vec<FieldModel>,
    /// The statements of its arguments' `Validate` impl.
    pub validation: Vec<String>,
    pub patterns: Vec<PatternModel>,
    /// The enums its arguments declare.
    pub enums: Vec<EnumModel>,
    /// The `use` lines of its module.
    pub imports: Vec<String>,
    pub max_attempts: u32,
    pub timeout_secs: u32,
    pub cron: Option<String>,
    /// `const ARGS: &str = r#"{..}"#;`: valid arguments as JSON, for its tests, laid out.
    pub test_args_const: String,
    /// `let args: &str = r#"{..}"#;`, the same inside a test, laid out.
    pub test_args_let: String,
    /// Some argument is required (`{}` is refused).
    pub has_required: bool,
    /// Its `ref` arguments, whose rows must exist.
    pub refs: Vec<FieldModel>,
    /// For its HTTP test, per `ref` argument: the statement that puts a new row's id in the
    /// body, and the assertion that an unknown id is refused, laid out.
    pub ref_tests: Vec<RefTest>,
    /// `async fn check_<job>_references(..) -> .. {` and its call in the handler, laid out.
    pub check_references_fn: String,
    pub check_references_call: String,
    /// The error responses its OpenAPI attribute lists.
    pub error_responses: String,
    /// For each resource that queues it with each new row: how the row gives its arguments.
    pub from_rows: Vec<FromRowModel>,
    /// The dispatch arm of `jobs::perform`, laid out.
    pub perform_arm: String,
    /// Its arm in `jobs::enqueue_scheduled`, laid out.
    pub schedule_arm: String,
}

/// How the HTTP test of a job gives one `ref` argument a row, and checks an unknown one.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RefTest {
    pub key: String,
    pub setup: String,
    pub refused: String,
}

/// `impl From<&Row> for ..Args`: the arguments a new row of a resource gives the job.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FromRowModel {
    /// The row's type.
    pub struct_name: String,
    /// `ident: value,` for each argument.
    pub inits: Vec<String>,
}

impl JobModel {
    pub(super) fn new(job: &Job, spec: &Spec) -> JobModel {
        let args_struct = format!("{}Args", job.name.to_pascal_case());
        let args: Vec<FieldModel> = job
            .args
            .iter()
            .map(|field| FieldModel::new(field, &args_struct, spec))
            .collect();
        let checks = Checks::of(&job.args, &args, &args_struct);
        let role = match &job.access {
            AccessLevel::Role(role) => Some(role.to_pascal_case()),
            _ => None,
        };
        let rule = match &job.access {
            AccessLevel::None => "nobody (only code)".to_owned(),
            level => access::rule(level),
        };
        let http = job.access != AccessLevel::None;
        let module = naming::rust_ident(&job.name);
        let mut test_args = Map::new();
        for (field, model) in job.args.iter().zip(&args) {
            let value = match &field.ty {
                FieldType::Ref { .. } => {
                    Json::String("0190f0f0-0000-7000-8000-000000000001".to_owned())
                }
                _ => samples::valid_values(field)
                    .and_then(|values| values.into_iter().next())
                    .unwrap_or(Json::Null),
            };
            test_args.insert(model.json_name.clone(), value);
        }
        let test_args = Json::Object(test_args).to_string();
        let from_rows: Vec<FromRowModel> = spec
            .resources
            .iter()
            .filter(|resource| resource.after_create.contains(&job.name))
            .map(|resource| FromRowModel {
                struct_name: resource.name.to_pascal_case(),
                inits: job
                    .args
                    .iter()
                    .zip(&args)
                    .map(|(arg, model)| {
                        let value = match Job::source(arg, resource) {
                            Some(ArgSource::Id) => "row.id".to_owned(),
                            Some(ArgSource::Field(field)) => {
                                let column = naming::rust_ident(&field.column());
                                let copy =
                                    !matches!(field.ty.info().rust, "String" | "serde_json::Value");
                                let value = if copy {
                                    format!("row.{column}")
                                } else {
                                    format!("row.{column}.clone()")
                                };
                                if arg.optional && !field.optional {
                                    format!("Some({value})")
                                } else {
                                    value
                                }
                            }
                            Some(ArgSource::Absent) | None if arg.default.is_some() => {
                                format!("{}()", model.default_fn)
                            }
                            Some(ArgSource::Absent) | None => "None".to_owned(),
                        };
                        if value == model.ident {
                            format!("{value},")
                        } else {
                            format!("{}: {value},", model.ident)
                        }
                    })
                    .collect(),
            })
            .collect();
        JobModel {
            imports: imports(
                job,
                spec,
                !checks.validation.create.is_empty(),
                !checks.patterns.is_empty(),
            ),
            path: format!("/jobs/{}", naming::kebab(&job.name)),
            handler: format!("enqueue_{}", job.name),
            http,
            needs_user: http && spec.auth.enabled && job.access != AccessLevel::Public,
            role,
            rule,
            validation: checks.validation.create,
            patterns: checks.patterns,
            enums: checks.enums,
            max_attempts: job.max_attempts,
            timeout_secs: job.timeout_secs,
            cron: job.cron.clone(),
            test_args_const: layout::assign(
                0,
                "const ARGS: &str",
                &format!("r#\"{test_args}\"#"),
                ";",
            ),
            test_args_let: layout::assign(4, "let args: &str", &format!("r#\"{test_args}\"#"), ";"),
            has_required: job
                .args
                .iter()
                .any(|arg| !arg.optional && arg.default.is_none()),
            from_rows,
            refs: args.iter().filter(|arg| arg.is_ref).cloned().collect(),
            ref_tests: args
                .iter()
                .filter(|arg| arg.is_ref)
                .map(|arg| RefTest {
                    key: arg.json_name.clone(),
                    setup: layout::assign(
                        4,
                        &format!("body[\"{}\"]", arg.json_name),
                        &format!("create_{}(&app).await[\"id\"].clone()", arg.ref_name),
                        ";",
                    ),
                    refused: layout::call(
                        4,
                        "assert_validation_error(",
                        &[
                            "&refused".to_owned(),
                            format!("&[\"body\", \"{}\"]", arg.json_name),
                            "\"foreign_key\"".to_owned(),
                        ],
                        ");",
                        layout::Args::Call,
                    ),
                })
                .collect(),
            check_references_fn: layout::call(
                0,
                &format!("async fn check_{}_references(", job.name),
                &[
                    "db: &mut Connection".to_owned(),
                    format!("input: &jobs::{module}::{args_struct}"),
                ],
                ") -> Result<(), AppError> {",
                layout::Args::Params,
            ),
            check_references_call: layout::query(
                4,
                "",
                &format!("check_{}_references(", job.name),
                &layout::Arg::List(vec![
                    "&mut *state.pool.acquire().await?".to_owned(),
                    "&args".to_owned(),
                ]),
                &|_| vec!["await".to_owned()],
                "?;",
            ),
            perform_arm: layout::arm(
                8,
                &format!("{module}::NAME"),
                &format!("{module}::perform(&ctx, args(payload)?).await"),
            ),
            error_responses: error_responses(job, spec)
                .iter()
                .map(|name| format!("{name}, "))
                .collect::<String>()
                .trim_end()
                .to_owned(),
            schedule_arm: layout::arm(
                8,
                &format!("{module}::NAME"),
                &format!("{module}::enqueue(&mut conn, &no_args()?, options).await?"),
            ),
            name: job.name.clone(),
            file: job.name.clone(),
            module,
            args_struct,
            args,
        }
    }
}

/// The error responses of the handler that queues `job`, as `api/responses.rs` names them.
pub(super) fn error_responses(job: &Job, spec: &Spec) -> Vec<&'static str> {
    let mut names = Vec::new();
    if spec.auth.enabled && job.access != AccessLevel::Public {
        names.push("Unauthenticated");
    }
    if matches!(&job.access, AccessLevel::Role(_)) {
        names.push("Forbidden");
    }
    if job
        .args
        .iter()
        .any(|arg| matches!(arg.ty, FieldType::Ref { .. }))
    {
        names.extend(["NotJson", "InvalidBodyOrReference"]);
    } else {
        names.extend(["NotJson", "InvalidBody"]);
    }
    names
}

/// The `use` lines of a job's module, grouped and sorted as rustfmt keeps them.
fn imports(job: &Job, spec: &Spec, checks: bool, patterns: bool) -> Vec<String> {
    let mut external: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut import = |krate: &'static str, items: &[&'static str]| {
        external.entry(krate).or_default().extend(items);
    };
    import("serde", &["Deserialize", "Serialize"]);
    import("serde_json", &["Value", "json"]);
    import("utoipa", &["ToSchema"]);
    for arg in &job.args {
        let info = arg.ty.info();
        if let Some((krate, item)) = info.import {
            import(krate, &[item]);
        }
        match info.rust {
            "Uuid" => import("uuid", &["Uuid"]),
            "DateTime<Utc>" => import("chrono", &["DateTime", "Utc"]),
            _ => {}
        }
    }
    if patterns {
        import("regex", &["Regex"]);
    }
    let mut lines: Vec<String> = Vec::new();
    if patterns {
        lines.push("use std::sync::LazyLock;".to_owned());
    }
    lines.extend(["use std::time::Duration;".to_owned(), String::new()]);
    lines.extend(crate_uses(external));
    lines.push(String::new());
    let mut local: Vec<String> = [
        "crate::db::Connection",
        "crate::error::AppError",
        "crate::jobs::{Enqueue, JobContext, JobError}",
        "crate::models::task::Task",
        if checks {
            "crate::schemas::validation::{Problems, Validate}"
        } else {
            "crate::schemas::validation::Validate"
        },
    ]
    .map(str::to_owned)
    .to_vec();
    local.extend(
        spec.resources
            .iter()
            .filter(|resource| resource.after_create.contains(&job.name))
            .map(|resource| {
                format!(
                    "crate::models::{}::{}",
                    naming::rust_ident(&resource.name),
                    resource.name.to_pascal_case()
                )
            }),
    );
    local.sort_by(|a, b| layout::version_cmp(a, b));
    lines.extend(local.into_iter().map(|path| format!("use {path};")));
    lines
}
