//! Many-to-many relations (`fields.tags = { type = "many", to = "tag" }`): the join table, and
//! the ids (`tag_ids`) that bodies carry in and rows carry out.

use serde::Serialize;

use super::access::{self, ActionModel};
use super::layout::{self, Args};
use super::operation::ErrorResponse;
use super::sql::{Column, ForeignKey, Index, SqlType, Table};
use crate::naming;
use crate::spec::{Backend, Many, OnDelete, Resource, Spec};

/// One many-to-many relation of a resource.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkModel {
    /// The relation's name: `tags`.
    pub name: String,
    /// The key of bodies and reads, and the row's field: `tag_ids`.
    pub key: String,
    /// The linked resource: its name, module, words and table.
    pub target: String,
    pub target_module: String,
    pub target_words: String,
    pub target_table: String,
    /// The join table (`post_tags`), its column of this resource's ids (`post_id`) and of the
    /// linked ids (`tag_id`).
    pub table: String,
    pub column: String,
    pub other: String,
    /// The row's field, its decoding and its doc.
    pub model_decl: String,
    pub decode_init: String,
    /// In `check_references`: the query for the ids no linked row has, and the 422 on them,
    /// laid out.
    pub missing_let: String,
    pub missing_problem: String,
    /// `PUT` and `DELETE` `/posts/{id}/tags/{tag_id}`, where rows can be updated: the path's
    /// segment and parameter, the handlers, the target's 404, the errors and the OpenAPI
    /// test's items.
    pub segment: String,
    pub handlers: Option<LinkHandlers>,
    /// One linked row: `tag`.
    pub singular: String,
    /// The join table.
    #[serde(skip)]
    pub schema: Table,
}

/// The endpoints that link and unlink one row (`PUT`/`DELETE /posts/{id}/tags/{tag_id}`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkHandlers {
    pub link: String,
    pub unlink: String,
    /// Below the API prefix.
    pub path: String,
    /// `.ok_or(..)?;` of the target's 404, laid out.
    pub target_not_found: String,
    /// The `responses(..)` items of their errors.
    pub errors: String,
    #[serde(skip)]
    pub error_list: Vec<ErrorResponse>,
    pub operations: Vec<String>,
}

