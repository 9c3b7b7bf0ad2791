//! Validation of one `[jobs.<name>]` table: its name, its arguments (fields, as a resource's
//! are, less what only a column can be), its limits, who may queue it and its schedule.

use std::ops::Range;
use std::str::FromStr;

use super::super::diagnostic::{SourceFile, SpecError, closest, code_list};
use super::super::raw::{Item, RawJob};
use super::super::{AccessLevel, Auth, Field, Job, Resource};
use super::{Catalog, check_identifier, field, name_hint};

const DEFAULT_MAX_ATTEMPTS: u32 = 5;
const MAX_MAX_ATTEMPTS: u32 = 100;
const DEFAULT_TIMEOUT_SECS: u32 = 300;
/// A day.
const MAX_TIMEOUT_SECS: u32 = 86_400;
/// Modules `src/jobs/` has beside one per job.
const JOB_MODULES: &[&str] = &["mod", "worker"];
/// Who may queue a task, as written.
const LEVELS: &[&str] = &["public", "user", "none"];

/// Validates one job.
pub(super) fn job(
    file: &SourceFile<'_>,
    raw: &RawJob,
    catalog: &Catalog<'_>,
    auth: &Auth,
) -> Result<Job, SpecError> {
    check_identifier(file, &raw.name, raw.key.clone(), "job name")?;
    if JOB_MODULES.contains(&raw.name.as_str()) {
        return Err(file
            .error(
                raw.key.clone(),
                format!(
                    "job name `{}` is taken by the module `src/jobs/{}.rs`",
                    raw.name, raw.name
                ),
            )
            .with_hint("pick another name"));
    }
    let mut args: Vec<Field> = Vec::with_capacity(raw.args.len());
    for raw_arg in &raw.args {
        let column_only: [(&str, Option<Range<usize>>); 3] = [
            (
                "unique",
                raw_arg.unique.as_ref().map(|item| item.key.clone()),
            ),
            ("index", raw_arg.index.as_ref().map(|item| item.key.clone())),
            (
                "on_delete",
                raw_arg.on_delete.as_ref().map(|item| item.key.clone()),
            ),
        ];
        if let Some((key, span)) = column_only
            .into_iter()
            .find_map(|(key, span)| span.map(|span| (key, span)))
        {
            return Err(file
                .error(
                    span,
                    format!("`{key}` applies to a column; a job's arguments are not stored in one"),
                )
                .with_hint(format!("remove `{key}`")));
        }
        let context: field::Context<'_> = field::Context {
            // No resource: an argument that refers to a resource never refers to itself.
            resource: "",
            catalog,
            auth,
        };
        let arg: Field = field::field(file, raw_arg, &context)?;
        field::check_columns(file, raw_arg, &arg, &args)?;
        args.push(arg);
    }
    let max_attempts: u32 = bounded(
        file,
        raw.max_attempts.as_ref(),
        "max_attempts",
        DEFAULT_MAX_ATTEMPTS,
        MAX_MAX_ATTEMPTS,
    )?;
    let timeout_secs: u32 = bounded(
        file,
        raw.timeout_secs.as_ref(),
        "timeout_secs",
        DEFAULT_TIMEOUT_SECS,
        MAX_TIMEOUT_SECS,
    )?;
    let access: AccessLevel = access(file, raw, auth)?;
    let cron: Option<String> = match &raw.cron {
        None => None,
        Some(item) => Some(schedule(file, raw, item, &args)?),
    };
    Ok(Job {
        name: raw.name.clone(),
        args,
        max_attempts,
        timeout_secs,
        access,
        cron,
    })
}

/// `item`, between 1 and `max`, or `default` when absent.
fn bounded(
    file: &SourceFile<'_>,
    item: Option<&Item<i64>>,
    key: &str,
    default: u32,
    max: u32,
) -> Result<u32, SpecError> {
    let Some(item) = item else {
        return Ok(default);
    };
    u32::try_from(item.value)
        .ok()
        .filter(|value| (1..=max).contains(value))
        .ok_or_else(|| {
            file.error(
                item.span.clone(),
                format!("`{key}` must be between 1 and {max}, found {}", item.value),
            )
            .with_hint(format!("the default is {default}"))
        })
}

