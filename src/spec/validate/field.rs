//! Validation of one field: its name, type, the keys that apply to that type, constraints,
//! `enum` values, `ref` targets, and (through [`super::literal`]) `default` and `example`.

use std::ops::Range;

use regex::Regex;

use super::super::diagnostic::{SourceFile, SpecError, suggestion};
use super::super::formats::DecimalText;
use super::super::raw::RawResource;
use super::super::raw::{Item, Number, RawField};
use super::super::samples;
use super::super::{Auth, Digits, Field, FieldType, Many, OnDelete};
use super::{Catalog, check_identifier, check_variant, literal, name_hint};
use crate::kind::{FieldKind, Keys, LiteralRule};

/// Names every resource gets from the generator.
const GENERATED_FIELDS: &[&str] = &["id", "created_at", "updated_at"];
const ON_DELETE: &[&str] = &["cascade", "restrict", "set_null"];
/// Names an owned resource keeps for its owner: the `owner_id` column, set from the token, and
/// `owner` (the relation's name).
const OWNER_COLUMNS: &[&str] = &["owner", "owner_id"];
/// What a field needs to know about its surroundings.
pub(super) struct Context<'a> {
    /// The resource the field belongs to.
    pub resource: &'a str,
    pub catalog: &'a Catalog<'a>,
    pub auth: &'a Auth,
}

/// Validates one field.
pub(super) fn field(
    file: &SourceFile<'_>,
    raw: &RawField,
    context: &Context<'_>,
) -> Result<Field, SpecError> {
    check_name(file, raw)?;
    let (keyword, suffix): (&str, bool) = match raw.ty.value.strip_suffix('?') {
        Some(keyword) => (keyword, true),
        None => (raw.ty.value.as_str(), false),
    };
    let Some(kind) = FieldKind::from_keyword(keyword) else {
        return Err(unknown_type(file, &raw.ty, keyword));
    };
    let keyword: &str = kind.info().keyword;
    if raw.shorthand && matches!(keyword, "enum" | "ref") {
        return Err(shorthand_error(file, raw, keyword, context));
    }
    let optional: bool = match &raw.optional {
        Some(item) if suffix && !item.value => {
            return Err(file
                .error(
                    item.span.clone(),
                    format!(
                        "`optional = false` contradicts the `?` in `{}`",
                        raw.ty.value
                    ),
                )
                .with_hint(format!("remove one of them; `{keyword}?` means optional")));
        }
        Some(item) => item.value,
        None => suffix,
    };
    check_applicable(file, raw, kind)?;
    let ty: FieldType = match kind {
        FieldKind::Enum => FieldType::Enum(enum_values(file, raw)?),
        FieldKind::Ref => reference(file, raw, optional, context)?,
        plain => FieldType::Plain(plain),
    };
    let (min_length, max_length): (Option<u32>, Option<u32>) = lengths(file, raw)?;
    let digits: Option<Digits> = digits(file, raw)?;
    let (min, max): (Option<f64>, Option<f64>) = bounds(file, raw, &ty, digits)?;
    let pattern: Option<Regex> = match &raw.pattern {
        Some(item) => Some(compile(file, item)?),
        None => None,
    };
    let mut field: Field = Field {
        name: raw.name.clone(),
        ty,
        optional,
        unique: raw.unique.as_ref().is_some_and(|item| item.value),
        index: raw.index.as_ref().is_some_and(|item| item.value),
        default: None,
        example: None,
        min_length,
        max_length,
        min,
        max,
        digits,
        pattern: raw.pattern.as_ref().map(|item| item.value.clone()),
    };
    if let Some(item) = &raw.default {
        field.default = Some(literal::value(
            file,
            item,
            "default",
            &field,
            pattern.as_ref(),
        )?);
    }
    if let Some(item) = &raw.example {
        field.example = Some(literal::value(
            file,
            item,
            "example",
            &field,
            pattern.as_ref(),
        )?);
    }
    if kind != FieldKind::Ref && samples::valid_values(&field).is_none() {
        return Err(file
            .error(
                raw.span.clone(),
                format!(
                    "no value of field `{}` satisfies all of its constraints, so its tests could not make one",
                    raw.name
                ),
            )
            .with_hint("give it an `example` that does"));
    }
    Ok(field)
}

