//! The resource spec (`scaffold.toml`): parsed from TOML, validated, and handed on as the typed
//! [`Spec`] below. Nothing past this module ever sees TOML.

mod diagnostic;
mod edit;
pub(crate) mod formats;
mod order;
mod raw;
pub(crate) mod samples;
pub(crate) mod shorthand;
mod validate;

pub(crate) use diagnostic::SpecError;
pub(crate) use edit::{
    EditError, JobOptions, Overrides, add_fields, add_job, add_resource, apply_overrides,
};
pub(crate) use order::creation_order;

use crate::kind::{FieldKind, KindInfo};

/// Parses and validates a spec. `origin` names the source in error messages (usually its path).
pub(crate) fn parse(source: &str, origin: &str) -> Result<Spec, SpecError> {
    validate::validate(source, origin)
}

/// Parses and validates a spec that a project last generated from `old` is to follow.
pub(crate) fn parse_change(source: &str, origin: &str, old: &Spec) -> Result<Spec, SpecError> {
    validate::validate_change(source, origin, old)
}

/// A validated spec. Every name here is already checked (valid identifier, no collisions), every
/// reference resolves, and `resources` is ordered as written in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spec {
    pub project: Project,
    pub database: Database,
    pub auth: Auth,
    pub resources: Vec<Resource>,
    /// Background jobs, in file order.
    pub jobs: Vec<Job>,
}

