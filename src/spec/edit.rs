//! Edits a spec's TOML in place (with `toml_edit`), keeping the user's comments and layout.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::Backend;
use super::shorthand::FieldArg;

/// Values given on the command line that take precedence over the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Overrides {
    pub name: Option<String>,
    pub description: Option<String>,
    pub backend: Option<Backend>,
    pub auth: Option<bool>,
    pub roles: Option<Vec<String>>,
}

impl Overrides {
    pub(crate) fn is_empty(&self) -> bool {
        self == &Overrides::default()
    }
}

/// `source` with the overrides written into it. Source that is not valid TOML is returned as is:
/// parsing it reports the error with its location.
pub(crate) fn apply_overrides(source: &str, overrides: &Overrides) -> String {
    if overrides.is_empty() {
        return source.to_owned();
    }
    let Ok(mut document) = source.parse::<DocumentMut>() else {
        return source.to_owned();
    };
    if let Some(name) = &overrides.name {
        set(&mut document, "project", "name", name.as_str().into());
    }
    if let Some(backend) = overrides.backend {
        set(
            &mut document,
            "database",
            "backend",
            backend.as_str().into(),
        );
    }
    if let Some(description) = &overrides.description {
        set(
            &mut document,
            "project",
            "description",
            description.as_str().into(),
        );
    }
    if let Some(enabled) = overrides.auth {
        set(&mut document, "auth", "enabled", enabled.into());
    }
    if let Some(roles) = &overrides.roles {
        let array: toml_edit::Array = roles.iter().map(String::as_str).collect();
        set(&mut document, "auth", "roles", Value::Array(array));
    }
    document.to_string()
}

/// Sets `[table] key = value`, keeping the comments around an existing value and creating the
/// table (as a `[table]` section) when it is missing.
fn set(document: &mut DocumentMut, table: &str, key: &str, mut value: Value) {
    let table = document
        .entry(table)
        .or_insert_with(|| Item::Table(Table::new()));
    let Some(table) = table.as_table_like_mut() else {
        return;
    };
    if let Some(existing) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = existing.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

/// Why a spec edit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("scaffold.toml is not valid TOML: {0}")]
    Syntax(String),
    #[error("resource `{0}` already exists in the spec")]
    ResourceExists(String),
    #[error("there is no resource `{0}` in the spec{1}")]
    NoSuchResource(String, String),
    #[error("resource `{resource}` already has a field `{field}`")]
    FieldExists { resource: String, field: String },
    #[error("job `{0}` already exists in the spec")]
    JobExists(String),
}

/// What `scaffold add job` sets besides the arguments; `None` leaves the spec's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct JobOptions {
    pub access: Option<String>,
    pub cron: Option<String>,
    pub max_attempts: Option<i64>,
    pub timeout_secs: Option<i64>,
}

/// `source` with a new `[jobs.<name>]` section at the end, holding `options` and `args` as
/// `args.<name> = ...` lines.
pub(crate) fn add_job(
    source: &str,
    name: &str,
    args: &[FieldArg],
    options: &JobOptions,
) -> Result<String, EditError> {
    let mut document: DocumentMut = parse(source)?;
    let jobs: &mut Table = implicit_table(&mut document, "jobs")?;
    if jobs.contains_key(name) {
        return Err(EditError::JobExists(name.to_owned()));
    }
    let mut table = Table::new();
    if let Some(access) = &options.access {
        table.insert("access", toml_edit::value(access.as_str()));
    }
    if let Some(max_attempts) = options.max_attempts {
        table.insert("max_attempts", toml_edit::value(max_attempts));
    }
    if let Some(timeout_secs) = options.timeout_secs {
        table.insert("timeout_secs", toml_edit::value(timeout_secs));
    }
    if let Some(cron) = &options.cron {
        table.insert("cron", toml_edit::value(cron.as_str()));
    }
    if !args.is_empty() {
        table.insert("args", dotted(args));
    }
    jobs.insert(name, Item::Table(table));
    Ok(document.to_string())
}

/// `fields` as the dotted keys of a table: `fields.<name> = ...` lines under its parent.
fn dotted(fields: &[FieldArg]) -> Item {
    let mut table = Table::new();
    table.set_dotted(true);
    for field in fields {
        table.insert(&field.name, Item::Value(field.value.clone()));
    }
    Item::Table(table)
}

fn parse(source: &str) -> Result<DocumentMut, EditError> {
    source
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Syntax(e.to_string()))
}

/// The top-level table `key` (`resources`, `jobs`), made implicit when missing: its entries are
/// written as `[key.<name>]` sections only.
fn implicit_table<'d>(
    document: &'d mut DocumentMut,
    key: &str,
) -> Result<&'d mut Table, EditError> {
    document
        .entry(key)
        .or_insert_with(|| {
            let mut table = Table::new();
            table.set_implicit(true);
            Item::Table(table)
        })
        .as_table_mut()
        .ok_or_else(|| EditError::Syntax(format!("`{key}` is not a table")))
}