/// Checks that `field` does not reuse a name or column of an earlier field of its resource.
pub(super) fn check_columns(
    file: &SourceFile<'_>,
    raw: &RawField,
    field: &Field,
    earlier: &[Field],
) -> Result<(), SpecError> {
    for column in columns(field) {
        let Some(other) = earlier
            .iter()
            .find(|other| columns(other).contains(&column))
        else {
            continue;
        };
        let mine: String = describe_column(field, &column);
        let theirs: String = describe_column(other, &column);
        return Err(file
            .error(raw.key.clone(), format!("{mine} collides with {theirs}"))
            .with_hint("rename one of them"));
    }
    Ok(())
}

/// Checks that a field of an owned resource takes none of the names kept for the owner.
pub(super) fn check_owner_columns(
    file: &SourceFile<'_>,
    raw: &RawField,
    field: &Field,
) -> Result<(), SpecError> {
    let Some(column) = columns(field)
        .into_iter()
        .find(|column| OWNER_COLUMNS.contains(&column.as_str()))
    else {
        return Ok(());
    };
    let subject: String = if column == field.name {
        format!("field name `{column}`")
    } else {
        describe_column(field, &column)
    };
    Err(file
        .error(
            raw.key.clone(),
            format!(
                "{subject} is reserved on owned resources: `owner_id` holds the user who owns the row"
            ),
        )
        .with_hint("pick another name, or remove `owned = true`"))
}

/// The names a field takes up: its own, plus `<name>_id` for a `ref`.
fn columns(field: &Field) -> Vec<String> {
    let column: String = field.column();
    if column == field.name {
        vec![column]
    } else {
        vec![field.name.clone(), column]
    }
}

fn describe_column(field: &Field, column: &str) -> String {
    if column == field.name {
        format!("field `{}`", field.name)
    } else {
        format!("the column `{column}` of ref field `{}`", field.name)
    }
}

fn check_name(file: &SourceFile<'_>, raw: &RawField) -> Result<(), SpecError> {
    check_identifier(file, &raw.name, raw.key.clone(), "field name")?;
    let name: &str = &raw.name;
    if GENERATED_FIELDS.contains(&name) {
        return Err(file
            .error(
                raw.key.clone(),
                format!("field name `{name}` is reserved: every resource gets `id`, `created_at` and `updated_at` automatically"),
            )
            .with_hint("remove the field, or pick another name"));
    }
    if super::NOT_IDENTIFIERS.contains(&name) {
        return Err(file
            .error(
                raw.key.clone(),
                format!("field name `{name}` cannot be used: it is not a valid Rust identifier"),
            )
            .with_hint("pick another name"));
    }
    Ok(())
}

fn unknown_type(file: &SourceFile<'_>, ty: &Item<String>, keyword: &str) -> SpecError {
    let lowered: String = keyword.to_lowercase();
    let alias_of = FieldKind::ALL
        .into_iter()
        .find(|kind| kind.info().aliases.contains(&lowered.as_str()));
    let hint: String = match alias_of {
        Some(kind) => format!("did you mean `{}`?", kind.info().keyword),
        None => suggestion(keyword, &FieldKind::keywords(), "field types are"),
    };
    file.error(ty.span.clone(), format!("unknown field type `{keyword}`"))
        .with_hint(hint)
}

