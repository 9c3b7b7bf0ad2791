//! The model of one field: its Rust and SQL types, validation, OpenAPI attributes and default,
//! as the resource's schema, model and queries print them.

use heck::{ToPascalCase, ToTitleCase};
use serde::Serialize;
use serde_json::Value as Json;

use super::layout::{self, Args};
use super::{escape, raw_literal, schema_attr};
use crate::kind::LiteralRule;
use crate::naming;
use crate::spec::formats::DecimalText;
use crate::spec::samples;
use crate::spec::{self, Backend, Field, FieldType, Spec};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FieldModel {
    pub name: String,
    /// Rust identifier of the field (raw when a keyword): `r#type`, `category_id`.
    pub ident: String,
    /// The key in JSON bodies, and the column name: `type`, `category_id`.
    pub json_name: String,
    pub column_sql: String,
    pub optional: bool,
    pub is_ref: bool,
    pub ref_name: String,
    pub ref_module: String,
    pub ref_title: String,
    /// For a reference: the statement the endpoint's reference check adds a problem with when
    /// the referenced row does not exist, laid out.
    pub ref_problem: String,
    /// The Rust type of the stored value, `Option<..>` when optional.
    pub rust_type: String,
    pub create_type: String,
    pub update_type: String,
    pub create_attrs: Vec<String>,
    pub update_attrs: Vec<String>,
    pub read_attrs: Vec<String>,
    pub default_fn: String,
    pub default_expr: String,
    /// `ident: ..,`: the field read from a row in `FromRow`, laid out.
    pub decode_init: String,
    /// For a required reference: the `if` that checks the referenced row exists, laid out.
    pub exists_check: String,
    /// `pub ident: Type,` in the model's struct, laid out.
    pub model_decl: String,
    /// `pub ident: ..,` in the create, update and read bodies, laid out.
    pub create_decl: String,
    pub update_decl: String,
    pub read_decl: String,
    /// `fn default_..() -> Type {` when the field has a default, laid out.
    pub default_fn_sig: String,
    /// `ident: self.ident.unwrap_or(current.ident),` in `apply_to`, laid out.
    pub apply_init: String,
    /// `ident: row.ident,` in the read body's `From`, laid out.
    pub read_init: String,
    /// The value `crud` binds for the field.
    #[serde(skip)]
    pub bind: layout::Chain,
    /// JSON array of valid values for tests (empty for refs).
    pub test_values: String,
}

