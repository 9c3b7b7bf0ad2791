//! The one table of field types. Each row says, for one keyword of the spec: which keys apply to
//! it, how its `default` and `example` literals are read, what it is in Rust, in SQL and in the
//! OpenAPI document, and how tests make valid and invalid values of it. The spec validator, the
//! render model, migrations and test samples all read this table; none matches type names
//! itself. A new type is a new [`FieldKind`] variant and its row in [`FieldKind::info`].

use serde_json::{Value as Json, json};

use crate::spec::Backend;
use crate::spec::formats;

/// A column's type, independent of the backend; [`SqlType::render`] names it per backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SqlType {
    Uuid,
    Text,
    /// Text of at most this many characters (`VARCHAR(n)` where the backend checks it).
    VarChar(u32),
    Integer,
    BigInt,
    Double,
    Boolean,
    Date,
    Time,
    Timestamp,
    Json,
    /// An exact number, with `(precision, scale)` where the column fixes them.
    Decimal(Option<(u32, u32)>),
    /// A 64-bit integer key the database assigns, growing with each row and never reused.
    Serial,
}

impl SqlType {
    pub(crate) fn render(self, backend: Backend) -> String {
        use SqlType as T;
        let name = match (self, backend) {
            (T::Uuid, Backend::Sqlite) => "BLOB",
            (T::Uuid, Backend::Postgres) => "UUID",
            (T::Text, _) | (T::VarChar(_), Backend::Sqlite) => "TEXT",
            (T::VarChar(max), Backend::Postgres) => return format!("VARCHAR({max})"),
            (T::Integer, _) => "INTEGER",
            (T::BigInt, _) => "BIGINT",
            (T::Double, Backend::Sqlite) => "REAL",
            (T::Double, Backend::Postgres) => "DOUBLE PRECISION",
            (T::Boolean, _) => "BOOLEAN",
            (T::Date, _) => "DATE",
            (T::Time, _) => "TIME",
            (T::Timestamp, Backend::Sqlite) => "DATETIME",
            (T::Timestamp, Backend::Postgres) => "TIMESTAMPTZ",
            (T::Json, Backend::Sqlite) => "TEXT",
            (T::Json, Backend::Postgres) => "JSONB",
            // SQLite has no exact decimal type (REAL would round): the text keeps every digit.
            (T::Decimal(_), Backend::Sqlite) => "TEXT",
            (T::Decimal(None), Backend::Postgres) => "NUMERIC",
            // `INTEGER PRIMARY KEY AUTOINCREMENT` (see `Column::definition`).
            (T::Serial, Backend::Sqlite) => "INTEGER",
            (T::Serial, Backend::Postgres) => "BIGINT GENERATED ALWAYS AS IDENTITY",
            (T::Decimal(Some((precision, scale))), Backend::Postgres) => {
                return format!("NUMERIC({precision}, {scale})");
            }
        };
        name.to_owned()
    }
}

/// Every field type keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    String,
    Text,
    Int,
    BigInt,
    Float,
    Decimal,
    Bool,
    Uuid,
    Date,
    DateTime,
    Time,
    Json,
    Enum,
    Email,
    Url,
    Ref,
}

/// Which optional keys of a field apply to a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Keys {
    /// `min_length`, `max_length`.
    pub lengths: bool,
    /// `min`, `max`.
    pub bounds: bool,
    /// `precision`, `scale`.
    pub digits: bool,
    pub pattern: bool,
    /// `unique` and `index` (values that can be compared).
    pub comparable: bool,
    pub default: bool,
}

const TEXT_KEYS: Keys = Keys {
    lengths: true,
    bounds: false,
    digits: false,
    pattern: false,
    comparable: true,
    default: true,
};
const NUMBER_KEYS: Keys = Keys {
    bounds: true,
    lengths: false,
    ..TEXT_KEYS
};
const PLAIN_KEYS: Keys = Keys {
    lengths: false,
    ..TEXT_KEYS
};