impl Spec {
    /// Every field of every resource, then every argument of every job: every value the API
    /// reads.
    pub(crate) fn fields(&self) -> impl Iterator<Item = &Field> {
        self.resources
            .iter()
            .flat_map(|resource| &resource.fields)
            .chain(self.jobs.iter().flat_map(|job| &job.args))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Project {
    /// Crate and binary name, kebab- or snake-case (`my-shop`, `shop`).
    pub name: String,
    pub description: Option<String>,
    /// Always starts with `/`, never ends with `/` (default `/api/v1`).
    pub api_prefix: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Database {
    pub backend: Backend,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Auth {
    pub enabled: bool,
    /// Access-token lifetime in minutes (default 30, 1..=43200).
    pub token_minutes: u32,
    /// Role names, snake_case, `admin` always first (default `["admin", "user"]`).
    pub roles: Vec<String>,
    /// The role a user gets at registration; one of `roles` (default `user`).
    pub default_role: String,
}

/// Who may perform an action on a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AccessLevel {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    User,
    /// The row's owner, or an admin (owned resources only).
    Owner,
    /// Users with this role, or admins.
    Role(String),
    /// Nobody: the endpoint is not generated.
    None,
}

/// What an access rule governs. Each operation of the API belongs to one action
/// (`model::operation`): replacing and updating a row are both `update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    List,
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    /// In the order the spec's `access` tables and the docs list them.
    pub(crate) const ALL: [Action; 5] = [
        Action::List,
        Action::Read,
        Action::Create,
        Action::Update,
        Action::Delete,
    ];

    /// Its key in an `access` table.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// One value for each action, in the order of [`Action::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct PerAction<T> {
    pub list: T,
    pub read: T,
    pub create: T,
    pub update: T,
    pub delete: T,
}

impl<T> PerAction<T> {
    /// The value `make` gives each action.
    pub(crate) fn from_fn(mut make: impl FnMut(Action) -> T) -> Self {
        PerAction {
            list: make(Action::List),
            read: make(Action::Read),
            create: make(Action::Create),
            update: make(Action::Update),
            delete: make(Action::Delete),
        }
    }

    pub(crate) fn get(&self, action: Action) -> &T {
        match action {
            Action::List => &self.list,
            Action::Read => &self.read,
            Action::Create => &self.create,
            Action::Update => &self.update,
            Action::Delete => &self.delete,
        }
    }

    /// Sets the value of `action`.
    pub(crate) fn set(&mut self, action: Action, value: T) {
        let slot = match action {
            Action::List => &mut self.list,
            Action::Read => &mut self.read,
            Action::Create => &mut self.create,
            Action::Update => &mut self.update,
            Action::Delete => &mut self.delete,
        };
        *slot = value;
    }
}

/// The access rule of each action on a resource.
pub(crate) type Access = PerAction<AccessLevel>;

impl Access {
    /// The defaults: everything `user`, `update`/`delete` `owner` on owned resources; with auth
    /// disabled everything is `public`.
    pub(crate) fn defaults(auth_enabled: bool, owned: bool) -> Access {
        if !auth_enabled {
            return Access {
                list: AccessLevel::Public,
                read: AccessLevel::Public,
                create: AccessLevel::Public,
                update: AccessLevel::Public,
                delete: AccessLevel::Public,
            };
        }
        let write = if owned {
            AccessLevel::Owner
        } else {
            AccessLevel::User
        };
        Access {
            list: AccessLevel::User,
            read: AccessLevel::User,
            create: AccessLevel::User,
            update: write.clone(),
            delete: write,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resource {
    /// Singular snake_case name, as written in the spec (`product`, `order_line`).
    pub name: String,
    /// Plural snake_case name (given, or inferred: `category` -> `categories`).
    pub plural: String,
    /// In spec order.
    pub fields: Vec<Field>,
    /// Its many-to-many relations, in spec order (written among the fields).
    pub many: Vec<Many>,
    /// Rows belong to the user who created them (`owner_id`, set from the token).
    pub owned: bool,
    pub access: Access,
    /// Jobs (by name, each in the spec) queued in the transaction that inserts each new row,
    /// with arguments taken from the row ([`Job::source`]).
    pub after_create: Vec<String>,
    /// What its list endpoints let clients filter on and sort by: field names (or `created_at`
    /// and `updated_at`), each once, of types lists can compare ([`KindInfo::list`]).
    pub filter: Vec<String>,
    pub sort: Vec<String>,
    /// Text fields that `?q=` searches.
    pub search: Vec<String>,
    /// How its lists page.
    pub pagination: Pagination,
    /// `GET /<plural>/export` streams every row that passes the list's filters, as CSV or
    /// NDJSON.
    pub export: bool,
    /// The `ref` fields whose rows `?include=` embeds in reads and lists: each once, to a
    /// resource whose rows can be read.
    pub include: Vec<String>,
    /// Each insert, update and delete records an event (`<name>.created`, `.updated`,
    /// `.deleted`) in the transaction that makes it; the WebSocket feed sends them.
    pub events: bool,
}

impl Resource {
    /// The last segment, snake_case, of the list of this resource's rows by its reference
    /// `field` to `parent` (`/categories/{id}/products`): its plural, or `<field>_<plural>` where
    /// the field is named otherwise than the parent or is one of several to it.
    pub(crate) fn list_segment(&self, field: &Field, parent: &str) -> String {
        let to_parent = self
            .fields
            .iter()
            .filter(|field| matches!(&field.ty, FieldType::Ref { to, .. } if to == parent))
            .count();
        if field.name == parent && to_parent == 1 {
            self.plural.clone()
        } else {
            format!("{}_{}", field.name, self.plural)
        }
    }
}

/// How a resource's lists page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Pagination {
    /// `?limit=&offset=`, with the total.
    #[default]
    Offset,
    /// `?limit=&cursor=`: by keyset on the sort order, the total only when asked.
    Cursor,
}

/// The columns every table has besides the id, which lists can also filter on and sort by.
pub(crate) const TIMESTAMPS: [&str; 2] = ["created_at", "updated_at"];

/// A background job: what its tasks are given, how often and how long they may run, who may
/// queue one over HTTP, and an optional schedule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Job {
    /// snake_case, as written (`send_receipt`).
    pub name: String,
    /// Its arguments, read and checked as a resource's fields are; in spec order.
    pub args: Vec<Field>,
    /// Attempts before a task fails for good (default 5, 1..=100).
    pub max_attempts: u32,
    /// How long one attempt may run (default 300, 1..=86400).
    pub timeout_secs: u32,
    /// Who may queue a task over HTTP: `Public`, `User`, `Role` or `None` (only from code).
    pub access: AccessLevel,
    /// Six-field cron expression (seconds first, UTC), already parsed once.
    pub cron: Option<String>,
}

/// Where an argument of a job queued with each new row of a resource takes its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ArgSource<'s> {
    /// The row's id: a `ref` argument to the resource.
    Id,
    /// The row's field of the same name and type.
    Field(&'s Field),
    /// None: the argument is optional, or has a default.
    Absent,
}

impl Job {
    /// Where `arg` takes its value from a new row of `resource`, or `None` when no row can give
    /// it one.
    pub(crate) fn source<'s>(arg: &Field, resource: &'s Resource) -> Option<ArgSource<'s>> {
        if let FieldType::Ref { to, .. } = &arg.ty
            && *to == resource.name
        {
            return Some(ArgSource::Id);
        }
        let same_type = |field: &Field| match (&field.ty, &arg.ty) {
            (FieldType::Plain(a), FieldType::Plain(b)) => a == b,
            (FieldType::Ref { to: a, .. }, FieldType::Ref { to: b, .. }) => a == b,
            // Each enum is a type of its own.
            _ => false,
        };
        let same = resource.fields.iter().find(|field| {
            field.name == arg.name && same_type(field) && (arg.optional || !field.optional)
        });
        match same {
            Some(field) => Some(ArgSource::Field(field)),
            None if arg.optional || arg.default.is_some() => Some(ArgSource::Absent),
            None => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// snake_case field name as written (`in_stock`, `type`). For a `ref` field this is the
    /// relation name (`category`); its column is `category_id`.
    pub name: String,
    pub ty: FieldType,
    pub optional: bool,
    pub unique: bool,
    pub index: bool,
    /// Checked against the type and every constraint.
    pub default: Option<Value>,
    /// Checked against the type and every constraint.
    pub example: Option<Value>,
    /// Text-like types only (string, text, email, url).
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    /// Numeric types only (int, bigint, float, decimal).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// `decimal` only: the digits values may have.
    pub digits: Option<Digits>,
    /// `string` only; a valid regex.
    pub pattern: Option<String>,
}

/// The `type` of a many-to-many field: a relation, not a column, so not a row of the kinds.
pub(crate) const MANY: &str = "many";

/// A many-to-many relation, `fields.tags = { type = "many", to = "tag" }`: a join table holds
/// the pairs of ids; bodies and reads carry the linked ids (`tag_ids`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Many {
    /// The relation's name as written (`tags`, `friends`).
    pub name: String,
    /// The linked resource, by singular name (the resource itself for `friends` of `person`).
    pub to: String,
}

impl Many {
    /// One linked row: `tag` for `tags` (a name that is its target's plural gives the target's
    /// name), `friend` for `friends`, the name itself when it has no plain plural `s`.
    pub(crate) fn singular(&self) -> String {
        if crate::naming::pluralize(&self.to) == self.name {
            return self.to.clone();
        }
        match self.name.strip_suffix('s') {
            Some(stem) if crate::naming::pluralize(stem) == self.name => stem.to_owned(),
            _ => self.name.clone(),
        }
    }

    /// The key of bodies and reads, and the row's field: `tag_ids`.
    pub(crate) fn ids_key(&self) -> String {
        format!("{}_ids", self.singular())
    }

    /// The join table of `resource`'s relation: `post_tags`.
    pub(crate) fn table(&self, resource: &str) -> String {
        format!("{resource}_{}", self.name)
    }
}

/// A field's type: its kind (a row of [`crate::kind`]'s table), with what the kinds that need
/// more than a keyword carry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldType {
    /// A kind that is all its keyword says (never `Enum` or `Ref`, which have their variants).
    Plain(FieldKind),
    /// Allowed values, in spec order, each a snake_case-able word.
    Enum(Vec<String>),
    /// A foreign key to another resource (by singular name, which exists in the spec).
    Ref { to: String, on_delete: OnDelete },
}

impl Field {
    /// Its column, and its key in JSON bodies: the name, or `<name>_id` for a `ref`.
    pub(crate) fn column(&self) -> String {
        match self.ty {
            FieldType::Ref { .. } => format!("{}_id", self.name),
            _ => self.name.clone(),
        }
    }
}

impl FieldType {
    pub(crate) fn kind(&self) -> FieldKind {
        match self {
            FieldType::Plain(kind) => *kind,
            FieldType::Enum(_) => FieldKind::Enum,
            FieldType::Ref { .. } => FieldKind::Ref,
        }
    }

    /// The facts of the type's row in the table of kinds.
    pub(crate) fn info(&self) -> &'static KindInfo {
        self.kind().info()
    }

    /// The spelling used in the spec.
    pub(crate) fn keyword(&self) -> &'static str {
        self.info().keyword
    }
}

/// A decimal's digits: `precision` in all (1 to 28), `scale` of them after the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Digits {
    pub precision: u32,
    pub scale: u32,
}

impl Digits {
    /// The most digits before the point.
    pub(crate) fn whole(self) -> u32 {
        self.precision - self.scale
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnDelete {
    Cascade,
    Restrict,
    SetNull,
}

/// A literal from the spec (`default`, `example`), already checked against the field's type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A JSON value (for `json` fields), converted from the TOML literal.
    Json(serde_json::Value),
}
