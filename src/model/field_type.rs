//! The one table that says, for every field type, what it is in each layer: Rust type, SQL type
//! per backend, OpenAPI format, how it is checked, and how tests make values of it. A type that
//! works in one layer cannot be missing from another: every `match` here is exhaustive.

use super::sql::SqlType;
use crate::spec::FieldType;

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
    pub sql: SqlType,
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
        let (rust, sql, openapi_format, copy, check, format_check) = match ty {
            T::String => ("String", SqlType::Text, None, false, Check::Text, None),
            T::Text => ("String", SqlType::Text, None, false, Check::Text, None),
            T::Email => (
                "String",
                SqlType::Text,
                Some("Email"),
                false,
                Check::Text,
                Some("email"),
            ),
            T::Url => (
                "String",
                SqlType::Text,
                None,
                false,
                Check::Text,
                Some("url"),
            ),
            T::Int => ("i32", SqlType::Integer, None, true, Check::Number, None),
            T::BigInt => ("i64", SqlType::BigInt, None, true, Check::Number, None),
            T::Float => ("f64", SqlType::Double, None, true, Check::Number, None),
            T::Bool => ("bool", SqlType::Boolean, None, true, Check::None, None),
            T::Uuid => ("Uuid", SqlType::Uuid, None, true, Check::None, None),
            T::Ref { .. } => ("Uuid", SqlType::Uuid, None, true, Check::None, None),
            T::Date => ("NaiveDate", SqlType::Date, None, true, Check::None, None),
            T::DateTime => (
                "DateTime<Utc>",
                SqlType::Timestamp,
                None,
                true,
                Check::None,
                None,
            ),
            T::Json => (
                "serde_json::Value",
                SqlType::Json,
                None,
                false,
                Check::None,
                None,
            ),
            T::Enum(_) => ("", SqlType::Text, None, true, Check::None, None),
        };
        TypeInfo {
            rust,
            sql,
            openapi_format,
            copy,
            check,
            format_check,
        }
    }
}