/// Rust statements that check a body's values into `problems`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Validation {
    /// For the create (and replace) body: every field.
    pub create: Vec<String>,
    /// For the update body: the fields it holds.
    pub update: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PatternModel {
    pub pattern: String,
    pub field: String,
    pub static_name: String,
    /// The pattern as a Rust raw string literal.
    pub literal: String,
    /// The body of the closure that compiles it, laid out (in a block: it never fits beside
    /// the `static`).
    pub compile: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EnumModel {
    pub field: String,
    pub type_name: String,
    pub variants: Vec<VariantModel>,
    /// `pub const VALUES: &[&str] = &[..];`, laid out, where lists filter on the field.
    pub values_const: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct VariantModel {
    pub value: String,
    pub ident: String,
    /// Its arms in `as_str` and `from_str`, laid out.
    pub as_str_arm: String,
    pub from_str_arm: String,
}

impl FieldModel {
    pub(super) fn new(field: &Field, struct_name: &str, spec: &Spec) -> FieldModel {
        let info = field.ty.info();
        let json_name = field.column();
        let (ref_name, ref_module, ref_title) = match &field.ty {
            FieldType::Ref { to, .. } => (to.clone(), naming::rust_ident(to), to.to_title_case()),
            _ => (String::new(), String::new(), String::new()),
        };
        let ident = naming::rust_ident(&json_name);
        let base = match &field.ty {
            FieldType::Enum(_) => enum_type_name(struct_name, field),
            _ => info.rust.to_owned(),
        };
        let rust_type = if field.optional {
            format!("Option<{base}>")
        } else {
            base.clone()
        };

        let mut schema = Vec::new();
        if let Some(format) = info.openapi_format {
            schema.push(format!("format = {format}"));
        }
        // A field's own pattern takes the place of its type's.
        if let Some(pattern) = info.openapi_pattern.filter(|_| field.pattern.is_none()) {
            schema.push(format!("pattern = {}", raw_literal(pattern)));
        }
        if let Some(min) = field.min_length {
            schema.push(format!("min_length = {min}"));
        }
        if let Some(max) = field.max_length {
            schema.push(format!("max_length = {max}"));
        }
        if info.keys.digits {
            // Decimals travel as strings, to which `minimum` and `maximum` do not apply.
            schema.push(format!(
                "pattern = {}",
                raw_literal(&decimal_pattern(field))
            ));
        } else {
            if let Some(min) = field.min {
                schema.push(format!("minimum = {}", number_literal(min, &field.ty)));
            }
            if let Some(max) = field.max {
                schema.push(format!("maximum = {}", number_literal(max, &field.ty)));
            }
        }
        if let Some(pattern) = &field.pattern {
            schema.push(format!("pattern = {}", raw_literal(pattern)));
        }
        let example =
            field.example.as_ref().map(samples::to_json).or_else(|| {
                samples::valid_values(field).and_then(|values| values.into_iter().next())
            });
        let example_attr = example.map(|value| match value {
            Json::Object(_) | Json::Array(_) => format!("example = json!({value})"),
            other => format!("example = {other}"),
        });

        let mut create_attrs: Vec<String> =
            info.doc.iter().map(|doc| format!("/// {doc}")).collect();
        let (default_fn, default_expr) = match &field.default {
            Some(default) => {
                let name = format!("default_{}", json_name);
                create_attrs.push(format!("#[serde(default = \"{name}\")]"));
                (name, default_expr(default, field, struct_name))
            }
            None => (String::new(), String::new()),
        };
        if field.optional && field.default.is_none() {
            create_attrs.push("#[serde(default)]".to_owned());
        }
        // `None` and `null` read as usual; a value goes through the type's own reader.
        let reader = |form: &str| {
            info.deserialize_with.map(|with| {
                format!("#[serde(deserialize_with = \"crate::schemas::{form}{with}\")]")
            })
        };
        create_attrs.extend(reader(if field.optional { "optional_" } else { "" }));
        let mut create_schema = schema.clone();
        if let Some(default) = &field.default {
            let value = samples::to_json(default);
            create_schema.push(match value {
                Json::Object(_) | Json::Array(_) => format!("default = json!({value})"),
                other => format!("default = {other}"),
            });
        }
        create_schema.extend(example_attr.clone());
        if !create_schema.is_empty() {
            create_attrs.push(schema_attr(&create_schema));
        }

        let mut update_attrs = create_attrs
            .iter()
            .filter(|attr| attr.starts_with("///"))
            .cloned()
            .collect::<Vec<_>>();
        let update_type = if field.optional {
            update_attrs.push(format!(
                "#[serde(default, deserialize_with = \"crate::schemas::nullable{}\")]",
                info.deserialize_with
                    .map_or(String::new(), |with| format!("_{with}"))
            ));
            let mut attrs = vec![format!(
                "value_type = Option<{}>",
                info.schema_type.unwrap_or(&base)
            )];
            attrs.extend(schema.iter().cloned());
            attrs.extend(example_attr.clone());
            update_attrs.push(schema_attr(&attrs));
            format!("Option<Option<{base}>>")
        } else {
            update_attrs.push("#[serde(default)]".to_owned());
            update_attrs.extend(reader("optional_"));
            let mut attrs = schema.clone();
            attrs.extend(example_attr.clone());
            if !attrs.is_empty() {
                update_attrs.push(schema_attr(&attrs));
            }
            format!("Option<{base}>")
        };
        let read_attrs = example_attr
            .map(|e| vec![schema_attr(&[e])])
            .unwrap_or_default();

        let column = format!("\"{json_name}\"");
        let as_text = info.text_on_sqlite && spec.database.backend == Backend::Sqlite;
        // A value with the column's scale, which PostgreSQL does not keep for zero.
        let scaled = |value: &str| match field.digits {
            Some(digits) => format!("crate::models::with_scale({value}, {})", digits.scale),
            None => value.to_owned(),
        };
        // `ident: <how the row's column becomes the field>,` in `FromRow`, three levels deep.
        let prefix = format!("{ident}: ");
        let chain = |calls: &[String]| layout::chain_after(12, &prefix, "row", calls, ",");
        let call = |function: &str, args: [String; 2]| {
            layout::call(
                12,
                &format!("{prefix}{function}("),
                &args,
                ")?,",
                Args::Call,
            )
        };
        let text_of = |json_name: &str| format!("&row.try_get::<String, _>(\"{json_name}\")?");
        let decode_init = match (&field.ty, field.optional) {
            (_, false) if as_text => call(
                "decode_text",
                [format!("\"{json_name}\""), text_of(&json_name)],
            ),
            (_, true) if as_text => chain(&[
                format!("try_get::<Option<String>, _>(\"{json_name}\")?"),
                format!("map(|value| decode_text(\"{json_name}\", &value))"),
                "transpose()?".to_owned(),
            ]),
            (FieldType::Enum(_), false) => call(
                "decode_enum",
                [format!("\"{json_name}\""), text_of(&json_name)],
            ),
            (FieldType::Enum(_), true) => chain(&[
                format!("try_get::<Option<String>, _>(\"{json_name}\")?"),
                format!("map(|value| decode_enum(\"{json_name}\", &value))"),
                "transpose()?".to_owned(),
            ]),
            (_, false) if field.digits.is_some() => {
                format!(
                    "{prefix}{},",
                    scaled(&format!("row.try_get(\"{json_name}\")?"))
                )
            }
            (_, true) if field.digits.is_some() => chain(&[
                format!("try_get::<Option<{}>, _>(\"{json_name}\")?", info.rust),
                format!("map(|value| {})", scaled("value")),
            ]),
            _ => chain(&[format!("try_get(\"{json_name}\")?")]),
        };
        let bind = match (&field.ty, field.optional, info.copy) {
            (_, false, _) if as_text => layout::Chain {
                head: scaled(&format!("input.{ident}")),
                calls: vec!["to_string()".to_owned()],
            },
            (_, true, _) if as_text => layout::Chain {
                head: "input".to_owned(),
                calls: vec![
                    ident.clone(),
                    format!("map(|value| {}.to_string())", scaled("value")),
                ],
            },
            (FieldType::Enum(_), false, _) => layout::Chain {
                head: "input".to_owned(),
                calls: vec![ident.clone(), "as_str()".to_owned()],
            },
            (FieldType::Enum(_), true, _) => layout::Chain {
                head: "input".to_owned(),
                calls: vec![ident.clone(), format!("map({base}::as_str)")],
            },
            (_, _, true) => layout::Chain::plain(format!("input.{ident}")),
            (_, _, false) => layout::Chain::plain(format!("&input.{ident}")),
        };
        let test_values = samples::valid_values(field)
            .map(|values| Json::Array(values).to_string())
            .unwrap_or_default();
        // `if !crud::..::exists(..).await? {` for a required reference; a multi-line condition
        // puts the brace on a line of its own.
        let exists_check = {
            let condition = layout::query(
                4,
                "if !",
                &format!("crud::{ref_module}::exists("),
                &layout::Arg::List(vec!["&mut *db".to_owned(), format!("input.{ident}")]),
                &|_| vec!["await".to_owned()],
                "?",
            );
            let brace = if condition.contains('\n') {
                "\n    {"
            } else {
                " {"
            };
            format!("{condition}{brace}")
        };
        let ref_problem = layout::nested(
            8,
            "problems.push(",
            "ErrorDetail::new(",
            &[
                format!("&[\"body\", \"{json_name}\"]"),
                format!("\"{ref_title} not found\""),
                "\"foreign_key\"".to_owned(),
            ],
            ");",
            Args::Call,
        );
        let create_type = if field.optional {
            format!("Option<{base}>")
        } else {
            base
        };
        let model_decl = layout::typed(4, &format!("pub {ident}"), &rust_type, ",");
        let apply_init = layout::chain_after(
            12,
            &format!("{ident}: "),
            "self",
            &[ident.clone(), format!("unwrap_or(current.{ident})")],
            ",",
        );
        let read_init = layout::chain_after(
            12,
            &format!("{ident}: "),
            "row",
            std::slice::from_ref(&ident),
            ",",
        );
        let decl = |ty: &str| layout::typed(4, &format!("pub {ident}"), ty, ",");
        let (create_decl, update_decl) = (decl(&create_type), decl(&update_type));
        let default_fn_sig = layout::returns(0, &format!("fn {default_fn}()"), &rust_type, " {");
        FieldModel {
            exists_check,
            read_decl: model_decl.clone(),
            create_decl,
            update_decl,
            default_fn_sig,
            model_decl,
            apply_init,
            read_init,
            name: field.name.clone(),
            ident,
            column_sql: column,
            optional: field.optional,
            is_ref: matches!(field.ty, FieldType::Ref { .. }),
            ref_name,
            ref_module,
            ref_title,
            rust_type,
            create_type,
            update_type,
            create_attrs,
            update_attrs,
            read_attrs,
            default_fn,
            default_expr,
            decode_init,
            bind,
            test_values,
            ref_problem,
            json_name,
        }
    }
}

/// A Rust expression for a field's default.
fn default_expr(default: &spec::Value, field: &Field, struct_name: &str) -> String {
    let info = field.ty.info();
    let expr = match (&field.ty, default) {
        (FieldType::Enum(_), spec::Value::String(s)) => {
            format!(
                "{}::{}",
                enum_type_name(struct_name, field),
                s.to_pascal_case()
            )
        }
        (_, spec::Value::String(s)) => {
            let (root, calls) = info.parse_default.unwrap_or(("\"{}\"", &["to_owned()"]));
            let root = root.replace("{}", &escape(s));
            let calls: Vec<String> = calls.iter().map(|call| (*call).to_owned()).collect();
            // The function body is indented once; an optional value is bound first, so that
            // `Some(..)` does not decide how the chain breaks.
            return if field.optional {
                // A value that can stay on one line does, after `=` or on the next line; only
                // a chain too wide for one line breaks between its calls.
                let chain: String = std::iter::once(root.clone())
                    .chain(calls.iter().map(|call| format!(".{call}")))
                    .collect();
                let binding = if calls.len() < 2 || chain.len() <= layout::CHAIN_WIDTH {
                    layout::assign(4, "let value", &chain, ";")
                } else {
                    layout::chain_after(4, "let value = ", &root, &calls, ";")
                };
                format!("{binding}\n    Some(value)")
            } else {
                layout::chain(4, &root, &calls, "")
            };
        }
        (_, spec::Value::Json(j)) => format!("serde_json::json!({j})"),
        (_, spec::Value::Int(i)) if matches!(info.literal, LiteralRule::Float) => {
            format!("{:?}", *i as f64)
        }
        (_, spec::Value::Int(i)) => i.to_string(),
        (_, spec::Value::Float(f)) => format!("{f:?}"),
        (_, spec::Value::Bool(b)) => b.to_string(),
    };
    if field.optional {
        layout::call(4, "Some(", &[expr], ")", Args::Call)
    } else {
        expr
    }
}

pub(super) fn option_literal(value: Option<String>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

/// A bound as a literal of the field's Rust type.
pub(super) fn number_literal(bound: f64, ty: &FieldType) -> String {
    match ty.info().literal {
        LiteralRule::Float => format!("{bound:?}"),
        LiteralRule::Decimal => {
            let text = format!("{bound}");
            let decimal = DecimalText::parse(&text).expect("a finite bound is written out");
            let mantissa = format!("{}{}", decimal.whole, decimal.fraction);
            let mantissa = mantissa.trim_start_matches('0');
            let sign = if decimal.negative && !mantissa.is_empty() {
                "-"
            } else {
                ""
            };
            format!(
                "Decimal::new({sign}{}, {})",
                if mantissa.is_empty() { "0" } else { mantissa },
                decimal.fraction.len()
            )
        }
        _ => format!("{}", bound as i64),
    }
}

/// The strings a decimal field's schema documents: digits within its precision and scale,
/// without a sign when it cannot be negative. (The server also takes JSON numbers, and
/// trailing zeros beyond the scale.)
fn decimal_pattern(field: &Field) -> String {
    let sign = if field.min.is_some_and(|min| min >= 0.0) {
        ""
    } else {
        "-?"
    };
    match field.digits {
        None => format!("^{sign}[0-9]+(\\.[0-9]+)?$"),
        Some(digits) => {
            let whole = match digits.whole() {
                0 => "0".to_owned(),
                n => format!("[0-9]{{1,{n}}}"),
            };
            let places = match digits.scale {
                0 => String::new(),
                n => format!("(\\.[0-9]{{1,{n}}})?"),
            };
            format!("^{sign}{whole}{places}$")
        }
    }
}

pub(super) fn enum_type_name(struct_name: &str, field: &Field) -> String {
    format!("{struct_name}{}", field.name.to_pascal_case())
}
