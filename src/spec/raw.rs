//! The first pass over a spec: TOML text to the `Raw*` structs below. This pass checks shape
//! only (TOML syntax, unknown keys, value types, required keys) and keeps the byte span of every
//! key and value, in file order, so the second pass ([`super::validate`]) can point its errors at
//! the exact text. Meaning (names, types, constraints, references) is checked there.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::Action;
use super::diagnostic::{SourceFile, SpecError, closest, code_list, suggestion};

const TOP_KEYS: &[&str] = &["project", "database", "auth", "resources", "jobs"];
const PROJECT_KEYS: &[&str] = &["name", "description", "api_prefix"];
const DATABASE_KEYS: &[&str] = &["backend"];
const AUTH_KEYS: &[&str] = &["enabled", "token_minutes", "roles", "default_role"];
const RESOURCE_KEYS: &[&str] = &[
    "plural",
    "owned",
    "access",
    "fields",
    "after_create",
    "filter",
    "sort",
    "search",
    "pagination",
    "export",
    "include",
    "events",
];
const JOB_KEYS: &[&str] = &["args", "max_attempts", "timeout_secs", "access", "cron"];
/// Every key a field table accepts, in the order the docs list them.
pub(super) const FIELD_KEYS: &[&str] = &[
    "type",
    "optional",
    "unique",
    "index",
    "default",
    "example",
    "min_length",
    "max_length",
    "min",
    "max",
    "precision",
    "scale",
    "pattern",
    "values",
    "to",
    "on_delete",
];

/// A value together with where its key and the value itself are in the source.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item<T> {
    /// The key (`unique` in `unique = true`); for array elements, the element itself.
    pub key: Range<usize>,
    /// The value (`true`).
    pub span: Range<usize>,
    pub value: T,
}

/// The whole spec, shape-checked.
#[derive(Debug)]
pub(super) struct RawSpec {
    pub project: RawProject,
    pub database: RawDatabase,
    pub auth: RawAuth,
    /// In file order.
    pub resources: Vec<RawResource>,
    /// In file order.
    pub jobs: Vec<RawJob>,
}

#[derive(Debug)]
pub(super) struct RawProject {
    pub name: Item<String>,
    pub description: Option<Item<String>>,
    pub api_prefix: Option<Item<String>>,
}

/// `[database]`; every key `None` when the table is absent.
#[derive(Debug, Default)]
pub(super) struct RawDatabase {
    pub backend: Option<Item<String>>,
}

/// `[auth]`; every key `None` when the table is absent.
#[derive(Debug, Default)]
pub(super) struct RawAuth {
    pub enabled: Option<Item<bool>>,
    pub token_minutes: Option<Item<i64>>,
    pub roles: Option<Item<Vec<Item<String>>>>,
    pub default_role: Option<Item<String>>,
}

#[derive(Debug)]
pub(super) struct RawResource {
    pub name: String,
    /// The resource's key (`product` in `[resources.product]`).
    pub key: Range<usize>,
    pub plural: Option<Item<String>>,
    pub owned: Option<Item<bool>>,
    pub access: Option<RawAccess>,
    /// In file order.
    pub fields: Vec<RawField>,
    /// The `fields` table, or the resource's table when there is none.
    pub fields_span: Range<usize>,
    /// Jobs to queue with each new row, in file order.
    pub after_create: Option<Item<Vec<Item<String>>>>,
    /// What list endpoints may filter on, sort by and search in: field names, in file order.
    pub filter: Option<Item<Vec<Item<String>>>>,
    pub sort: Option<Item<Vec<Item<String>>>>,
    pub search: Option<Item<Vec<Item<String>>>>,
    /// `"offset"` or `"cursor"`.
    pub pagination: Option<Item<String>>,
    /// Lists can be downloaded whole, as CSV or NDJSON.
    pub export: Option<Item<bool>>,
    /// The references `?include=` may embed (every readable one when absent).
    pub include: Option<Item<Vec<Item<String>>>>,
    /// Each change is recorded as an event, which the WebSocket feed sends.
    pub events: Option<Item<bool>>,
}