/// Who may queue the job over HTTP: `user` by default with authentication, else `public`.
fn access(file: &SourceFile<'_>, raw: &RawJob, auth: &Auth) -> Result<AccessLevel, SpecError> {
    let Some(item) = &raw.access else {
        return Ok(if auth.enabled {
            AccessLevel::User
        } else {
            AccessLevel::Public
        });
    };
    let word: &str = &item.value;
    match word {
        "none" => Ok(AccessLevel::None),
        "public" if !auth.enabled => Ok(AccessLevel::Public),
        "public" => Err(file
            .error(
                item.span.clone(),
                "with authentication, a task belongs to the user who queues it, so a job cannot be `public`",
            )
            .with_hint("use `user` (any signed-in user) or a role")),
        "user" | "owner" if !auth.enabled => Err(file
            .error(item.span.clone(), format!("`access = \"{word}\"` needs authentication"))
            .with_hint("set `enabled = true` in `[auth]`, or use `public` or `none`")),
        "user" => Ok(AccessLevel::User),
        "owner" => Err(file
            .error(item.span.clone(), "a job has no owner before it is queued")
            .with_hint("use `user` (any signed-in user), a role, or `none`")),
        role if auth.enabled && auth.roles.iter().any(|r| r == role) => {
            Ok(AccessLevel::Role(role.to_owned()))
        }
        other => {
            let mut candidates: Vec<&str> = LEVELS.to_vec();
            candidates.extend(auth.roles.iter().map(String::as_str));
            let hint: String = match closest(other, &candidates) {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None => format!("use one of {}", code_list(&candidates)),
            };
            Err(file
                .error(item.span.clone(), format!("unknown access level `{other}`"))
                .with_hint(hint))
        }
    }
}

/// The job's cron expression, once it parses and its tasks can be queued without arguments.
fn schedule(
    file: &SourceFile<'_>,
    raw: &RawJob,
    item: &Item<String>,
    args: &[Field],
) -> Result<String, SpecError> {
    if let Err(error) = cron::Schedule::from_str(&item.value) {
        // The parser's message repeats the expression with a caret under the fault; its last
        // line says what is wrong.
        let message: String = error.to_string();
        let reason: &str = message.lines().last().unwrap_or_default().trim();
        return Err(file
            .error(
                item.span.clone(),
                format!("invalid cron expression `{}`: {reason}", item.value),
            )
            .with_hint(
                "six fields, seconds first, in UTC: `sec min hour day month weekday`, \
                 e.g. `0 0 3 * * *` for 03:00 every day",
            ));
    }
    if let Some(arg) = args
        .iter()
        .find(|arg| !arg.optional && arg.default.is_none())
    {
        return Err(file
            .error(
                item.span.clone(),
                format!(
                    "job `{}` runs on a schedule, which gives it no arguments, but `{}` is required",
                    raw.name, arg.name
                ),
            )
            .with_hint(format!(
                "make `{}` optional or give it a `default`, or remove `cron`",
                arg.name
            )));
    }
    Ok(item.value.clone())
}

/// A resource's `after_create`: jobs of the spec, each listed once, whose every argument a new
/// row can give ([`Job::source`]).
pub(super) fn after_create(
    file: &SourceFile<'_>,
    item: &Item<Vec<Item<String>>>,
    resource: &Resource,
    jobs: &[Job],
) -> Result<Vec<String>, SpecError> {
    let mut names: Vec<String> = Vec::with_capacity(item.value.len());
    for name in &item.value {
        let Some(job) = jobs.iter().find(|job| job.name == name.value) else {
            let known: Vec<&str> = jobs.iter().map(|job| job.name.as_str()).collect();
            return Err(file
                .error(name.span.clone(), format!("unknown job `{}`", name.value))
                .with_hint(name_hint(&name.value, &known, "jobs")));
        };
        if names.contains(&job.name) {
            return Err(file
                .error(
                    name.span.clone(),
                    format!("job `{}` is listed twice", job.name),
                )
                .with_hint("list each job once"));
        }
        if let Some(arg) = job
            .args
            .iter()
            .find(|arg| Job::source(arg, resource).is_none())
        {
            return Err(file
                .error(
                    name.span.clone(),
                    format!(
                        "job `{}` cannot be queued with each new {}: its argument `{}` ({}) is not a field of `{}` of the same type",
                        job.name,
                        resource.name,
                        arg.name,
                        arg.ty.keyword(),
                        resource.name
                    ),
                )
                .with_hint(format!(
                    "a `ref` argument to `{}` takes the new row's id; otherwise name the argument after a field of `{}` of the same type, or make it optional",
                    resource.name, resource.name
                )));
        }
        names.push(job.name.clone());
    }
    Ok(names)
}