/// How a `default` or `example` literal of a type is written in the spec.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LiteralRule {
    /// An integer that fits in this many bits.
    Integer {
        bits: u32,
    },
    /// A finite number.
    Float,
    /// A number or a string of digits, exact, within the field's `precision` and `scale`.
    Decimal,
    Bool,
    /// Any TOML value.
    Json,
    /// A string (a TOML date or datetime too, when `toml_datetime`), in `format` if any.
    Text {
        format: Option<Format>,
        toml_datetime: bool,
    },
    /// One of the field's `values`.
    Enum,
}

/// A string format checked when the spec is read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Format {
    pub valid: fn(&str) -> bool,
    /// "a valid {what}".
    pub what: &'static str,
    pub hint: &'static str,
    /// The spelling the generated API answers with, for a valid value.
    pub canonical: Option<fn(&str) -> String>,
}

/// How tests derive valid values of a type.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Samples {
    /// Text, or values made from the field's `pattern`.
    Text,
    /// The n-th value (n = 1..), fitted to the field's length limits.
    Fitted(fn(usize) -> String),
    /// Integers within the type's range and the field's bounds.
    Integer,
    /// Floats within the field's bounds.
    Float,
    /// Decimals within the field's bounds and digits, as strings.
    Decimal,
    /// The n-th value (n = 1..); repeats are skipped.
    Listed(fn(usize) -> Json),
    /// The field's `values`.
    Enum,
    /// Tests create the referenced row instead.
    Reference,
}

/// A crate a type needs, and the features that make sqlx and utoipa know the type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cargo {
    /// The line under `[dependencies]`.
    pub dependency: &'static str,
    /// Wherever the backend stores the type natively.
    pub sqlx_feature: &'static str,
    pub utoipa_feature: &'static str,
}

/// The facts about one field type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindInfo {
    pub keyword: &'static str,
    /// Spellings from other languages and databases, answered with "did you mean".
    pub aliases: &'static [&'static str],
    pub keys: Keys,
    pub literal: LiteralRule,
    /// The Rust type of a value (`""` for enums, which get a type of their own per field).
    pub rust: &'static str,
    /// The type utoipa documents for the value, where it cannot tell from `rust` itself.
    pub schema_type: Option<&'static str>,
    /// Whether values are `Copy` (bound by value rather than by reference).
    pub copy: bool,
    pub sql: SqlType,
    /// `max_length` is also the column's limit (`VARCHAR(n)` where the backend checks it).
    pub varchar: bool,
    /// `format` in the OpenAPI schema, as a utoipa `KnownFormat` variant.
    pub openapi_format: Option<&'static str>,
    /// A `pattern` in the OpenAPI schema that says which strings the server accepts, where no
    /// standard `format` says it exactly.
    pub openapi_pattern: Option<&'static str>,
    /// What a module that uses the type imports: (crate, item).
    pub import: Option<(&'static str, &'static str)>,
    /// SQLite has no column type that holds the value exactly: it is stored as its text.
    pub text_on_sqlite: bool,
    /// What a project that uses the type adds to its `Cargo.toml`.
    pub cargo: Option<Cargo>,
    /// An extra check on the whole value (`email`, `url`), as a `Problems` method name.
    pub format_check: Option<&'static str>,
    /// Values are read by this function of the generated `schemas` module (and its `optional_`
    /// and `nullable_` forms) instead of serde's own: `integer` takes `32.0` for 32, as JSON
    /// Schema does.
    pub deserialize_with: Option<&'static str>,
    /// A line for the field's documentation in request bodies, where the schema cannot say a
    /// rule the server applies.
    pub doc: Option<&'static str>,
    /// How a string default becomes a value: a root expression (`{}` stands for the string) and
    /// the methods called on it; `None` for a plain owned `String`.
    pub parse_default: Option<(&'static str, &'static [&'static str])>,
    pub samples: Samples,
    /// Values (as JSON text) that no field of the type accepts, with the error kind the API
    /// answers them with; tested after the values that break the field's own limits.
    pub invalid: &'static [(&'static str, &'static str)],
    /// How list endpoints filter and sort on values of the type; `None` when they cannot.
    pub list: Option<ListKind>,
    /// Whether `?q=` can search values of the type: words of prose, which both databases'
    /// full-text engines split alike (not addresses, which PostgreSQL keeps whole).
    pub search: bool,
}

/// What list endpoints can do with a column, as the generated `crud::listing::Kind`: its variant
/// fixes the query operators, how a value in a query string is read and how SQL compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKind {
    Text,
    Integer,
    Float,
    Decimal,
    Bool,
    Uuid,
    Date,
    DateTime,
    Time,
    /// One of the field's values.
    Enum,
}

