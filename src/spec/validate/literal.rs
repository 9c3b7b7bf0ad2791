//! `default` and `example` literals: converted to a [`Value`] of the field's type and checked
//! against its format (date, email, ...), `values`, length limits, bounds and pattern.

use regex::Regex;

use super::super::diagnostic::{SourceFile, SpecError, closest};
use super::super::formats::DecimalText;
use super::super::raw::{Item, Literal};
use super::super::{Field, FieldType, Value};
use super::field::digits_problem;
use crate::kind::LiteralRule;

/// Converts `item` (the `default` or `example` named by `key`) for `field`, whose type and
/// constraints are already validated; `pattern` is the field's compiled pattern.
pub(super) fn value(
    file: &SourceFile<'_>,
    item: &Item<Literal>,
    key: &str,
    field: &Field,
    pattern: Option<&Regex>,
) -> Result<Value, SpecError> {
    let error = |message: String| file.error(item.span.clone(), message);
    let keyword: &str = field.ty.keyword();
    let mismatch = |expected: &str| {
        let error: SpecError = error(format!(
            "`{key}` of {} `{keyword}` field must be {expected}, found {}",
            crate::naming::article(keyword),
            item.value.kind()
        ));
        match (&item.value, expected) {
            (Literal::Integer(_) | Literal::Float(_) | Literal::Bool(_), "a string") => {
                error.with_hint("quote it to make it a string")
            }
            _ => error,
        }
    };
    match field.ty.info().literal {
        LiteralRule::Integer { bits } => {
            let Literal::Integer(n) = item.value else {
                return Err(mismatch("an integer"));
            };
            if bits == 32 && i32::try_from(n).is_err() {
                return Err(
                    error(format!("`{key}` {n} does not fit in an `int` (32-bit)"))
                        .with_hint("use `type = \"bigint\"` for 64-bit integers"),
                );
            }
            check_bounds(file, item, key, field, n as f64)?;
            Ok(Value::Int(n))
        }
        LiteralRule::Float => {
            let x: f64 = match item.value {
                Literal::Integer(n) => n as f64,
                Literal::Float(x) if x.is_finite() => x,
                Literal::Float(_) => return Err(error(format!("`{key}` must be a finite number"))),
                _ => return Err(mismatch("a number")),
            };
            check_bounds(file, item, key, field, x)?;
            Ok(Value::Float(x))
        }
        LiteralRule::Decimal => {
            let text: String = match &item.value {
                Literal::Integer(n) => n.to_string(),
                Literal::Float(x) if x.is_finite() => format!("{x}"),
                Literal::Float(_) => return Err(error(format!("`{key}` must be a finite number"))),
                Literal::String(text) => text.clone(),
                _ => return Err(mismatch("a number or a string of digits")),
            };
            let Some(decimal) = DecimalText::parse(&text) else {
                return Err(error(format!("`{key}` `{text}` is not a decimal number"))
                    .with_hint("write digits with an optional `-` and `.`, e.g. `\"19.99\"`"));
            };
            if let Some(digits) = field.digits
                && let Some(problem) = digits_problem(&decimal, digits)
            {
                return Err(error(format!("`{key}` {text} {problem}")));
            }
            let x: f64 = text.parse().unwrap_or(f64::NAN);
            check_bounds(file, item, key, field, x)?;
            Ok(Value::String(match field.digits {
                Some(digits) => decimal.with_scale(digits.scale),
                None => text,
            }))
        }
        LiteralRule::Bool => match item.value {
            Literal::Bool(flag) => Ok(Value::Bool(flag)),
            _ => Err(mismatch("a boolean")),
        },
        LiteralRule::Json => Ok(Value::Json(json(file, item, key, &item.value)?)),
        LiteralRule::Enum => {
            let Literal::String(text) = &item.value else {
                return Err(mismatch("a string"));
            };
            check_enum(file, item, key, field, text)?;
            Ok(Value::String(text.clone()))
        }
        LiteralRule::Text {
            format,
            toml_datetime,
        } => {
            let text = match &item.value {
                Literal::String(text) => text,
                Literal::Datetime(text) if toml_datetime => text,
                _ => return Err(mismatch("a string")),
            };
            if let Some(format) = format
                && !(format.valid)(text)
            {
                return Err(file
                    .error(
                        item.span.clone(),
                        format!("`{key}` `{text}` is not a valid {}", format.what),
                    )
                    .with_hint(format.hint));
            }
            if field.ty.info().keys.lengths {
                check_text(file, item, key, field, text, pattern)?;
            }
            Ok(Value::String(
                format
                    .and_then(|format| format.canonical)
                    .map_or_else(|| text.clone(), |canonical| canonical(text)),
            ))
        }
    }
}