fn shorthand_error(
    file: &SourceFile<'_>,
    raw: &RawField,
    keyword: &str,
    context: &Context<'_>,
) -> SpecError {
    let name: &str = &raw.name;
    let (needs, example): (&str, String) = if keyword == "enum" {
        (
            "a list of `values`",
            format!("fields.{name} = {{ type = \"enum\", values = [\"first\", \"second\"] }}"),
        )
    } else {
        let target: &str = if context.catalog.singular.contains(&name) {
            name
        } else {
            "resource"
        };
        (
            "a target resource in `to`",
            format!("fields.{name} = {{ type = \"ref\", to = \"{target}\" }}"),
        )
    };
    file.error(
        raw.span.clone(),
        format!("`{keyword}` fields need {needs}, so they cannot use the shorthand form"),
    )
    .with_hint(format!("use the table form: `{example}`"))
}

/// The keywords of the kinds for which `applies` holds: "int, bigint and float".
fn kinds_where(applies: impl Fn(&Keys) -> bool) -> String {
    let keywords: Vec<&str> = FieldKind::ALL
        .iter()
        .map(|kind| kind.info())
        .filter(|info| applies(&info.keys))
        .map(|info| info.keyword)
        .collect();
    match keywords.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => keywords.concat(),
    }
}

/// Rejects keys that do not apply to `kind`, at the key.
fn check_applicable(
    file: &SourceFile<'_>,
    raw: &RawField,
    kind: FieldKind,
) -> Result<(), SpecError> {
    let info = kind.info();
    let keyword: &str = info.keyword;
    let lengths_hint = format!(
        "length limits apply to {} fields",
        kinds_where(|keys| keys.lengths)
    );
    let bounds_hint = format!(
        "`min` and `max` apply to {} fields",
        kinds_where(|keys| keys.bounds)
    );
    let pattern_hint = format!(
        "`pattern` applies to `{}` fields",
        kinds_where(|keys| keys.pattern)
    );
    let unique_hint = format!("{keyword} values cannot be compared for uniqueness");
    let index_hint = format!("{keyword} values cannot be indexed");
    let digits_hint = format!(
        "`precision` and `scale` apply to {} fields",
        kinds_where(|keys| keys.digits)
    );
    let checks: [(Option<Range<usize>>, &str, bool, &str); 13] = [
        (
            key(&raw.values),
            "values",
            kind == FieldKind::Enum,
            "`values` is for `type = \"enum\"`",
        ),
        (
            key(&raw.to),
            "to",
            kind == FieldKind::Ref,
            "`to` is for `type = \"ref\"`",
        ),
        (
            key(&raw.on_delete),
            "on_delete",
            kind == FieldKind::Ref,
            "`on_delete` is for `type = \"ref\"`",
        ),
        (
            key(&raw.min_length),
            "min_length",
            info.keys.lengths,
            &lengths_hint,
        ),
        (
            key(&raw.max_length),
            "max_length",
            info.keys.lengths,
            &lengths_hint,
        ),
        (key(&raw.min), "min", info.keys.bounds, &bounds_hint),
        (key(&raw.max), "max", info.keys.bounds, &bounds_hint),
        (
            key(&raw.precision),
            "precision",
            info.keys.digits,
            &digits_hint,
        ),
        (key(&raw.scale), "scale", info.keys.digits, &digits_hint),
        (
            key(&raw.pattern),
            "pattern",
            info.keys.pattern,
            &pattern_hint,
        ),
        (
            enabled(&raw.unique),
            "unique",
            info.keys.comparable,
            &unique_hint,
        ),
        (
            enabled(&raw.index),
            "index",
            info.keys.comparable,
            &index_hint,
        ),
        (
            key(&raw.default),
            "default",
            info.keys.default,
            "leave it out; the value must be provided when creating a row",
        ),
    ];
    for (span, name, allowed, hint) in checks {
        if let Some(span) = span
            && !allowed
        {
            return Err(file
                .error(
                    span,
                    format!("`{name}` does not apply to `{keyword}` fields"),
                )
                .with_hint(hint));
        }
    }
    if let Some(example) = &raw.example
        && kind == FieldKind::Ref
    {
        return Err(file
            .error(
                example.key.clone(),
                "`example` does not apply to `ref` fields",
            )
            .with_hint("examples for references are taken from the referenced resource"));
    }
    Ok(())
}

