//! Field shorthand for the command line: `name:type[?][:modifier...]`, turned into the spec's
//! TOML for that field.
//!
//! ```text
//! title:string                     notes:text?                  sku:string:unique
//! category:ref:category            status:enum:draft|active|archived     tags:many:tag
//! price:float:min=0:example=9.5    code:string:pattern=^[A-Z]{3}$   parent:ref:node?:on_delete=set_null
//! opens:time:default=08:30         due:datetime:example=2024-01-31T09:30:00Z
//! ```
//! Modifiers: `unique`, `index`, `optional`, and `key=value` for `default`, `example`, `min`,
//! `max`, `precision`, `scale`, `min_length`, `max_length`, `pattern` (takes the rest of the argument) and `on_delete`.

use toml_edit::{InlineTable, Value};

use crate::kind::FieldKind;
use crate::spec::MANY;

/// A field as given on the command line.
#[derive(Debug, Clone)]
pub(crate) struct FieldArg {
    pub name: String,
    /// The spec's TOML for the field: a type string (`"text?"`) or an inline table.
    pub value: Value,
}

/// Why an argument is not a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid field `{arg}`: {message}")]
pub struct ShorthandError {
    pub arg: String,
    pub message: String,
}

const FLAGS: [&str; 3] = ["unique", "index", "optional"];
const KEYS: [&str; 10] = [
    "default",
    "example",
    "min",
    "max",
    "precision",
    "scale",
    "min_length",
    "max_length",
    "pattern",
    "on_delete",
];

pub(crate) fn parse_field(arg: &str) -> Result<FieldArg, ShorthandError> {
    let error = |message: String| ShorthandError {
        arg: arg.to_owned(),
        message,
    };
    let mut parts = arg.split(':');
    let name = parts.next().unwrap_or_default().trim();
    if name.is_empty() {
        return Err(error(
            "the name is missing (write `name:type`, e.g. `title:string`)".to_owned(),
        ));
    }
    let mut types = FieldKind::keywords();
    types.push(MANY);
    let Some(raw_type) = parts.next().filter(|t| !t.is_empty()) else {
        return Err(error(format!(
            "the type is missing (write `{name}:type`, e.g. `{name}:string`; types: {})",
            types.join(", ")
        )));
    };
    let (type_name, mut optional) = split_optional(raw_type);
    if !types.contains(&type_name) {
        let hint = closest(type_name, &types).map_or_else(
            || format!("types: {}", types.join(", ")),
            |t| format!("did you mean `{t}`?"),
        );
        return Err(error(format!("unknown type `{type_name}` ({hint})")));
    }
    let mut table = InlineTable::new();
    table.insert("type", type_name.into());
    let rest: Vec<&str> = parts.collect();
    if type_name == MANY {
        let target = rest.first().copied().unwrap_or_default();
        if target.is_empty() || optional || target.ends_with('?') || rest.len() > 1 {
            return Err(error(format!(
                "a many-to-many field takes its target alone: `{name}:many:<resource>` (no `?`, no modifiers)"
            )));
        }
        table.insert("to", target.into());
        return Ok(FieldArg {
            name: name.to_owned(),
            value: Value::InlineTable(table),
        });
    }
    let mut index = 0;
    match type_name {
        "ref" => {
            let Some(target) = rest.first().filter(|t| !t.is_empty()) else {
                return Err(error(format!(
                    "a ref needs its target: `{name}:ref:<resource>`"
                )));
            };
            let (target, target_optional) = split_optional(target);
            optional |= target_optional;
            table.insert("to", target.into());
            index = 1;
        }
        "enum" => {
            let Some(values) = rest.first().filter(|v| !v.is_empty()) else {
                return Err(error(format!(
                    "an enum needs its values: `{name}:enum:a|b|c`"
                )));
            };
            let (values, values_optional) = split_optional(values);
            optional |= values_optional;
            let array: toml_edit::Array = values.split('|').map(str::trim).collect();
            table.insert("values", Value::Array(array));
            index = 1;
        }
        _ => {}
    }
    while index < rest.len() {
        let modifier = rest[index];
        index += 1;
        if let Some((key, value)) = modifier.split_once('=') {
            if !KEYS.contains(&key) {
                let hint = closest(key, &KEYS).map_or_else(
                    || format!("modifiers: {}", KEYS.join(", ")),
                    |k| format!("did you mean `{k}`?"),
                );
                return Err(error(format!("unknown modifier `{key}` ({hint})")));
            }
            let value = if key == "pattern" {
                // A pattern may contain `:`: it takes the rest of the argument.
                let mut pattern = value.to_owned();
                for part in &rest[index..] {
                    pattern.push(':');
                    pattern.push_str(part);
                }
                index = rest.len();
                Value::from(pattern)
            } else {
                // Times and datetimes contain `:`; what follows a `:` with a digit belongs to them.
                let mut value = value.to_owned();
                while let Some(part) = rest
                    .get(index)
                    .filter(|part| part.starts_with(|c: char| c.is_ascii_digit()))
                {
                    value.push(':');
                    value.push_str(part);
                    index += 1;
                }
                literal(key, &value)
            };
            table.insert(key, value);
        } else if FLAGS.contains(&modifier) {
            if modifier == "optional" {
                optional = true;
            } else {
                table.insert(modifier, true.into());
            }
        } else {
            let known: Vec<&str> = FLAGS.iter().chain(KEYS.iter()).copied().collect();
            let hint = closest(modifier, &known).map_or_else(
                || format!("modifiers: {}", known.join(", ")),
                |k| format!("did you mean `{k}`?"),
            );
            return Err(error(format!("unknown modifier `{modifier}` ({hint})")));
        }
    }
    if optional {
        table.insert("optional", true.into());
    }
    let value = if table.len() == 1 || (table.len() == 2 && optional) {
        Value::from(if optional {
            format!("{type_name}?")
        } else {
            type_name.to_owned()
        })
    } else {
        Value::InlineTable(table)
    };
    Ok(FieldArg {
        name: name.to_owned(),
        value,
    })
}

