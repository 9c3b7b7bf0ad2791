//! The second pass over a spec: from the shape-checked [`raw`](super::raw) structs to the typed
//! [`Spec`], checking meaning: names, reserved words, collisions, types, constraints, literals,
//! references, reference cycles, roles and access rules. The first problem found is returned;
//! the raw pass runs first, then project, database, auth, and the resources (each with its
//! `owned` flag, its fields in file order, then its `access` rules) in file order.

mod access;
mod field;
mod job;
mod listing;
mod literal;
#[cfg(test)]
mod tests;

use std::ops::Range;

use super::diagnostic::{SourceFile, SpecError, closest, code_list, suggestion};
use super::order::{dependencies, find_cycle};
use super::raw::{self, Item, RawAuth, RawDatabase, RawProject, RawResource, RawSpec};
use super::{Access, Auth, Backend, Database, FieldType, Job, Project, Resource, Spec};
use crate::feature::{Feature, Switches};
use crate::kind::FieldKind;
use crate::naming;

const DEFAULT_API_PREFIX: &str = "/api/v1";
const DEFAULT_TOKEN_MINUTES: u32 = 30;
/// 30 days.
const MAX_TOKEN_MINUTES: u32 = 43_200;
const BACKENDS: &[&str] = &["sqlite", "postgres"];
/// Names that cannot be Rust identifiers at all, not even raw (`r#self` is invalid).
const NOT_IDENTIFIERS: &[&str] = &["self", "super", "crate"];
/// Crate names that would shadow a standard crate.
/// Whether the generated code uses a type called `name`: one a feature of the project defines or
/// imports, or one a field type imports (`NaiveTime`, `Decimal`).
fn is_generated_type(name: &str, auth: &Auth, switches: Switches) -> bool {
    Feature::ALL
        .iter()
        .filter(|feature| feature.enabled(auth, switches))
        .any(|feature| feature.info().types.contains(&name))
        || FieldKind::ALL
            .iter()
            .any(|kind| kind.info().import.is_some_and(|(_, item)| item == name))
}

/// Whether a feature serves routes under `/{word}`. Any feature's, turned on or not, so that
/// turning one on later cannot clash with a resource.
fn is_feature_route(word: &str) -> bool {
    Feature::ALL
        .iter()
        .any(|feature| feature.info().routes.contains(&word))
}

const RESERVED_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// Parses and validates `source`; `origin` names it in errors.
pub(super) fn validate(source: &str, origin: &str) -> Result<Spec, SpecError> {
    let file: SourceFile<'_> = SourceFile {
        origin,
        text: source,
    };
    let raw: RawSpec = raw::read(&file)?;
    let project: Project = project(&file, &raw.project)?;
    let database: Database = database(&file, &raw.database)?;
    let auth: Auth = auth(&file, &raw.auth)?;
    let catalog: Catalog<'_> = Catalog::new(&raw.resources);
    let switches = Switches {
        jobs: !raw.jobs.is_empty(),
        events: raw.resources.iter().any(|raw_resource| {
            raw_resource
                .events
                .as_ref()
                .is_some_and(|events| events.value)
        }),
    };
    let mut resources: Vec<Resource> = Vec::with_capacity(raw.resources.len());
    for raw_resource in &raw.resources {
        let resource: Resource =
            resource(&file, raw_resource, &resources, &catalog, &auth, switches)?;
        resources.push(resource);
    }
    check_cycles(&file, &raw.resources, &resources)?;
    for (raw_resource, resource) in raw.resources.iter().zip(&resources) {
        field::check_link_paths(&file, raw_resource, resource, &resources)?;
    }
    let jobs: Vec<Job> = raw
        .jobs
        .iter()
        .map(|raw_job| job::job(&file, raw_job, &catalog, &auth))
        .collect::<Result<_, _>>()?;
    for (raw_resource, resource) in raw.resources.iter().zip(&mut resources) {
        if let Some(item) = &raw_resource.after_create {
            resource.after_create = job::after_create(&file, item, resource, &jobs)?;
        }
    }
    let readable: Vec<(String, bool)> = resources
        .iter()
        .map(|r| (r.name.clone(), r.access.read != super::AccessLevel::None))
        .collect();
    for (raw_resource, resource) in raw.resources.iter().zip(&mut resources) {
        resource.include = listing::includes(&file, raw_resource, resource, &readable)?;
    }
    Ok(Spec {
        project,
        database,
        auth,
        resources,
        jobs,
    })
}