/// Whether `raw` is a many-to-many relation (`type = "many"`) rather than a column.
pub(super) fn is_many(raw: &RawField) -> bool {
    raw.ty.value.trim_end_matches('?') == super::super::MANY
}

/// Validates a many-to-many relation: a table with `to`, and nothing else.
pub(super) fn many(
    file: &SourceFile<'_>,
    raw: &RawField,
    context: &Context<'_>,
) -> Result<Many, SpecError> {
    check_name(file, raw)?;
    let example = format!(
        "fields.{} = {{ type = \"many\", to = \"<resource>\" }}",
        raw.name
    );
    if raw.shorthand || raw.ty.value.ends_with('?') {
        return Err(file
            .error(
                raw.ty.span.clone(),
                format!("many-to-many field `{}` needs a table with `to`", raw.name),
            )
            .with_hint(format!(
                "write `{example}`; a row may have no linked rows, so there is no `?`"
            )));
    }
    let keys: [(&str, Option<Range<usize>>); 14] = [
        ("optional", key(&raw.optional)),
        ("unique", key(&raw.unique)),
        ("index", key(&raw.index)),
        ("default", key(&raw.default)),
        ("example", key(&raw.example)),
        ("min_length", key(&raw.min_length)),
        ("max_length", key(&raw.max_length)),
        ("min", key(&raw.min)),
        ("max", key(&raw.max)),
        ("precision", key(&raw.precision)),
        ("scale", key(&raw.scale)),
        ("pattern", key(&raw.pattern)),
        ("values", key(&raw.values)),
        ("on_delete", key(&raw.on_delete)),
    ];
    if let Some((name, Some(span))) = keys.into_iter().find(|(_, span)| span.is_some()) {
        return Err(file
            .error(
                span,
                format!("`{name}` does not apply to many-to-many field `{}`", raw.name),
            )
            .with_hint(
                "a `many` field takes `to` alone: links go when either row is deleted, and a row may have none",
            ));
    }
    let Some(to) = &raw.to else {
        return Err(file
            .error(
                raw.span.clone(),
                format!("many-to-many field `{}` has no `to`", raw.name),
            )
            .with_hint(format!("name the linked resource: `{example}`")));
    };
    if !context.catalog.singular.contains(&to.value.as_str()) {
        let hint: String = match context.catalog.plural.iter().position(|p| *p == to.value) {
            Some(index) => format!(
                "`to` takes the singular name: did you mean `{}`?",
                context.catalog.singular[index]
            ),
            None => name_hint(&to.value, &context.catalog.singular, "resources"),
        };
        return Err(file
            .error(to.span.clone(), format!("unknown resource `{}`", to.value))
            .with_hint(hint));
    }
    let many = Many {
        name: raw.name.clone(),
        to: to.value.clone(),
    };
    if many.singular() == context.resource {
        return Err(file
            .error(
                raw.key.clone(),
                format!(
                    "`{}` links `{}` rows to each other, but its name gives both ids the column `{}_id`",
                    raw.name, context.resource, context.resource
                ),
            )
            .with_hint("name the relation after the other side, e.g. `friends`"));
    }
    Ok(many)
}