impl LinkModel {
    pub(crate) fn new(
        resource: &Resource,
        many: &Many,
        spec: &Spec,
        update: &ActionModel,
    ) -> LinkModel {
        let target = spec
            .resources
            .iter()
            .find(|other| other.name == many.to)
            .expect("validated: `to` names a resource");
        let key = many.ids_key();
        let singular = many.singular();
        let table = many.table(&resource.name);
        let column = format!("{}_id", resource.name);
        let other = format!("{singular}_id");
        let foreign = |name: &str, to: &str| Column {
            references: Some(ForeignKey {
                table: to.to_owned(),
                on_delete: OnDelete::Cascade,
            }),
            ..Column::new(name, name, SqlType::Uuid, false)
        };
        let schema = Table {
            name: table.clone(),
            comment: format!(
                "The `{table}` table: which {} each {} links to.",
                target.plural.replace('_', " "),
                resource.name.replace('_', " ")
            ),
            columns: vec![
                foreign(&column, &resource.plural),
                foreign(&other, &target.plural),
            ],
            // The key answers "the tags of a post"; the index "the posts of a tag".
            indexes: vec![Index {
                columns: vec![other.clone(), column.clone()],
                unique: false,
            }],
            search: Vec::new(),
            key: vec![column.clone(), other.clone()],
            selected: Vec::new(),
        };
        let decode_init = match spec.database.backend {
            Backend::Postgres => format!("{key}: row.try_get(\"{key}\")?,"),
            Backend::Sqlite => format!("{key}: decode_ids(\"{key}\", row.try_get(\"{key}\")?)?,"),
        };
        let segment = naming::kebab(&many.name);
        let handlers = update.enabled.then(|| {
            let path = format!(
                "/{}/{{id}}/{segment}/{{{other}}}",
                naming::kebab(&resource.plural)
            );
            let mut errors = Vec::new();
            if update.needs_user {
                errors.push(ErrorResponse::Unauthenticated);
            }
            if update.role.is_some() {
                errors.push(ErrorResponse::Forbidden);
            }
            errors.push(if update.owner_only {
                ErrorResponse::NotFoundOrNotYours
            } else {
                ErrorResponse::NotFound
            });
            errors.push(ErrorResponse::InvalidId);
            let full = format!("{}{path}", spec.project.api_prefix);
            LinkHandlers {
                link: format!("link_{}_{singular}", resource.name),
                unlink: format!("unlink_{}_{singular}", resource.name),
                target_not_found: layout::call(
                    8,
                    "return Err(AppError::NotFound(",
                    &[format!(
                        "\"{}\"",
                        heck::ToTitleCase::to_title_case(target.name.as_str())
                    )],
                    "));",
                    Args::Call,
                ),
                errors: errors
                    .iter()
                    .map(|error| error.info().name)
                    .collect::<Vec<_>>()
                    .join(", "),
                error_list: errors,
                operations: ["put", "delete"]
                    .into_iter()
                    .map(|method| access::operation_tuple(&full, method, update.needs_user))
                    .collect(),
                path,
            }
        });
        LinkModel {
            singular,
            segment,
            handlers,
            missing_let: layout::query(
                4,
                "let missing = ",
                "crud::missing(",
                &layout::Arg::List(vec![
                    "&mut *db".to_owned(),
                    format!("\"{}\"", target.plural),
                    format!("&input.{key}"),
                ]),
                &|_| vec!["await".to_owned()],
                "?;",
            ),
            missing_problem: layout::nested(
                8,
                "problems.push(",
                "ErrorDetail::new(",
                &[
                    format!("&[\"body\", \"{key}\"]"),
                    format!(
                        "format!(\"{} not found: {{}}\", crud::ids(&missing))",
                        naming::capitalize(&target.name.replace('_', " "))
                    ),
                    "\"foreign_key\"".to_owned(),
                ],
                ");",
                Args::Call,
            ),
            model_decl: format!("pub {key}: Vec<Uuid>,"),
            decode_init,
            name: many.name.clone(),
            target: target.name.clone(),
            target_module: naming::rust_ident(&target.name),
            target_words: target.name.replace('_', " "),
            target_table: target.plural.clone(),
            key,
            table,
            column,
            other,
            schema,
        }
    }

    /// The column a `SELECT` of `table` (the resource's own) adds for the relation: the linked
    /// ids, in order, as one value (PostgreSQL: an array; SQLite: their hex, comma-separated).
    pub(crate) fn select_sql(&self, table: &str, backend: Backend) -> String {
        let ids = format!(
            "SELECT {other} FROM {join} WHERE {column} = {table}.\"id\" ORDER BY {other}",
            other = naming::quote_sql(&self.other),
            join = naming::quote_sql(&self.table),
            column = naming::quote_sql(&self.column),
            table = naming::quote_sql(table),
        );
        let key = naming::quote_sql(&self.key);
        match backend {
            Backend::Postgres => format!("ARRAY({ids}) AS {key}"),
            Backend::Sqlite => format!(
                "(SELECT group_concat(hex({}), ',') FROM ({ids})) AS {key}",
                naming::quote_sql(&self.other)
            ),
        }
    }
}

/// The links of `resource`, in spec order; `update` is its update action, under which rows are
/// linked one at a time.
pub(crate) fn links(resource: &Resource, spec: &Spec, update: &ActionModel) -> Vec<LinkModel> {
    resource
        .many
        .iter()
        .map(|many| LinkModel::new(resource, many, spec, update))
        .collect()
}

/// The join tables of `resources`, each after both tables it references exist.
pub(crate) fn join_tables(resources: &[super::ResourceModel]) -> impl Iterator<Item = &LinkModel> {
    resources.iter().flat_map(|resource| &resource.links)
}