/// Parses and validates `source` as the next version of the spec `old`: what a project generated
/// from `old` cannot become is refused here too.
pub(super) fn validate_change(source: &str, origin: &str, old: &Spec) -> Result<Spec, SpecError> {
    let spec: Spec = validate(source, origin)?;
    let file: SourceFile<'_> = SourceFile {
        origin,
        text: source,
    };
    let raw: RawSpec = raw::read(&file)?;
    for (raw_resource, resource) in raw.resources.iter().zip(&spec.resources) {
        let Some(before) = old.resources.iter().find(|r| r.name == resource.name) else {
            continue;
        };
        if before.owned != resource.owned {
            let span: Range<usize> = raw_resource
                .owned
                .as_ref()
                .map_or(raw_resource.key.clone(), |owned| owned.span.clone());
            return Err(file
                .error(
                    span,
                    format!(
                        "resource `{}` changed `owned`: its existing rows have no owner to give them (or would lose it)",
                        resource.name
                    ),
                )
                .with_hint(
                    "ownership is decided when a resource is created: add a new owned resource instead, or put `owned` back",
                ));
        }
    }
    Ok(spec)
}

/// Every resource's singular and plural name, for resolving and suggesting `ref` targets.
pub(super) struct Catalog<'r> {
    pub singular: Vec<&'r str>,
    pub plural: Vec<String>,
}

impl<'r> Catalog<'r> {
    fn new(resources: &'r [RawResource]) -> Self {
        Catalog {
            singular: resources.iter().map(|r| r.name.as_str()).collect(),
            plural: resources.iter().map(plural_of).collect(),
        }
    }
}

fn plural_of(resource: &RawResource) -> String {
    match &resource.plural {
        Some(plural) => plural.value.clone(),
        None => naming::pluralize(&resource.name),
    }
}

fn project(file: &SourceFile<'_>, raw: &RawProject) -> Result<Project, SpecError> {
    let name: &Item<String> = &raw.name;
    if !is_project_name(&name.value) {
        let fixed: String = naming::kebab(&name.value);
        let hint: String = if is_project_name(&fixed) {
            format!("try `{fixed}`")
        } else {
            "use lowercase letters, digits, `-` and `_`, starting with a letter".to_owned()
        };
        return Err(file
            .error(
                name.span.clone(),
                format!("invalid project name `{}`", name.value),
            )
            .with_hint(hint));
    }
    let crate_name: String = name.value.replace('-', "_");
    if naming::is_rust_keyword(&crate_name) || RESERVED_CRATES.contains(&crate_name.as_str()) {
        return Err(file
            .error(
                name.span.clone(),
                format!(
                    "project name `{}` cannot be used as a crate name",
                    name.value
                ),
            )
            .with_hint("it is a Rust keyword or a standard crate; pick another name"));
    }
    let api_prefix: String = match &raw.api_prefix {
        Some(prefix) => {
            check_api_prefix(file, prefix)?;
            prefix.value.clone()
        }
        None => DEFAULT_API_PREFIX.to_owned(),
    };
    Ok(Project {
        name: name.value.clone(),
        description: raw.description.as_ref().map(|d| d.value.clone()),
        api_prefix,
    })
}

/// Lowercase ASCII letters, digits, `-` and `_`, starting with a letter.
fn is_project_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn check_api_prefix(file: &SourceFile<'_>, prefix: &Item<String>) -> Result<(), SpecError> {
    let text: &str = &prefix.value;
    let problem: Option<&str> = if !text.starts_with('/') {
        Some("must start with `/`")
    } else if text.ends_with('/') {
        Some("must not end with `/`")
    } else if text.contains("//") {
        Some("must not contain `//`")
    } else if !text
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '/' | '_' | '-'))
    {
        Some("may only contain lowercase letters, digits, `/`, `_` and `-`")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(file
            .error(
                prefix.span.clone(),
                format!("`api_prefix` {problem} (found `{text}`)"),
            )
            .with_hint(format!("for example `{DEFAULT_API_PREFIX}`"))),
        None => Ok(()),
    }
}

fn database(file: &SourceFile<'_>, raw: &RawDatabase) -> Result<Database, SpecError> {
    let backend: Backend = match &raw.backend {
        None => Backend::Sqlite,
        Some(backend) => match backend.value.as_str() {
            "sqlite" => Backend::Sqlite,
            "postgres" => Backend::Postgres,
            other => {
                return Err(file
                    .error(
                        backend.span.clone(),
                        format!("unknown database backend `{other}`"),
                    )
                    .with_hint(suggestion(other, BACKENDS, "supported backends are")));
            }
        },
    };
    Ok(Database { backend })
}