/// Checks that the many-to-many relations of `raw` clash with nothing: the relation's name and
/// its ids key with the fields, its join table with the resources' tables.
pub(super) fn check_many(
    file: &SourceFile<'_>,
    raw: &RawResource,
    fields: &[Field],
    many: &[Many],
    catalog: &super::Catalog<'_>,
) -> Result<(), SpecError> {
    for relation in many {
        let key = relation.ids_key();
        if let Some(field) = fields
            .iter()
            .find(|field| field.name == key || field.column() == key)
        {
            return Err(file
                .error(
                    relation_key(raw, &relation.name),
                    format!(
                        "many-to-many field `{}` sends its ids as `{key}`, which field `{}` uses already",
                        relation.name, field.name
                    ),
                )
                .with_hint("rename one of them"));
        }
        let table = relation.table(&raw.name);
        if catalog.plural.contains(&table) {
            return Err(file
                .error(
                    relation_key(raw, &relation.name),
                    format!(
                        "many-to-many field `{}` needs the join table `{table}`, which is a resource's table",
                        relation.name
                    ),
                )
                .with_hint("rename the relation or that resource's `plural`"));
        }
    }
    Ok(())
}

/// Checks that the list of the rows each many-to-many relation of `resource` links
/// (`/posts/{id}/tags`) is not the list of another resource's rows by a reference to it.
pub(super) fn check_link_paths(
    file: &SourceFile<'_>,
    raw: &RawResource,
    resource: &super::super::Resource,
    resources: &[super::super::Resource],
) -> Result<(), SpecError> {
    for relation in &resource.many {
        for child in resources {
            let refs = child.fields.iter().filter(
                |field| matches!(&field.ty, FieldType::Ref { to, .. } if *to == resource.name),
            );
            for field in refs {
                if child.list_segment(field, &resource.name) != relation.name {
                    continue;
                }
                return Err(file
                    .error(
                        relation_key(raw, &relation.name),
                        format!(
                            "`{}` would list its linked rows at `/{}/{{id}}/{}`, where `{}.{}` lists {} already",
                            relation.name,
                            crate::naming::kebab(&resource.plural),
                            crate::naming::kebab(&relation.name),
                            child.name,
                            field.name,
                            child.plural.replace('_', " ")
                        ),
                    )
                    .with_hint("rename the relation"));
            }
        }
    }
    Ok(())
}

/// Where the spec writes the many-to-many field `name` of `raw`.
fn relation_key(raw: &RawResource, name: &str) -> Range<usize> {
    raw.fields
        .iter()
        .find(|field| field.name == name)
        .map(|field| field.key.clone())
        .expect("a relation comes from a field")
}

fn key<T>(item: &Option<Item<T>>) -> Option<Range<usize>> {
    item.as_ref().map(|item| item.key.clone())
}

/// The key of a flag that is set to `true`.
fn enabled(item: &Option<Item<bool>>) -> Option<Range<usize>> {
    item.as_ref()
        .filter(|item| item.value)
        .map(|item| item.key.clone())
}

fn enum_values(file: &SourceFile<'_>, raw: &RawField) -> Result<Vec<String>, SpecError> {
    let Some(values) = &raw.values else {
        return Err(file
            .error(
                raw.span.clone(),
                format!("enum field `{}` has no `values`", raw.name),
            )
            .with_hint("add e.g. `values = [\"draft\", \"active\"]`"));
    };
    if values.value.is_empty() {
        return Err(file
            .error(values.span.clone(), "`values` must not be empty")
            .with_hint("list the allowed values, e.g. `values = [\"draft\", \"active\"]`"));
    }
    let mut seen: Vec<String> = Vec::with_capacity(values.value.len());
    for value in &values.value {
        check_identifier(file, &value.value, value.span.clone(), "enum value")?;
        if seen.contains(&value.value) {
            return Err(file.error(
                value.span.clone(),
                format!("duplicate enum value `{}`", value.value),
            ));
        }
        check_variant(
            file,
            &value.value,
            value.span.clone(),
            &seen,
            "enum value",
            "enum values",
        )?;
        seen.push(value.value.clone());
    }
    Ok(seen)
}

