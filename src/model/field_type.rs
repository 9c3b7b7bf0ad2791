//! The one table that says, for every field type, what it is in each layer: Rust type, SQL type
//! per backend, OpenAPI format, how it is checked, and how tests make values of it. A type that
//! works in one layer cannot be missing from another: every `match` here is exhaustive.

use crate::spec::{Backend, FieldType};

/// How values of a type are checked beyond what deserialisation already guarantees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// `min_length` / `max_length` / `pattern` apply.
    Text,
    /// `min` / `max` apply.
    Number,
    /// Nothing beyond the type.
    None,
}

/// The facts about one field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeInfo {
    /// The Rust type of a value (enums get their own type, named per field).
    pub rust: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
    /// `format` in the OpenAPI schema, as a utoipa `KnownFormat` variant.
    pub openapi_format: Option<&'static str>,
    /// Whether values are `Copy` (bound by value rather than by reference).
    pub copy: bool,
    pub check: Check,
    /// An extra check on the whole value (`email`, `url`), as a `Problems` method name.
    pub format_check: Option<&'static str>,
}

impl TypeInfo {
    pub fn of(ty: &FieldType) -> TypeInfo {
        use FieldType as T;
        let (rust, sqlite, postgres, openapi_format, copy, check, format_check) = match ty {
            T::String => ("String", "TEXT", "TEXT", None, false, Check::Text, None),
            T::Text => ("String", "TEXT", "TEXT", None, false, Check::Text, None),
            T::Email => (
                "String",
                "TEXT",
                "TEXT",
                Some("Email"),
                false,
                Check::Text,
                Some("email"),
            ),
            T::Url => (
                "String",
                "TEXT",
                "TEXT",
                None,
                false,
                Check::Text,
                Some("url"),
            ),
            T::Int => ("i32", "INTEGER", "INTEGER", None, true, Check::Number, None),
            T::BigInt => ("i64", "BIGINT", "BIGINT", None, true, Check::Number, None),
            T::Float => (
                "f64",
                "REAL",
                "DOUBLE PRECISION",
                None,
                true,
                Check::Number,
                None,
            ),
            T::Bool => ("bool", "BOOLEAN", "BOOLEAN", None, true, Check::None, None),
            T::Uuid => ("Uuid", "BLOB", "UUID", None, true, Check::None, None),
            T::Ref { .. } => ("Uuid", "BLOB", "UUID", None, true, Check::None, None),
            T::Date => ("NaiveDate", "DATE", "DATE", None, true, Check::None, None),
            T::DateTime => (
                "DateTime<Utc>",
                "DATETIME",
                "TIMESTAMPTZ",
                None,
                true,
                Check::None,
                None,
            ),
            T::Json => (
                "serde_json::Value",
                "TEXT",
                "JSONB",
                None,
                false,
                Check::None,
                None,
            ),
            T::Enum(_) => ("", "TEXT", "TEXT", None, true, Check::None, None),
        };
        TypeInfo {
            rust,
            sqlite,
            postgres,
            openapi_format,
            copy,
            check,
            format_check,
        }
    }

    pub fn sql(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }
}

/// SQL types of the columns every table has.
pub fn id_sql(backend: Backend) -> &'static str {
    TypeInfo::of(&FieldType::Uuid).sql(backend)
}

pub fn datetime_sql(backend: Backend) -> &'static str {
    TypeInfo::of(&FieldType::DateTime).sql(backend)
}