fn auth(file: &SourceFile<'_>, raw: &RawAuth) -> Result<Auth, SpecError> {
    let token_minutes: u32 = match &raw.token_minutes {
        None => DEFAULT_TOKEN_MINUTES,
        Some(minutes) => u32::try_from(minutes.value)
            .ok()
            .filter(|m| (1..=MAX_TOKEN_MINUTES).contains(m))
            .ok_or_else(|| {
                file.error(
                    minutes.span.clone(),
                    format!(
                        "`token_minutes` must be between 1 and {MAX_TOKEN_MINUTES} (30 days), found {}",
                        minutes.value
                    ),
                )
            })?,
    };
    let enabled: bool = raw.enabled.as_ref().is_none_or(|enabled| enabled.value);
    let roles: Vec<String> = access::roles(file, raw)?;
    let default_role: String = access::default_role(file, raw, &roles, enabled)?;
    Ok(Auth {
        enabled,
        token_minutes,
        roles,
        default_role,
    })
}

fn resource(
    file: &SourceFile<'_>,
    raw: &RawResource,
    earlier: &[Resource],
    catalog: &Catalog<'_>,
    auth: &Auth,
    switches: Switches,
) -> Result<Resource, SpecError> {
    check_identifier(file, &raw.name, raw.key.clone(), "resource name")?;
    check_reserved_resource(file, &raw.name, &raw.name, raw.key.clone(), auth, switches)?;
    let plural: String = plural_of(raw);
    let plural_span: Range<usize> = match &raw.plural {
        Some(item) => {
            check_identifier(file, &item.value, item.span.clone(), "plural")?;
            item.span.clone()
        }
        None => raw.key.clone(),
    };
    check_reserved_resource(
        file,
        &raw.name,
        &plural,
        plural_span.clone(),
        auth,
        switches,
    )?;
    for other in earlier {
        let theirs: [&str; 2] = [&other.name, &other.plural];
        let clash: Option<(&str, Range<usize>)> = if theirs.contains(&raw.name.as_str()) {
            Some((&raw.name, raw.key.clone()))
        } else if theirs.contains(&plural.as_str()) {
            Some((&plural, plural_span.clone()))
        } else {
            None
        };
        if let Some((word, span)) = clash {
            return Err(file
                .error(
                    span,
                    format!(
                        "resource `{}` clashes with resource `{}`: both use the name `{word}`",
                        raw.name, other.name
                    ),
                )
                .with_hint(format!(
                    "resource `{}` has the plural `{}`; rename one of them or set `plural` explicitly",
                    other.name, other.plural
                )));
        }
    }
    if raw.fields.is_empty() {
        return Err(file
            .error(
                raw.fields_span.clone(),
                format!("resource `{}` has no fields", raw.name),
            )
            .with_hint("add at least one field, e.g. `fields.name = \"string\"`"));
    }
    let owned: bool = access::owned(file, raw, auth)?;
    let mut fields: Vec<super::Field> = Vec::with_capacity(raw.fields.len());
    let mut many: Vec<super::Many> = Vec::new();
    for raw_field in &raw.fields {
        let context: field::Context<'_> = field::Context {
            resource: &raw.name,
            catalog,
            auth,
        };
        if field::is_many(raw_field) {
            many.push(field::many(file, raw_field, &context)?);
            continue;
        }
        let field: super::Field = field::field(file, raw_field, &context)?;
        field::check_columns(file, raw_field, &field, &fields)?;
        if owned {
            field::check_owner_columns(file, raw_field, &field)?;
        }
        fields.push(field);
    }
    field::check_many(file, raw, &fields, &many, catalog)?;
    let access: Access = access::access(file, raw, owned, auth)?;
    let listing::Lists {
        filter,
        sort,
        search,
        pagination,
        export,
    } = listing::lists(file, raw, &fields)?;
    if export
        && access.list == super::AccessLevel::None
        && let Some(item) = &raw.export
    {
        return Err(file
            .error(
                item.span.clone(),
                format!("`{}` exports its list, which nobody may read", raw.name),
            )
            .with_hint("give `access.list` a level other than `none`, or remove `export`"));
    }
    let events = raw.events.as_ref().is_some_and(|item| item.value);
    if events
        && access.read == super::AccessLevel::None
        && let Some(item) = &raw.events
    {
        return Err(file
            .error(
                item.span.clone(),
                format!("`{}` sends events of rows nobody may read", raw.name),
            )
            .with_hint("give `access.read` a level other than `none`, or remove `events`"));
    }
    Ok(Resource {
        name: raw.name.clone(),
        plural,
        fields,
        many,
        owned,
        access,
        after_create: Vec::new(),
        filter,
        sort,
        search,
        pagination,
        export,
        include: Vec::new(),
        events,
    })
}