fn reference(
    file: &SourceFile<'_>,
    raw: &RawField,
    optional: bool,
    context: &Context<'_>,
) -> Result<FieldType, SpecError> {
    if let Some(relation) = raw.name.strip_suffix("_id") {
        return Err(file
            .error(
                raw.key.clone(),
                format!(
                    "ref field `{}` would get the column `{}_id`",
                    raw.name, raw.name
                ),
            )
            .with_hint(format!(
                "name the relation instead: `{relation}` (its column is `{relation}_id`)"
            )));
    }
    let Some(to) = &raw.to else {
        return Err(file
            .error(
                raw.span.clone(),
                format!("ref field `{}` has no `to`", raw.name),
            )
            .with_hint("name the referenced resource, e.g. `to = \"category\"`"));
    };
    let target: &str = &to.value;
    if !context.catalog.singular.contains(&target) {
        let hint: String = if let Some(index) =
            context.catalog.plural.iter().position(|p| p == target)
        {
            format!(
                "`to` takes the singular name: did you mean `{}`?",
                context.catalog.singular[index]
            )
        } else if context.auth.enabled && matches!(target, "user" | "users") {
            "the built-in auth users are not a spec resource and cannot be referenced".to_owned()
        } else {
            name_hint(target, &context.catalog.singular, "resources")
        };
        return Err(file
            .error(to.span.clone(), format!("unknown resource `{target}`"))
            .with_hint(hint));
    }
    if target == context.resource && !optional {
        return Err(file
            .error(
                to.span.clone(),
                format!("resource `{target}` can only reference itself through an optional field"),
            )
            .with_hint("add `optional = true` (the first row has nothing to point to)"));
    }
    let on_delete: OnDelete = match &raw.on_delete {
        None => OnDelete::Restrict,
        Some(item) => match item.value.as_str() {
            "cascade" => OnDelete::Cascade,
            "restrict" => OnDelete::Restrict,
            "set_null" if !optional => {
                return Err(file
                    .error(
                        item.span.clone(),
                        "`on_delete = \"set_null\"` needs an optional field",
                    )
                    .with_hint("add `optional = true`, or use `cascade` or `restrict`"));
            }
            "set_null" => OnDelete::SetNull,
            other => {
                return Err(file
                    .error(
                        item.span.clone(),
                        format!("unknown `on_delete` action `{other}`"),
                    )
                    .with_hint(suggestion(other, ON_DELETE, "actions are")));
            }
        },
    };
    Ok(FieldType::Ref {
        to: target.to_owned(),
        on_delete,
    })
}

fn lengths(file: &SourceFile<'_>, raw: &RawField) -> Result<(Option<u32>, Option<u32>), SpecError> {
    let length =
        |item: &Option<Item<i64>>, name: &str, least: i64| -> Result<Option<u32>, SpecError> {
            let Some(item) = item else {
                return Ok(None);
            };
            if item.value < least {
                return Err(file.error(
                    item.span.clone(),
                    format!("`{name}` must be at least {least}, found {}", item.value),
                ));
            }
            u32::try_from(item.value).map(Some).map_err(|_| {
                file.error(
                    item.span.clone(),
                    format!("`{name}` is too large (at most {})", u32::MAX),
                )
            })
        };
    let min: Option<u32> = length(&raw.min_length, "min_length", 0)?;
    let max: Option<u32> = length(&raw.max_length, "max_length", 1)?;
    if let (Some(low), Some(high), Some(item)) = (min, max, &raw.max_length)
        && low > high
    {
        return Err(file.error(
            item.span.clone(),
            format!("`max_length` ({high}) is less than `min_length` ({low})"),
        ));
    }
    Ok((min, max))
}

/// The most digits a decimal can have: what `rust_decimal` holds exactly.
const MAX_PRECISION: i64 = 28;