impl ListKind {
    /// The variant's name in the generated code.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            ListKind::Text => "Text",
            ListKind::Integer => "Integer",
            ListKind::Float => "Float",
            ListKind::Decimal => "Decimal",
            ListKind::Bool => "Bool",
            ListKind::Uuid => "Uuid",
            ListKind::Date => "Date",
            ListKind::DateTime => "DateTime",
            ListKind::Time => "Time",
            ListKind::Enum => "Enum",
        }
    }
}

/// The last call of a default parsed from a string that validation already checked.
const CHECKED: &str = "expect(\"checked when generated\")";

const TEXT_INVALID: &[(&str, &str)] = &[("42", "type_error")];
const NUMBER_INVALID: &[(&str, &str)] = &[("\"not a number\"", "type_error")];
/// An integer may be written `32.0`, but not with a fraction.
const INTEGER_INVALID: &[(&str, &str)] =
    &[("\"not a number\"", "type_error"), ("1.5", "value_error")];

const fn text(format: Option<Format>) -> LiteralRule {
    LiteralRule::Text {
        format,
        toml_datetime: false,
    }
}

/// What every kind starts from: a text type stored as `TEXT`, checked with
/// `min_length`/`max_length`.
const BASE: KindInfo = KindInfo {
    keyword: "text",
    aliases: &[],
    keys: TEXT_KEYS,
    literal: text(None),
    rust: "String",
    schema_type: None,
    copy: false,
    sql: SqlType::Text,
    varchar: false,
    openapi_format: None,
    openapi_pattern: None,
    import: None,
    text_on_sqlite: false,
    cargo: None,
    format_check: None,
    deserialize_with: None,
    doc: None,
    parse_default: None,
    samples: Samples::Text,
    invalid: TEXT_INVALID,
    list: Some(ListKind::Text),
    search: false,
};

/// Inside a regex character class: NUL and ASCII white space (`u8::is_ascii_whitespace`),
/// which the server's email and URL checks refuse.
macro_rules! blank {
    () => {
        r"\u0000\t\n\f\r "
    };
}

/// Characters no string the API accepts may hold: NUL, which databases cannot store in text.
/// (The server refuses it anywhere in a body.)
const NO_NUL: &str = r"^[^\u0000]*$";

/// `text`: any string without NUL.
const TEXT: KindInfo = KindInfo {
    openapi_pattern: Some(NO_NUL),
    format_check: Some("text"),
    search: true,
    ..BASE
};

const UUID: KindInfo = KindInfo {
    keyword: "uuid",
    aliases: &[],
    keys: Keys {
        default: false,
        ..PLAIN_KEYS
    },
    literal: text(Some(Format {
        valid: formats::is_uuid,
        what: "uuid",
        hint: "write e.g. `67e55044-10b1-426f-9247-bb680e5fe0c8`",
        canonical: None,
    })),
    rust: "Uuid",
    schema_type: None,
    copy: true,
    sql: SqlType::Uuid,
    varchar: false,
    openapi_format: None,
    // JSON Schema's `uuid` format is only an annotation: the pattern makes it a rule.
    openapi_pattern: Some(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    ),
    import: None,
    text_on_sqlite: false,
    cargo: None,
    format_check: None,
    deserialize_with: None,
    doc: None,
    parse_default: Some(("Uuid::parse_str(\"{}\")", &[CHECKED])),
    samples: Samples::Listed(|n| json!(format!("0190f0f0-0000-7000-8000-{n:012}"))),
    invalid: &[("\"not-a-uuid\"", "uuid_parsing")],
    list: Some(ListKind::Uuid),
    search: false,
};

const STRING: KindInfo = KindInfo {
    keyword: "string",
    aliases: &["str", "varchar"],
    keys: Keys {
        pattern: true,
        ..TEXT_KEYS
    },
    varchar: true,
    ..TEXT
};