/// `[jobs.<name>]`: a background job.
#[derive(Debug)]
pub(super) struct RawJob {
    pub name: String,
    /// The job's key (`send_receipt` in `[jobs.send_receipt]`).
    pub key: Range<usize>,
    /// Its arguments, written as fields are; in file order.
    pub args: Vec<RawField>,
    pub max_attempts: Option<Item<i64>>,
    pub timeout_secs: Option<Item<i64>>,
    pub access: Option<Item<String>>,
    pub cron: Option<Item<String>>,
}

/// A resource's `access` table (inline, as a section, or as dotted keys).
#[derive(Debug)]
pub(super) struct RawAccess {
    /// The `access` key.
    pub key: Range<usize>,
    /// Each action with its level as written, in file order.
    pub rules: Vec<(Action, Item<String>)>,
}

#[derive(Debug)]
pub(super) struct RawField {
    pub name: String,
    /// The field's key (`price` in `fields.price = ...`).
    pub key: Range<usize>,
    /// The field's value: the shorthand string, the inline table, or the table header.
    pub span: Range<usize>,
    /// Written as `fields.x = "type"` rather than as a table.
    pub shorthand: bool,
    /// As written, possibly with a trailing `?`.
    pub ty: Item<String>,
    pub optional: Option<Item<bool>>,
    pub unique: Option<Item<bool>>,
    pub index: Option<Item<bool>>,
    pub default: Option<Item<Literal>>,
    pub example: Option<Item<Literal>>,
    pub min_length: Option<Item<i64>>,
    pub max_length: Option<Item<i64>>,
    pub min: Option<Item<Number>>,
    pub max: Option<Item<Number>>,
    pub precision: Option<Item<i64>>,
    pub scale: Option<Item<i64>>,
    pub pattern: Option<Item<String>>,
    pub values: Option<Item<Vec<Item<String>>>>,
    pub to: Option<Item<String>>,
    pub on_delete: Option<Item<String>>,
}

/// Any TOML value, owned (`default` and `example` may be any of them until the type is known).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date/time literal, in its TOML spelling (`2024-01-31`, `2024-01-31T10:00:00Z`).
    Datetime(String),
    Array(Vec<Literal>),
    /// In file order.
    Table(Vec<(String, Literal)>),
}

impl Literal {
    /// "a string", "an integer", ... for messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Literal::String(_) => "a string",
            Literal::Integer(_) => "an integer",
            Literal::Float(_) => "a float",
            Literal::Bool(_) => "a boolean",
            Literal::Datetime(_) => "a datetime",
            Literal::Array(_) => "an array",
            Literal::Table(_) => "a table",
        }
    }
}

/// A TOML integer or float (`min`, `max`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Number {
    Integer(i64),
    Float(f64),
}

type Key<'i> = Spanned<DeString<'i>>;
type Node<'i> = Spanned<DeValue<'i>>;

/// Parses `file` and checks its shape.
pub(super) fn read(file: &SourceFile<'_>) -> Result<RawSpec, SpecError> {
    let document: Spanned<DeTable<'_>> =
        DeTable::parse(file.text).map_err(|error| syntax_error(file, &error))?;
    Reader { file: *file }.spec(document.get_ref())
}

fn syntax_error(file: &SourceFile<'_>, error: &toml::de::Error) -> SpecError {
    let span: Range<usize> = error.span().unwrap_or(0..0);
    let mut message: String = error.message().trim().to_owned();
    if message == "duplicate key"
        && let Some(key) = file.text.get(span.clone()).filter(|key| !key.is_empty())
    {
        message = format!("duplicate key `{key}`");
    }
    file.error(span, format!("invalid TOML: {message}"))
}

struct Reader<'f> {
    file: SourceFile<'f>,
}