/// `precision` and `scale`: a scale alone needs a precision (as in SQL), a precision alone
/// means no places after the point.
fn digits(file: &SourceFile<'_>, raw: &RawField) -> Result<Option<Digits>, SpecError> {
    let Some(precision) = &raw.precision else {
        if let Some(scale) = &raw.scale {
            return Err(file
                .error(scale.key.clone(), "`scale` needs a `precision`")
                .with_hint("add the number of digits in all, e.g. `precision = 10, scale = 2`"));
        }
        return Ok(None);
    };
    if !(1..=MAX_PRECISION).contains(&precision.value) {
        return Err(file.error(
            precision.span.clone(),
            format!(
                "`precision` must be between 1 and {MAX_PRECISION}, found {}",
                precision.value
            ),
        ));
    }
    let scale: i64 = raw.scale.as_ref().map_or(0, |scale| scale.value);
    if let Some(item) = &raw.scale
        && !(0..=precision.value).contains(&scale)
    {
        return Err(file.error(
            item.span.clone(),
            format!(
                "`scale` must be between 0 and `precision` ({}), found {scale}",
                precision.value
            ),
        ));
    }
    Ok(Some(Digits {
        precision: precision.value as u32,
        scale: scale as u32,
    }))
}

/// Why a decimal (written out) does not fit `digits`, if it does not.
pub(super) fn digits_problem(text: &DecimalText<'_>, digits: Digits) -> Option<String> {
    let places = text.fraction.len();
    let whole = text.whole.len();
    if places > digits.scale as usize {
        Some(format!(
            "has {places} decimal places, more than `scale` ({})",
            digits.scale
        ))
    } else if whole > digits.whole() as usize {
        Some(format!(
            "has {whole} digits before the point, more than `precision` minus `scale` ({})",
            digits.whole()
        ))
    } else {
        None
    }
}

fn bounds(
    file: &SourceFile<'_>,
    raw: &RawField,
    ty: &FieldType,
    digits: Option<Digits>,
) -> Result<(Option<f64>, Option<f64>), SpecError> {
    let bound = |item: &Option<Item<Number>>, name: &str| -> Result<Option<f64>, SpecError> {
        let Some(item) = item else {
            return Ok(None);
        };
        match (item.value, ty.info().literal) {
            (Number::Integer(n), LiteralRule::Integer { bits: 32 })
                if i32::try_from(n).is_err() =>
            {
                Err(file
                    .error(
                        item.span.clone(),
                        format!("`{name}` {n} does not fit in an `int` (32-bit)"),
                    )
                    .with_hint("use `type = \"bigint\"` for 64-bit integers"))
            }
            (Number::Float(_), LiteralRule::Integer { .. }) => Err(file.error(
                item.span.clone(),
                format!("`{name}` of an integer field must be an integer"),
            )),
            (Number::Float(x), _) if !x.is_finite() => Err(file.error(
                item.span.clone(),
                format!("`{name}` must be a finite number"),
            )),
            (number, _) => {
                let x: f64 = match number {
                    Number::Integer(n) => n as f64,
                    Number::Float(x) => x,
                };
                let text = format!("{x}");
                if let Some(digits) = digits
                    && let Some(problem) = DecimalText::parse(&text)
                        .and_then(|decimal| digits_problem(&decimal, digits))
                {
                    return Err(file.error(item.span.clone(), format!("`{name}` {text} {problem}")));
                }
                Ok(Some(x))
            }
        }
    };
    let min: Option<f64> = bound(&raw.min, "min")?;
    let max: Option<f64> = bound(&raw.max, "max")?;
    if let (Some(low), Some(high), Some(item)) = (min, max, &raw.max)
        && low > high
    {
        return Err(file.error(
            item.span.clone(),
            format!("`max` ({high}) is less than `min` ({low})"),
        ));
    }
    Ok((min, max))
}

fn compile(file: &SourceFile<'_>, item: &Item<String>) -> Result<Regex, SpecError> {
    Regex::new(&item.value).map_err(|error| {
        let text: String = error.to_string();
        let reason: &str = text
            .lines()
            .rev()
            .find_map(|line| line.strip_prefix("error: "))
            .unwrap_or(text.as_str());
        file.error(item.span.clone(), format!("invalid `pattern`: {reason}"))
            .with_hint("patterns use the syntax of the Rust `regex` crate")
    })
}
