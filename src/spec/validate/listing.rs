//! A resource's `filter`, `sort` and `search` lists: names of its fields (or of a timestamp),
//! each once, of types its list endpoints can compare or search.

use super::name_hint;
use crate::spec::diagnostic::{SourceFile, SpecError};
use crate::spec::raw::{Item, RawResource};
use crate::spec::{Field, FieldType, Pagination, Resource, TIMESTAMPS};

/// One of the three lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Filter,
    Sort,
    Search,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::Filter => "filter",
            List::Sort => "sort",
            List::Search => "search",
        }
    }
}

/// A resource's `filter`, `sort` and `search`, each a list of names, and its `pagination`.
pub(super) struct Lists {
    pub filter: Vec<String>,
    pub sort: Vec<String>,
    pub search: Vec<String>,
    pub pagination: Pagination,
    pub export: bool,
}

/// The resource's lists, checked against its `fields`.
pub(super) fn lists(
    file: &SourceFile<'_>,
    raw: &RawResource,
    fields: &[Field],
) -> Result<Lists, SpecError> {
    let filter = list(file, raw, fields, List::Filter, raw.filter.as_ref())?;
    let sort = list(file, raw, fields, List::Sort, raw.sort.as_ref())?;
    let search = list(file, raw, fields, List::Search, raw.search.as_ref())?;
    let pagination = match raw.pagination.as_ref() {
        None => Pagination::Offset,
        Some(item) if item.value == "offset" => Pagination::Offset,
        Some(item) if item.value == "cursor" => Pagination::Cursor,
        Some(item) => {
            return Err(file
                .error(
                    item.span.clone(),
                    format!("unknown pagination `{}`", item.value),
                )
                .with_hint(
                    "write `pagination = \"offset\"` (`?limit=&offset=`, the default) or `pagination = \"cursor\"` (`?limit=&cursor=`, stable under inserts)",
                ));
        }
    };
    Ok(Lists {
        filter,
        sort,
        search,
        pagination,
        export: raw.export.as_ref().is_some_and(|item| item.value),
    })
}

fn list(
    file: &SourceFile<'_>,
    raw: &RawResource,
    fields: &[Field],
    which: List,
    item: Option<&Item<Vec<Item<String>>>>,
) -> Result<Vec<String>, SpecError> {
    let Some(item) = item else {
        return Ok(Vec::new());
    };
    let key = which.key();
    let mut names: Vec<String> = Vec::with_capacity(item.value.len());
    for name in &item.value {
        let field = fields.iter().find(|field| field.name == name.value);
        let timestamp = TIMESTAMPS.contains(&name.value.as_str());
        if field.is_none() && !timestamp {
            let referenced = fields.iter().find(|field| {
                matches!(field.ty, FieldType::Ref { .. }) && field.column() == name.value
            });
            let hint = match referenced {
                Some(field) => format!(
                    "write the field's name, `{}`: the list uses its column `{}`",
                    field.name, name.value
                ),
                None => {
                    let mut known: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                    if which != List::Search {
                        known.extend(TIMESTAMPS);
                    }
                    name_hint(&name.value, &known, "fields")
                }
            };
            return Err(file
                .error(
                    name.span.clone(),
                    format!(
                        "`{key}` names `{}`, which is not a field of `{}`",
                        name.value, raw.name
                    ),
                )
                .with_hint(hint));
        }
        if names.contains(&name.value) {
            return Err(file
                .error(
                    name.span.clone(),
                    format!("`{}` is listed twice in `{key}`", name.value),
                )
                .with_hint("list each field once"));
        }
        let kind = field.map(|field| field.ty.info().list);
        match which {
            List::Filter | List::Sort => {
                if let Some(None) = kind {
                    let field = field.expect("a kind comes from a field");
                    let verb = if which == List::Filter {
                        "filter on"
                    } else {
                        "sort by"
                    };
                    return Err(file
                        .error(
                            name.span.clone(),
                            format!(
                                "lists cannot {verb} `{}`: it is a {} field",
                                field.name,
                                field.ty.keyword()
                            ),
                        )
                        .with_hint(format!("remove `{}` from `{key}`", field.name)));
                }
            }
            List::Search => {
                if !field.is_some_and(|field| field.ty.info().search) {
                    let what = field.map_or_else(
                        || "a timestamp".to_owned(),
                        |field| format!("of type `{}`", field.ty.keyword()),
                    );
                    return Err(file
                        .error(
                            name.span.clone(),
                            format!(
                                "`search` names `{}`, {what}: only text is searched",
                                name.value
                            ),
                        )
                        .with_hint(
                            "search fields of type `string` or `text`; filter on the others with `filter` (`__ilike` finds part of a value)",
                        ));
                }
            }
        }
        names.push(name.value.clone());
    }
    Ok(names)
}

/// A resource's `include`: `ref` fields, each once, to resources whose rows can be read; every
/// such field when the key is absent. `readable` says, for each resource, whether its rows can be
/// read.
pub(super) fn includes(
    file: &SourceFile<'_>,
    raw: &RawResource,
    resource: &Resource,
    readable: &[(String, bool)],
) -> Result<Vec<String>, SpecError> {
    let target = |field: &Field| match &field.ty {
        FieldType::Ref { to, .. } => Some(to.clone()),
        _ => None,
    };
    // Every relation that can embed rows, by name: `ref` fields, then many-to-many ones.
    let relations: Vec<(&str, String)> = resource
        .fields
        .iter()
        .filter_map(|field| Some((field.name.as_str(), target(field)?)))
        .chain(
            resource
                .many
                .iter()
                .map(|many| (many.name.as_str(), many.to.clone())),
        )
        .collect();
    let can_read = |to: &str| readable.iter().any(|(name, read)| name == to && *read);
    let Some(item) = &raw.include else {
        return Ok(relations
            .iter()
            .filter(|(_, to)| can_read(to))
            .map(|(name, _)| (*name).to_owned())
            .collect());
    };
    let mut names: Vec<String> = Vec::with_capacity(item.value.len());
    for name in &item.value {
        let Some((relation, to)) = relations.iter().find(|(known, _)| *known == name.value) else {
            let known: Vec<&str> = relations.iter().map(|(name, _)| *name).collect();
            return Err(file
                .error(
                    name.span.clone(),
                    format!(
                        "`include` names `{}`, which is not a `ref` or `many` field of `{}`",
                        name.value, resource.name
                    ),
                )
                .with_hint(name_hint(&name.value, &known, "`ref` and `many` fields")));
        };
        if names.iter().any(|known| known == relation) {
            return Err(file
                .error(
                    name.span.clone(),
                    format!("`{relation}` is listed twice in `include`"),
                )
                .with_hint("list each field once"));
        }
        if !can_read(to) {
            return Err(file
                .error(
                    name.span.clone(),
                    format!("`{}` rows cannot be read (`access.read = \"none\"`), so none can be included", to),
                )
                .with_hint(format!("remove `{relation}` from `include`")));
        }
        names.push((*relation).to_owned());
    }
    Ok(names)
}