const EMAIL: KindInfo = KindInfo {
    keyword: "email",
    literal: text(Some(Format {
        valid: formats::is_email,
        what: "email address",
        hint: "write e.g. `ann@example.com`",
        canonical: None,
    })),
    // What `Problems::email` accepts: one `@`, a dot inside the domain, no blanks. (No
    // `format: email`: its rules are not the server's; the pattern is.)
    openapi_pattern: Some(concat!(
        "^[^@",
        blank!(),
        "]+@[^@.",
        blank!(),
        "][^@",
        blank!(),
        r"]*\.[^@",
        blank!(),
        "]*[^@.",
        blank!(),
        "]$",
    )),
    format_check: Some("email"),
    samples: Samples::Fitted(|n| format!("user{n}@example.com")),
    invalid: &[("\"not-an-email\"", "value_error"), ("42", "type_error")],
    search: false,
    ..TEXT
};

const URL: KindInfo = KindInfo {
    keyword: "url",
    aliases: &["uri"],
    literal: text(Some(Format {
        valid: formats::is_url,
        what: "URL",
        hint: "URLs start with `http://` or `https://`, e.g. `https://example.com`",
        canonical: None,
    })),
    // What `Problems::url` accepts: `http` or `https`, a host, no blanks.
    openapi_pattern: Some(concat!("^https?://[^/?#", blank!(), "][^", blank!(), "]*$")),
    format_check: Some("url"),
    samples: Samples::Fitted(|n| format!("https://example.com/{n}")),
    invalid: &[("\"not a url\"", "url_parsing"), ("42", "type_error")],
    search: false,
    ..TEXT
};

const INT: KindInfo = KindInfo {
    keyword: "int",
    aliases: &["integer", "i32", "int32"],
    keys: NUMBER_KEYS,
    literal: LiteralRule::Integer { bits: 32 },
    rust: "i32",
    copy: true,
    sql: SqlType::Integer,
    parse_default: None,
    samples: Samples::Integer,
    invalid: INTEGER_INVALID,
    deserialize_with: Some("integer"),
    list: Some(ListKind::Integer),
    ..BASE
};

const BIGINT: KindInfo = KindInfo {
    keyword: "bigint",
    aliases: &["i64", "int64", "long"],
    literal: LiteralRule::Integer { bits: 64 },
    rust: "i64",
    sql: SqlType::BigInt,
    ..INT
};

const FLOAT: KindInfo = KindInfo {
    keyword: "float",
    aliases: &["double", "f64", "number", "real"],
    literal: LiteralRule::Float,
    rust: "f64",
    sql: SqlType::Double,
    samples: Samples::Float,
    deserialize_with: None,
    invalid: NUMBER_INVALID,
    list: Some(ListKind::Float),
    ..INT
};

/// Money and other exact numbers: `rust_decimal::Decimal`, sent as a string (a JSON number is
/// accepted too, as Pydantic does), `NUMERIC(precision, scale)` on PostgreSQL.
const DECIMAL: KindInfo = KindInfo {
    keyword: "decimal",
    aliases: &["numeric", "money"],
    keys: Keys {
        digits: true,
        ..NUMBER_KEYS
    },
    literal: LiteralRule::Decimal,
    rust: "Decimal",
    import: Some(("rust_decimal", "Decimal")),
    copy: true,
    sql: SqlType::Decimal(None),
    text_on_sqlite: true,
    cargo: Some(Cargo {
        dependency: "rust_decimal = { version = \"1\", default-features = false, features = [\"serde\", \"std\"] }",
        sqlx_feature: "rust_decimal",
        utoipa_feature: "decimal",
    }),
    parse_default: Some(("\"{}\"", &["parse::<Decimal>()", CHECKED])),
    samples: Samples::Decimal,
    invalid: &[("\"not a number\"", "value_error"), ("true", "type_error")],
    list: Some(ListKind::Decimal),
    ..BASE
};

const BOOL: KindInfo = KindInfo {
    keyword: "bool",
    aliases: &["boolean"],
    keys: PLAIN_KEYS,
    literal: LiteralRule::Bool,
    rust: "bool",
    copy: true,
    sql: SqlType::Boolean,
    samples: Samples::Listed(|n| json!(n % 2 == 1)),
    invalid: &[("\"not a boolean\"", "type_error")],
    list: Some(ListKind::Bool),
    ..BASE
};