/// `text?` → (`text`, true); `text` → (`text`, false).
fn split_optional(part: &str) -> (&str, bool) {
    match part.strip_suffix('?') {
        Some(base) => (base, true),
        None => (part, false),
    }
}

/// A modifier's value: a number or boolean where it reads as one (except for text keys).
fn literal(key: &str, value: &str) -> Value {
    if key != "on_delete" && key != "pattern" {
        if let Ok(int) = value.parse::<i64>() {
            return int.into();
        }
        if let Ok(float) = value.parse::<f64>() {
            return float.into();
        }
        if let Ok(boolean) = value.parse::<bool>() {
            return boolean.into();
        }
    }
    value.into()
}

fn closest<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::levenshtein(input, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(arg: &str) -> String {
        let field = parse_field(arg).unwrap();
        format!("{} = {}", field.name, field.value.to_string().trim())
    }

    #[test]
    fn plain_types_stay_short() {
        assert_eq!(toml("title:string"), "title = \"string\"");
        assert_eq!(toml("notes:text?"), "notes = \"text?\"");
        assert_eq!(toml("notes:text:optional"), "notes = \"text?\"");
    }

    #[test]
    fn modifiers_make_a_table() {
        assert_eq!(
            toml("sku:string:unique"),
            "sku = { type = \"string\", unique = true }"
        );
        assert_eq!(
            toml("category:ref:category"),
            "category = { type = \"ref\", to = \"category\" }"
        );
        assert_eq!(
            toml("parent:ref:node?:on_delete=set_null"),
            "parent = { type = \"ref\", to = \"node\", on_delete = \"set_null\", optional = true }"
        );
        assert_eq!(
            toml("status:enum:draft|active|archived:default=draft"),
            "status = { type = \"enum\", values = [\"draft\", \"active\", \"archived\"], default = \"draft\" }"
        );
        assert_eq!(
            toml("price:float:min=0:example=9.5"),
            "price = { type = \"float\", min = 0, example = 9.5 }"
        );
        assert_eq!(
            toml("price:decimal:precision=10:scale=2:min=0"),
            "price = { type = \"decimal\", precision = 10, scale = 2, min = 0 }"
        );
        assert_eq!(
            toml("opens:time:default=08:30:index"),
            "opens = { type = \"time\", default = \"08:30\", index = true }"
        );
        assert_eq!(
            toml("due:datetime:example=2024-01-31T09:30:00Z"),
            "due = { type = \"datetime\", example = \"2024-01-31T09:30:00Z\" }"
        );
        assert_eq!(
            toml("code:string:pattern=^[A-Z]:[0-9]$"),
            "code = { type = \"string\", pattern = \"^[A-Z]:[0-9]$\" }"
        );
        assert_eq!(
            toml("tags:many:tag"),
            "tags = { type = \"many\", to = \"tag\" }"
        );
    }

    #[test]
    fn a_many_field_takes_its_target_alone() {
        for arg in [
            "tags:many",
            "tags:many:tag?",
            "tags:many?:tag",
            "tags:many:tag:unique",
        ] {
            assert!(
                parse_field(arg)
                    .unwrap_err()
                    .to_string()
                    .contains("`tags:many:<resource>`"),
                "{arg}"
            );
        }
        assert!(
            parse_field("tags:mny:tag")
                .unwrap_err()
                .to_string()
                .contains("did you mean `many`?")
        );
    }

    #[test]
    fn bad_fields_name_the_bad_part() {
        let message = |arg: &str| parse_field(arg).unwrap_err().to_string();
        assert_eq!(
            message("title"),
            "invalid field `title`: the type is missing (write `title:type`, e.g. `title:string`; types: string, text, int, bigint, float, decimal, bool, uuid, date, datetime, time, json, enum, email, url, ref, many)"
        );
        assert_eq!(
            message("title:strng"),
            "invalid field `title:strng`: unknown type `strng` (did you mean `string`?)"
        );
        assert_eq!(
            message("sku:string:uniqe"),
            "invalid field `sku:string:uniqe`: unknown modifier `uniqe` (did you mean `unique`?)"
        );
        assert_eq!(
            message("category:ref"),
            "invalid field `category:ref`: a ref needs its target: `category:ref:<resource>`"
        );
        assert_eq!(
            message("status:enum"),
            "invalid field `status:enum`: an enum needs its values: `status:enum:a|b|c`"
        );
        assert_eq!(
            message(":string"),
            "invalid field `:string`: the name is missing (write `name:type`, e.g. `title:string`)"
        );
    }
}