impl Reader<'_> {
    fn spec(&self, document: &DeTable<'_>) -> Result<RawSpec, SpecError> {
        let mut project: Option<RawProject> = None;
        let mut database: RawDatabase = RawDatabase::default();
        let mut auth: RawAuth = RawAuth::default();
        let mut resources: Vec<RawResource> = Vec::new();
        let mut jobs: Vec<RawJob> = Vec::new();
        for (key, value) in document.iter() {
            match key.get_ref().as_ref() {
                "project" => project = Some(self.project(key, value)?),
                "database" => database = self.database(key, value)?,
                "auth" => auth = self.auth(key, value)?,
                "resources" => resources = self.resources(key, value)?,
                "jobs" => jobs = self.jobs(key, value)?,
                _ => return Err(self.unknown_key(key, "at the top level", TOP_KEYS)),
            }
        }
        let project: RawProject = project.ok_or_else(|| {
            self.file
                .error(0..0, "missing `[project]` table")
                .with_hint("start the spec with `[project]` and a line `name = \"my-api\"`")
        })?;
        Ok(RawSpec {
            project,
            database,
            auth,
            resources,
            jobs,
        })
    }

    fn project(&self, key: &Key<'_>, value: &Node<'_>) -> Result<RawProject, SpecError> {
        let table: &DeTable<'_> = self.table(key, value)?;
        let (mut name, mut description, mut api_prefix) = (None, None, None);
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "name" => name = Some(self.string(key, value)?),
                "description" => description = Some(self.string(key, value)?),
                "api_prefix" => api_prefix = Some(self.string(key, value)?),
                _ => return Err(self.unknown_key(key, "in `[project]`", PROJECT_KEYS)),
            }
        }
        let name: Item<String> = name.ok_or_else(|| {
            self.file
                .error(value.span(), "`[project]` has no `name`")
                .with_hint("add `name = \"my-api\"` (the crate and binary name)")
        })?;
        Ok(RawProject {
            name,
            description,
            api_prefix,
        })
    }

    fn database(&self, key: &Key<'_>, value: &Node<'_>) -> Result<RawDatabase, SpecError> {
        let mut database: RawDatabase = RawDatabase::default();
        for (key, value) in self.table(key, value)?.iter() {
            match key.get_ref().as_ref() {
                "backend" => database.backend = Some(self.string(key, value)?),
                _ => return Err(self.unknown_key(key, "in `[database]`", DATABASE_KEYS)),
            }
        }
        Ok(database)
    }

    fn auth(&self, key: &Key<'_>, value: &Node<'_>) -> Result<RawAuth, SpecError> {
        let mut auth: RawAuth = RawAuth::default();
        for (key, value) in self.table(key, value)?.iter() {
            match key.get_ref().as_ref() {
                "enabled" => auth.enabled = Some(self.boolean(key, value)?),
                "token_minutes" => auth.token_minutes = Some(self.integer(key, value)?),
                "roles" => {
                    auth.roles = Some(self.strings(key, value, "[\"admin\", \"editor\"]")?);
                }
                "default_role" => auth.default_role = Some(self.string(key, value)?),
                _ => return Err(self.unknown_key(key, "in `[auth]`", AUTH_KEYS)),
            }
        }
        Ok(auth)
    }

    fn resources(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Vec<RawResource>, SpecError> {
        let hint: &str = "declare each resource as its own table: `[resources.product]` followed \
                          by `fields.name = \"string\"`";
        self.each(key, value, hint, Self::resource)
    }

    /// Each entry of the table `value` (`[resources]`, `[jobs]`) read by `read`, in file order;
    /// `hint` says how to write them when `value` is not a table.
    fn each<T>(
        &self,
        key: &Key<'_>,
        value: &Node<'_>,
        hint: &str,
        read: impl Fn(&Self, &Key<'_>, &Node<'_>) -> Result<T, SpecError>,
    ) -> Result<Vec<T>, SpecError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self.wrong_type(key, value, "a table").with_hint(hint));
        };
        table
            .iter()
            .map(|(key, value)| read(self, key, value))
            .collect()
    }

    /// The table of entry `name` (a `what`: resource, job), or an error with `hint`.
    fn entry<'v, 'i>(
        &self,
        name: &str,
        value: &'v Node<'i>,
        what: &str,
        hint: &str,
    ) -> Result<&'v DeTable<'i>, SpecError> {
        value.get_ref().as_table().ok_or_else(|| {
            self.file
                .error(
                    value.span(),
                    format!(
                        "{what} `{name}` must be a table, found {}",
                        kind(value.get_ref())
                    ),
                )
                .with_hint(hint)
        })
    }

    fn resource(&self, key: &Key<'_>, value: &Node<'_>) -> Result<RawResource, SpecError> {
        let name: &str = key.get_ref().as_ref();
        let table: &DeTable<'_> = self.entry(
            name,
            value,
            "resource",
            &format!(
                "write `[resources.{name}]` followed by its fields, e.g. `fields.name = \"string\"`"
            ),
        )?;
        let mut plural: Option<Item<String>> = None;
        let mut owned: Option<Item<bool>> = None;
        let mut access: Option<RawAccess> = None;
        let mut fields: Vec<RawField> = Vec::new();
        let mut fields_span: Range<usize> = value.span();
        let mut after_create: Option<Item<Vec<Item<String>>>> = None;
        let mut filter: Option<Item<Vec<Item<String>>>> = None;
        let mut sort: Option<Item<Vec<Item<String>>>> = None;
        let mut search: Option<Item<Vec<Item<String>>>> = None;
        let mut pagination: Option<Item<String>> = None;
        let mut export: Option<Item<bool>> = None;
        let mut include: Option<Item<Vec<Item<String>>>> = None;
        let mut events: Option<Item<bool>> = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "plural" => plural = Some(self.string(key, value)?),
                "pagination" => pagination = Some(self.string(key, value)?),
                "export" => export = Some(self.boolean(key, value)?),
                "events" => events = Some(self.boolean(key, value)?),
                "include" => include = Some(self.strings(key, value, "[\"category\"]")?),
                "filter" => filter = Some(self.strings(key, value, "[\"status\", \"price\"]")?),
                "sort" => sort = Some(self.strings(key, value, "[\"price\", \"created_at\"]")?),
                "search" => {
                    search = Some(self.strings(key, value, "[\"name\", \"description\"]")?)
                }
                "after_create" => {
                    after_create = Some(self.strings(key, value, "[\"send_receipt\"]")?);
                }
                "owned" => owned = Some(self.boolean(key, value)?),
                "access" => access = Some(self.access(name, key, value)?),
                "fields" => {
                    fields_span = value.span();
                    fields = self.fields(key, value)?;
                }
                other => {
                    let context: String = format!("in resource `{name}`");
                    let mut error: SpecError = self.unknown_key(key, &context, RESOURCE_KEYS);
                    if closest(other, RESOURCE_KEYS).is_none()
                        && (value.get_ref().is_str() || value.get_ref().is_table())
                    {
                        error = error.with_hint(format!(
                            "fields go under `fields`: write `fields.{other} = ...`"
                        ));
                    }
                    return Err(error);
                }
            }
        }
        Ok(RawResource {
            name: name.to_owned(),
            key: key.span(),
            plural,
            owned,
            access,
            fields,
            fields_span,
            after_create,
            filter,
            sort,
            search,
            pagination,
            export,
            include,
            events,
        })
    }

    fn jobs(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Vec<RawJob>, SpecError> {
        let hint: &str = "declare each job as its own table: `[jobs.send_receipt]` followed by \
                          `args.order = \"uuid\"`";
        self.each(key, value, hint, Self::job)
    }

    fn job(&self, key: &Key<'_>, value: &Node<'_>) -> Result<RawJob, SpecError> {
        let name: &str = key.get_ref().as_ref();
        let table: &DeTable<'_> = self.entry(
            name,
            value,
            "job",
            &format!("write `[jobs.{name}]` followed by its settings, e.g. `max_attempts = 5`"),
        )?;
        let mut job: RawJob = RawJob {
            name: name.to_owned(),
            key: key.span(),
            args: Vec::new(),
            max_attempts: None,
            timeout_secs: None,
            access: None,
            cron: None,
        };
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "args" => job.args = self.fields(key, value)?,
                "max_attempts" => job.max_attempts = Some(self.integer(key, value)?),
                "timeout_secs" => job.timeout_secs = Some(self.integer(key, value)?),
                "access" => job.access = Some(self.string(key, value)?),
                "cron" => job.cron = Some(self.string(key, value)?),
                _ => {
                    let context: String = format!("in job `{name}`");
                    return Err(self.unknown_key(key, &context, JOB_KEYS));
                }
            }
        }
        Ok(job)
    }

    fn access(
        &self,
        resource: &str,
        key: &Key<'_>,
        value: &Node<'_>,
    ) -> Result<RawAccess, SpecError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self
                .wrong_type(key, value, "a table")
                .with_hint("write e.g. `access = { list = \"public\", delete = \"admin\" }`"));
        };
        let mut rules: Vec<(Action, Item<String>)> = Vec::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref().as_ref();
            let Some(action) = Action::ALL.into_iter().find(|action| action.key() == name) else {
                let context: String = format!("in `access` of resource `{resource}`");
                let keys: Vec<&str> = Action::ALL.iter().map(|action| action.key()).collect();
                return Err(self.unknown_key(key, &context, &keys));
            };
            let level: Item<String> = self.string(key, value).map_err(|error| {
                error.with_hint(
                    "write an access level in quotes: `\"public\"`, `\"user\"`, `\"owner\"`, \
                     `\"none\"` or a role name",
                )
            })?;
            rules.push((action, level));
        }
        Ok(RawAccess {
            key: key.span(),
            rules,
        })
    }

    fn fields(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Vec<RawField>, SpecError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self.wrong_type(key, value, "a table").with_hint(
                "write each field as `fields.name = \"string\"` or `fields.name = { type = \"string\" }`",
            ));
        };
        table
            .iter()
            .map(|(key, value)| self.field(key, value))
            .collect()
    }

    fn field(&self, key: &Key<'_>, value: &Node<'_>) -> Result<RawField, SpecError> {
        let name: &str = key.get_ref().as_ref();
        let mut field: RawField = RawField {
            name: name.to_owned(),
            key: key.span(),
            span: value.span(),
            shorthand: false,
            ty: Item {
                key: key.span(),
                span: value.span(),
                value: String::new(),
            },
            optional: None,
            unique: None,
            index: None,
            default: None,
            example: None,
            min_length: None,
            max_length: None,
            min: None,
            max: None,
            precision: None,
            scale: None,
            pattern: None,
            values: None,
            to: None,
            on_delete: None,
        };
        let table: &DeTable<'_> = match value.get_ref() {
            DeValue::String(ty) => {
                field.shorthand = true;
                field.ty.value = ty.to_string();
                return Ok(field);
            }
            DeValue::Table(table) => table,
            other => {
                return Err(self
                    .file
                    .error(
                        value.span(),
                        format!(
                            "field `{name}` must be a type name or a table, found {}",
                            kind(other)
                        ),
                    )
                    .with_hint(format!(
                        "write `fields.{name} = \"string\"` or `fields.{name} = {{ type = \"string\" }}`"
                    )));
            }
        };
        let mut ty: Option<Item<String>> = None;
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "type" => ty = Some(self.string(key, value)?),
                "optional" => field.optional = Some(self.boolean(key, value)?),
                "unique" => field.unique = Some(self.boolean(key, value)?),
                "index" => field.index = Some(self.boolean(key, value)?),
                "default" => field.default = Some(self.literal(key, value)?),
                "example" => field.example = Some(self.literal(key, value)?),
                "min_length" => field.min_length = Some(self.integer(key, value)?),
                "max_length" => field.max_length = Some(self.integer(key, value)?),
                "min" => field.min = Some(self.number(key, value)?),
                "max" => field.max = Some(self.number(key, value)?),
                "precision" => field.precision = Some(self.integer(key, value)?),
                "scale" => field.scale = Some(self.integer(key, value)?),
                "pattern" => field.pattern = Some(self.string(key, value)?),
                "values" => {
                    field.values = Some(self.strings(key, value, "[\"draft\", \"active\"]")?);
                }
                "to" => field.to = Some(self.string(key, value)?),
                "on_delete" => field.on_delete = Some(self.string(key, value)?),
                _ => {
                    let context: String = format!("in field `{name}`");
                    return Err(self.unknown_key(key, &context, FIELD_KEYS));
                }
            }
        }
        field.ty = ty.ok_or_else(|| {
            self.file
                .error(value.span(), format!("field `{name}` has no `type`"))
                .with_hint(format!(
                    "add a type, e.g. `type = \"string\"`; types are: {}",
                    code_list(&crate::kind::FieldKind::keywords())
                ))
        })?;
        Ok(field)
    }

    fn table<'v, 'i>(
        &self,
        key: &Key<'_>,
        value: &'v Node<'i>,
    ) -> Result<&'v DeTable<'i>, SpecError> {
        value.get_ref().as_table().ok_or_else(|| {
            let name: &str = key.get_ref().as_ref();
            self.wrong_type(key, value, "a table")
                .with_hint(format!("write it as a `[{name}]` section"))
        })
    }

    fn string(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Item<String>, SpecError> {
        match value.get_ref() {
            DeValue::String(text) => Ok(item(key, value, text.to_string())),
            _ => Err(self.wrong_type(key, value, "a string")),
        }
    }

    fn boolean(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Item<bool>, SpecError> {
        match value.get_ref() {
            DeValue::Boolean(flag) => Ok(item(key, value, *flag)),
            _ => Err(self
                .wrong_type(key, value, "a boolean")
                .with_hint("write `true` or `false`, without quotes")),
        }
    }

    fn integer(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Item<i64>, SpecError> {
        match self.literal(key, value)?.value {
            Literal::Integer(number) => Ok(item(key, value, number)),
            _ => Err(self.wrong_type(key, value, "an integer")),
        }
    }

    fn number(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Item<Number>, SpecError> {
        match self.literal(key, value)?.value {
            Literal::Integer(number) => Ok(item(key, value, Number::Integer(number))),
            Literal::Float(number) => Ok(item(key, value, Number::Float(number))),
            _ => Err(self.wrong_type(key, value, "a number")),
        }
    }

    /// An array of strings; `example` is one, for the hint when the value is not an array.
    fn strings(
        &self,
        key: &Key<'_>,
        value: &Node<'_>,
        example: &str,
    ) -> Result<Item<Vec<Item<String>>>, SpecError> {
        let Some(array) = value.get_ref().as_array() else {
            let name: &str = key.get_ref().as_ref();
            return Err(self
                .wrong_type(key, value, "an array of strings")
                .with_hint(format!("write e.g. `{name} = {example}`")));
        };
        let mut strings: Vec<Item<String>> = Vec::new();
        for element in array.iter() {
            match element.get_ref() {
                DeValue::String(text) => strings.push(Item {
                    key: element.span(),
                    span: element.span(),
                    value: text.to_string(),
                }),
                other => {
                    let name: &str = key.get_ref().as_ref();
                    return Err(self.file.error(
                        element.span(),
                        format!(
                            "`{name}` must be an array of strings, found {}",
                            kind(other)
                        ),
                    ));
                }
            }
        }
        Ok(item(key, value, strings))
    }

    fn literal(&self, key: &Key<'_>, value: &Node<'_>) -> Result<Item<Literal>, SpecError> {
        Ok(item(key, value, self.convert(value)?))
    }

    fn convert(&self, value: &Node<'_>) -> Result<Literal, SpecError> {
        Ok(match value.get_ref() {
            DeValue::String(text) => Literal::String(text.to_string()),
            DeValue::Integer(integer) => {
                match i64::from_str_radix(integer.as_str(), integer.radix()) {
                    Ok(number) => Literal::Integer(number),
                    Err(_) => {
                        return Err(self.file.error(
                            value.span(),
                            "integer out of range (it must fit in 64 bits)",
                        ));
                    }
                }
            }
            DeValue::Float(float) => match float.as_str().parse::<f64>() {
                Ok(number) => Literal::Float(number),
                Err(_) => return Err(self.file.error(value.span(), "invalid float")),
            },
            DeValue::Boolean(flag) => Literal::Bool(*flag),
            DeValue::Datetime(datetime) => Literal::Datetime(datetime.to_string()),
            DeValue::Array(array) => Literal::Array(
                array
                    .iter()
                    .map(|element| self.convert(element))
                    .collect::<Result<Vec<Literal>, SpecError>>()?,
            ),
            DeValue::Table(table) => Literal::Table(
                table
                    .iter()
                    .map(|(key, value)| Ok((key.get_ref().to_string(), self.convert(value)?)))
                    .collect::<Result<Vec<(String, Literal)>, SpecError>>()?,
            ),
        })
    }

    fn wrong_type(&self, key: &Key<'_>, value: &Node<'_>, expected: &str) -> SpecError {
        let name: &str = key.get_ref().as_ref();
        self.file.error(
            value.span(),
            format!(
                "`{name}` must be {expected}, found {}",
                kind(value.get_ref())
            ),
        )
    }

    fn unknown_key(&self, key: &Key<'_>, context: &str, valid: &[&str]) -> SpecError {
        let name: &str = key.get_ref().as_ref();
        self.file
            .error(key.span(), format!("unknown key `{name}` {context}"))
            .with_hint(suggestion(name, valid, "valid keys are"))
    }
}

fn item<T>(key: &Key<'_>, value: &Node<'_>, inner: T) -> Item<T> {
    Item {
        key: key.span(),
        span: value.span(),
        value: inner,
    }
}

/// "a string", "an integer", ... for messages.
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