/// `source` with a new `[resources.<name>]` section at the end (`owned = true` first when
/// `owned`), holding `fields` as `fields.<name> = ...` lines.
pub(crate) fn add_resource(
    source: &str,
    name: &str,
    owned: bool,
    fields: &[FieldArg],
) -> Result<String, EditError> {
    let mut document: DocumentMut = parse(source)?;
    let resources: &mut Table = implicit_table(&mut document, "resources")?;
    if resources.contains_key(name) {
        return Err(EditError::ResourceExists(name.to_owned()));
    }
    let mut table = Table::new();
    if owned {
        table.insert("owned", toml_edit::value(true));
    }
    table.insert("fields", dotted(fields));
    resources.insert(name, Item::Table(table));
    Ok(document.to_string())
}

/// `source` with `fields` added to resource `resource`, after its existing fields.
pub(crate) fn add_fields(
    source: &str,
    resource: &str,
    fields: &[FieldArg],
) -> Result<String, EditError> {
    let mut document: DocumentMut = parse(source)?;
    let names: Vec<String> = document
        .get("resources")
        .and_then(Item::as_table_like)
        .map(|t| t.iter().map(|(k, _)| k.to_owned()).collect())
        .unwrap_or_default();
    let Some(table) = document
        .get_mut("resources")
        .and_then(|r| r.get_mut(resource))
        .and_then(Item::as_table_like_mut)
    else {
        let hint = if names.is_empty() {
            String::new()
        } else {
            format!(" (resources: {})", names.join(", "))
        };
        return Err(EditError::NoSuchResource(resource.to_owned(), hint));
    };
    let fields_item = table.entry("fields").or_insert_with(|| {
        let mut t = Table::new();
        t.set_dotted(true);
        Item::Table(t)
    });
    let Some(existing) = fields_item.as_table_like_mut() else {
        return Err(EditError::Syntax(format!(
            "`resources.{resource}.fields` is not a table"
        )));
    };
    for field in fields {
        if existing.contains_key(&field.name) {
            return Err(EditError::FieldExists {
                resource: resource.to_owned(),
                field: field.name.clone(),
            });
        }
        existing.insert(&field.name, Item::Value(field.value.clone()));
    }
    Ok(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_keep_comments_and_order() {
        let source = "# my spec\n[project]\nname = \"a\" # the name\n\n[database]\nbackend = \"sqlite\" # db\n";
        let edited = apply_overrides(
            source,
            &Overrides {
                name: Some("b".into()),
                backend: Some(Backend::Postgres),
                auth: Some(false),
                roles: Some(vec!["admin".into(), "editor".into()]),
                ..Overrides::default()
            },
        );
        assert!(
            edited.starts_with("# my spec\n[project]\nname = \"b\" # the name\n"),
            "{edited}"
        );
        assert!(edited.contains("backend = \"postgres\" # db"), "{edited}");
        assert!(
            edited.contains("[auth]\nenabled = false\nroles = [\"admin\", \"editor\"]"),
            "{edited}"
        );
    }

    #[test]
    fn a_new_resource_is_appended_in_the_documented_style() {
        let source = "# shop\n[project]\nname = \"shop\"\n\n[resources.item]\nfields.title = \"string\" # keep me\n";
        let fields = [
            crate::spec::shorthand::parse_field("name:string:unique").unwrap(),
            crate::spec::shorthand::parse_field("notes:text?").unwrap(),
        ];
        let edited = add_resource(source, "tag", false, &fields).unwrap();
        assert_eq!(
            edited,
            format!(
                "{source}\n[resources.tag]\nfields.name = {{ type = \"string\", unique = true }}\nfields.notes = \"text?\"\n"
            )
        );
        assert_eq!(
            add_resource(&edited, "tag", false, &fields),
            Err(EditError::ResourceExists("tag".into()))
        );
    }

    #[test]
    fn fields_are_added_after_the_existing_ones() {
        let source = "[project]\nname = \"shop\"\n\n[resources.item]\nfields.title = \"string\" # keep me\n\n[resources.tag]\nfields.name = \"string\"\n";
        let field = crate::spec::shorthand::parse_field("price:float:min=0").unwrap();
        let edited = add_fields(source, "item", std::slice::from_ref(&field)).unwrap();
        assert!(
            edited.contains("fields.title = \"string\" # keep me\nfields.price = { type = \"float\", min = 0 }\n"),
            "{edited}"
        );
        assert!(matches!(
            add_fields(source, "nope", std::slice::from_ref(&field)),
            Err(EditError::NoSuchResource(..))
        ));
        assert!(matches!(
            add_fields(&edited, "item", &[field]),
            Err(EditError::FieldExists { .. })
        ));
    }

    #[test]
    fn invalid_toml_is_left_for_the_parser_to_report() {
        let source = "[project\nname = 1";
        let overrides = Overrides {
            name: Some("x".into()),
            ..Overrides::default()
        };
        assert_eq!(apply_overrides(source, &overrides), source);
    }
}