const DATE: KindInfo = KindInfo {
    keyword: "date",
    keys: PLAIN_KEYS,
    literal: LiteralRule::Text {
        format: Some(Format {
            valid: formats::is_date,
            what: "date",
            hint: "dates are written `YYYY-MM-DD`, e.g. `2024-01-31`",
            canonical: None,
        }),
        toml_datetime: true,
    },
    rust: "NaiveDate",
    import: Some(("chrono", "NaiveDate")),
    copy: true,
    sql: SqlType::Date,
    parse_default: Some((
        "NaiveDate::parse_from_str(\"{}\", \"%Y-%m-%d\")",
        &[CHECKED],
    )),
    samples: Samples::Listed(|n| json!(format!("2024-01-{n:02}"))),
    invalid: &[("\"not a date\"", "value_error")],
    list: Some(ListKind::Date),
    ..BASE
};

const DATETIME: KindInfo = KindInfo {
    keyword: "datetime",
    aliases: &["timestamp", "timestamptz"],
    literal: LiteralRule::Text {
        format: Some(Format {
            valid: formats::is_datetime,
            what: "RFC 3339 datetime",
            hint: "write e.g. `2024-01-31T09:30:00Z` (the offset is required)",
            canonical: None,
        }),
        toml_datetime: true,
    },
    rust: "DateTime<Utc>",
    import: None,
    sql: SqlType::Timestamp,
    parse_default: Some((
        "DateTime::parse_from_rfc3339(\"{}\")",
        &[CHECKED, "with_timezone(&Utc)"],
    )),
    samples: Samples::Listed(|n| json!(format!("2024-01-01T12:00:{n:02}Z"))),
    list: Some(ListKind::DateTime),
    ..DATE
};