/// Checks that `name` is a snake_case identifier; `what` is "resource name", "plural", ...
pub(super) fn check_identifier(
    file: &SourceFile<'_>,
    name: &str,
    span: Range<usize>,
    what: &str,
) -> Result<(), SpecError> {
    if naming::is_snake_ident(name) {
        return Ok(());
    }
    let fixed: String = naming::snake(name);
    let hint: String = if naming::is_snake_ident(&fixed) {
        format!("names are snake_case: try `{fixed}`")
    } else {
        "names are snake_case: lowercase letters, digits and single `_`, starting with a letter"
            .to_owned()
    };
    Err(file
        .error(span, format!("invalid {what} `{name}`"))
        .with_hint(hint))
}

/// Checks a `name` that becomes a Rust enum variant: not `Self`, and not the same variant as one
/// of the `earlier` names. `what` names one ("role name", "enum value"; its last word is what to
/// pick instead), `many` several ("roles", "enum values").
pub(super) fn check_variant(
    file: &SourceFile<'_>,
    name: &str,
    span: Range<usize>,
    earlier: &[String],
    what: &str,
    many: &str,
) -> Result<(), SpecError> {
    let variant = naming::pascal(name);
    if variant == "Self" {
        let noun = what.rsplit(' ').next().unwrap_or(what);
        return Err(file
            .error(
                span,
                format!("{what} `self` cannot be used: its Rust variant would be `Self`"),
            )
            .with_hint(format!("pick another {noun}")));
    }
    if let Some(twin) = earlier
        .iter()
        .find(|other| naming::pascal(other) == variant)
    {
        return Err(file
            .error(
                span,
                format!(
                    "{many} `{twin}` and `{name}` would both become the Rust variant `{variant}`"
                ),
            )
            .with_hint("rename one of them"));
    }
    Ok(())
}

/// Checks `word` (the singular `resource` or its plural) against the reserved names.
fn check_reserved_resource(
    file: &SourceFile<'_>,
    resource: &str,
    word: &str,
    span: Range<usize>,
    auth: &Auth,
    switches: Switches,
) -> Result<(), SpecError> {
    let subject: String = if word == resource {
        format!("resource name `{word}`")
    } else {
        format!("the plural `{word}` of resource `{resource}`")
    };
    let (reason, hint): (String, String) = if NOT_IDENTIFIERS.contains(&word) {
        (
            format!("{subject} cannot be used: `{word}` is not a valid Rust identifier"),
            "pick another name".to_owned(),
        )
    } else if is_feature_route(word) {
        (
            format!("{subject} is reserved for the generated `/{word}` endpoints"),
            "pick another name".to_owned(),
        )
    } else if let Some(table) = Feature::ALL
        .iter()
        .filter(|feature| feature.enabled(auth, switches))
        .flat_map(|feature| feature.info().tables)
        .find(|table| table.is_named(word))
    {
        (
            format!("{subject} is reserved: {}", table.reserved_because),
            table.rename_hint.to_owned(),
        )
    } else if word == resource && is_generated_type(&naming::pascal(word), auth, switches) {
        (
            format!(
                "{subject} cannot be used: its type `{}` would clash with a type the generated code uses",
                naming::pascal(word)
            ),
            "pick another name".to_owned(),
        )
    } else {
        return Ok(());
    };
    Err(file.error(span, reason).with_hint(hint))
}

fn check_cycles(
    file: &SourceFile<'_>,
    raw: &[RawResource],
    resources: &[Resource],
) -> Result<(), SpecError> {
    let Some(cycle) = find_cycle(&dependencies(resources)) else {
        return Ok(());
    };
    let mut names: Vec<&str> = cycle.iter().map(|&i| resources[i].name.as_str()).collect();
    names.push(&resources[cycle[0]].name);
    let first: &Resource = &resources[cycle[0]];
    let next: &str = &resources[cycle[1 % cycle.len()]].name;
    let position: usize = first
        .fields
        .iter()
        .position(|f| matches!(&f.ty, FieldType::Ref { to, .. } if to == next))
        .unwrap_or(0);
    Err(file
        .error(
            raw[cycle[0]].fields[position].key.clone(),
            format!(
                "resources reference each other in a cycle: {}",
                names.join(" -> ")
            ),
        )
        .with_hint(
            "migrations create each table after the tables it references, so a cycle cannot be \
             created; break it by removing one of these `ref` fields",
        ))
}

/// The hint for an unknown name among `candidates`: a close match, or the list.
pub(super) fn name_hint(input: &str, candidates: &[&str], what: &str) -> String {
    match closest(input, candidates) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None if candidates.is_empty() => format!("the spec defines no {what}"),
        None => format!("{what} in this spec: {}", code_list(candidates)),
    }
}