/// An enum literal is one of the field's `values`.
fn check_enum(
    file: &SourceFile<'_>,
    item: &Item<Literal>,
    key: &str,
    field: &Field,
    text: &str,
) -> Result<(), SpecError> {
    let FieldType::Enum(values) = &field.ty else {
        return Ok(());
    };
    if values.iter().any(|value| value == text) {
        return Ok(());
    }
    let candidates: Vec<&str> = values.iter().map(String::as_str).collect();
    let error: SpecError = file.error(
        item.span.clone(),
        format!(
            "{key} `{text}` is not one of the values: {}",
            values.join(", ")
        ),
    );
    Err(match closest(text, &candidates) {
        Some(candidate) => error.with_hint(format!("did you mean `{candidate}`?")),
        None => error,
    })
}

/// Length limits and pattern.
fn check_text(
    file: &SourceFile<'_>,
    item: &Item<Literal>,
    key: &str,
    field: &Field,
    text: &str,
    pattern: Option<&Regex>,
) -> Result<(), SpecError> {
    let length: usize = text.chars().count();
    let problem: Option<String> = match (field.min_length, field.max_length) {
        (Some(min), _) if length < min as usize => Some(format!(
            "`{key}` is {length} characters long, shorter than `min_length` ({min})"
        )),
        (_, Some(max)) if length > max as usize => Some(format!(
            "`{key}` is {length} characters long, longer than `max_length` ({max})"
        )),
        _ => None,
    };
    if let Some(problem) = problem {
        return Err(file.error(item.span.clone(), problem));
    }
    if let (Some(regex), Some(source)) = (pattern, &field.pattern)
        && !regex.is_match(text)
    {
        return Err(file.error(
            item.span.clone(),
            format!("`{key}` `{text}` does not match the pattern `{source}`"),
        ));
    }
    Ok(())
}

fn check_bounds(
    file: &SourceFile<'_>,
    item: &Item<Literal>,
    key: &str,
    field: &Field,
    x: f64,
) -> Result<(), SpecError> {
    let problem: Option<String> = match (field.min, field.max) {
        (Some(min), _) if x < min => Some(format!("`{key}` {x} is less than `min` ({min})")),
        (_, Some(max)) if x > max => Some(format!("`{key}` {x} is greater than `max` ({max})")),
        _ => None,
    };
    match problem {
        Some(problem) => Err(file.error(item.span.clone(), problem)),
        None => Ok(()),
    }
}

/// Any TOML literal as JSON (datetimes become strings; NaN and infinities are rejected).
fn json(
    file: &SourceFile<'_>,
    item: &Item<Literal>,
    key: &str,
    literal: &Literal,
) -> Result<serde_json::Value, SpecError> {
    Ok(match literal {
        Literal::String(text) | Literal::Datetime(text) => serde_json::Value::String(text.clone()),
        Literal::Integer(n) => serde_json::Value::from(*n),
        Literal::Float(x) => match serde_json::Number::from_f64(*x) {
            Some(number) => serde_json::Value::Number(number),
            None => {
                return Err(file.error(
                    item.span.clone(),
                    format!("`{key}` contains {x}, which JSON cannot represent"),
                ));
            }
        },
        Literal::Bool(flag) => serde_json::Value::Bool(*flag),
        Literal::Array(elements) => serde_json::Value::Array(
            elements
                .iter()
                .map(|element| json(file, item, key, element))
                .collect::<Result<Vec<serde_json::Value>, SpecError>>()?,
        ),
        Literal::Table(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(name, element)| Ok((name.clone(), json(file, item, key, element)?)))
                .collect::<Result<serde_json::Map<String, serde_json::Value>, SpecError>>()?,
        ),
    })
}