/// A time of day, as chrono reads it: `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`. Not the
/// JSON Schema `time` format, which requires an offset.
const TIME: KindInfo = KindInfo {
    keyword: "time",
    aliases: &["time_of_day", "timeofday"],
    keys: PLAIN_KEYS,
    literal: LiteralRule::Text {
        format: Some(Format {
            valid: formats::is_time_of_day,
            what: "time of day",
            hint: "write e.g. `09:30:00` or `09:30`",
            canonical: Some(formats::canonical_time),
        }),
        toml_datetime: true,
    },
    rust: "NaiveTime",
    import: Some(("chrono", "NaiveTime")),
    openapi_pattern: Some(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?$"),
    copy: true,
    sql: SqlType::Time,
    parse_default: Some(("\"{}\"", &["parse::<NaiveTime>()", CHECKED])),
    samples: Samples::Listed(|n| json!(format!("09:{n:02}:00"))),
    invalid: &[
        ("\"not a time\"", "value_error"),
        ("\"24:00:00\"", "value_error"),
    ],
    list: Some(ListKind::Time),
    ..BASE
};

const JSON: KindInfo = KindInfo {
    keyword: "json",
    aliases: &["jsonb"],
    keys: Keys {
        comparable: false,
        ..PLAIN_KEYS
    },
    literal: LiteralRule::Json,
    rust: "serde_json::Value",
    schema_type: Some("Object"),
    sql: SqlType::Json,
    format_check: Some("json_text"),
    doc: Some("Any JSON; its strings may not contain NUL (422, type `json_nul`)."),
    samples: Samples::Listed(|n| json!({ "label": format!("value {n}") })),
    invalid: &[],
    list: None,
    ..BASE
};

const ENUM: KindInfo = KindInfo {
    keyword: "enum",
    keys: PLAIN_KEYS,
    literal: LiteralRule::Enum,
    rust: "",
    copy: true,
    samples: Samples::Enum,
    invalid: &[("\"not_one_of_the_values\"", "enum")],
    list: Some(ListKind::Enum),
    ..BASE
};

const REF: KindInfo = KindInfo {
    keyword: "ref",
    aliases: &["reference", "foreign_key", "belongs_to"],
    samples: Samples::Reference,
    invalid: &[],
    ..UUID
};

impl FieldKind {
    pub(crate) const ALL: [FieldKind; 16] = [
        FieldKind::String,
        FieldKind::Text,
        FieldKind::Int,
        FieldKind::BigInt,
        FieldKind::Float,
        FieldKind::Decimal,
        FieldKind::Bool,
        FieldKind::Uuid,
        FieldKind::Date,
        FieldKind::DateTime,
        FieldKind::Time,
        FieldKind::Json,
        FieldKind::Enum,
        FieldKind::Email,
        FieldKind::Url,
        FieldKind::Ref,
    ];

    /// The kind spelled `keyword` in the spec.
    pub(crate) fn from_keyword(keyword: &str) -> Option<FieldKind> {
        FieldKind::ALL
            .into_iter()
            .find(|kind| kind.info().keyword == keyword)
    }

    /// Every keyword, for hints and error messages.
    pub(crate) fn keywords() -> Vec<&'static str> {
        FieldKind::ALL
            .iter()
            .map(|kind| kind.info().keyword)
            .collect()
    }

    pub(crate) fn info(self) -> &'static KindInfo {
        match self {
            FieldKind::String => &STRING,
            FieldKind::Text => &TEXT,
            FieldKind::Email => &EMAIL,
            FieldKind::Url => &URL,
            FieldKind::Int => &INT,
            FieldKind::BigInt => &BIGINT,
            FieldKind::Float => &FLOAT,
            FieldKind::Decimal => &DECIMAL,
            FieldKind::Bool => &BOOL,
            FieldKind::Uuid => &UUID,
            FieldKind::Date => &DATE,
            FieldKind::DateTime => &DATETIME,
            FieldKind::Time => &TIME,
            FieldKind::Json => &JSON,
            FieldKind::Enum => &ENUM,
            FieldKind::Ref => &REF,
        }
    }
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;

    /// The documented patterns accept what the generated server accepts (its `Problems::email`
    /// and `Problems::url`, NUL refused in every body) and refuse what it refuses.
    #[test]
    fn documented_patterns_say_what_the_server_accepts() {
        let cases: &[(FieldKind, &str, bool)] = &[
            (FieldKind::Email, "ann@example.com", true),
            (FieldKind::Email, "first.last+tag@mail.example.org", true),
            (FieldKind::Email, "a\u{a0}b@example.com", true),
            (FieldKind::Email, "ann@example", false),
            (FieldKind::Email, "@example.com", false),
            (FieldKind::Email, "a@b@example.com", false),
            (FieldKind::Email, "a@.example.com", false),
            (FieldKind::Email, "a@example.com.", false),
            (FieldKind::Email, "a b@example.com", false),
            (FieldKind::Email, "a\tb@example.com", false),
            (FieldKind::Email, "a\0b@example.com", false),
            (FieldKind::Url, "https://example.com", true),
            (FieldKind::Url, "http://example.com/path?q=1#top", true),
            (FieldKind::Url, "https://", false),
            (FieldKind::Url, "https:///path", false),
            (FieldKind::Url, "https://exa mple.com", false),
            (FieldKind::Url, "ftp://example.com", false),
            (FieldKind::Url, "https://example.com/\0", false),
            (
                FieldKind::Uuid,
                "67e55044-10b1-426f-9247-bb680e5fe0c8",
                true,
            ),
            (FieldKind::Uuid, "", false),
            (FieldKind::Uuid, "not-a-uuid", false),
            (FieldKind::Ref, "67E55044-10B1-426F-9247-BB680E5FE0C8", true),
            (FieldKind::Text, "any text, even\nlines", true),
            (FieldKind::Text, "a\0b", false),
            (FieldKind::String, "", true),
            (FieldKind::String, "\0", false),
        ];
        for (kind, value, accepted) in cases {
            let pattern = kind.info().openapi_pattern.expect("a pattern");
            let regex = Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            assert_eq!(regex.is_match(value), *accepted, "{kind:?} {value:?}");
        }
        for kind in [
            FieldKind::Int,
            FieldKind::Bool,
            FieldKind::Json,
            FieldKind::Date,
        ] {
            assert_eq!(kind.info().openapi_pattern, None, "{kind:?}");
        }
    }
}
