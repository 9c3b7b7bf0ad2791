//! The queries of a resource's `crud` module, laid out as rustfmt would print them (see
//! [`layout::query`]): how each breaks depends on the length of the table's and struct's names.

use serde::Serialize;

use super::layout::{self, Args, Chain};
use super::sql::{self, Table};
use crate::spec::{Backend, Pagination, Resource};

/// The statements and signatures of `crud/<resource>.rs` whose layout depends on names. Each
/// query is a whole statement (or the function's tail expression), its first line unindented.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SqlModel {
    /// What `columns!()` expands to: every column, in the order the model's fields read them.
    pub columns: String,
    /// What `selected!()` expands to, where reads add the ids of many-to-many relations.
    pub selected: Option<String>,
    /// `pub async fn list(..) -> .. {`.
    pub list_fn: String,
    /// `pub async fn create(..) -> .. {`, with `owner` for owned resources.
    pub create_fn: String,
    pub get: String,
    /// `get`, locking the row until the transaction ends (PostgreSQL; on SQLite the
    /// transaction holds the write lock from its start).
    pub get_for_update: String,
    pub exists: String,
    pub insert: String,
    pub update: String,
    pub delete: String,
}

impl SqlModel {
    /// The queries on `schema`, the table of `resource`, read into `struct_name`; `binds` are
    /// the fields' bound values in column order, `updated` the columns an update sets.
    pub(crate) fn new(
        resource: &Resource,
        schema: &Table,
        struct_name: &str,
        binds: &[Chain],
        backend: Backend,
        updated: &[&str],
    ) -> SqlModel {
        let owned = resource.owned;
        // Inserted in a transaction of its own when jobs are queued, rows linked or an event
        // recorded with the row.
        let linked = !resource.many.is_empty();
        let in_transaction = !resource.after_create.is_empty() || linked || resource.events;
        let cursor = resource.pagination == Pagination::Cursor;
        let rows = format!("sqlx::query_as::<_, {struct_name}>(");
        let scalar = "sqlx::query_scalar(";
        let calls = |calls: &[&str]| -> Vec<String> {
            calls.iter().map(|call| (*call).to_owned()).collect()
        };
        // The binds of every field, laid out for the column of their `.`.
        let bound = |first: Vec<String>, last: Vec<String>| {
            move |column: usize| -> Vec<String> {
                let fields = binds
                    .iter()
                    .map(|bind| layout::method_of_chain(column, "bind", bind));
                first
                    .iter()
                    .cloned()
                    .chain(fields)
                    .chain(last.iter().cloned())
                    .collect()
            }
        };
        let query = |prefix: &str,
                     callee: &str,
                     statement: sql::Statement,
                     calls: &dyn Fn(usize) -> Vec<String>| {
            let close = if prefix.is_empty() { "" } else { "?;" };
            layout::query(4, prefix, callee, &statement.sql(), calls, close)
        };
        let mut create_params = vec!["pool: &Pool".to_owned()];
        if owned {
            create_params.push("owner: Uuid".to_owned());
        }
        create_params.push(format!("input: &{struct_name}Create"));
        let mut insert_first = calls(&["bind(Uuid::now_v7())"]);
        if owned {
            insert_first.push("bind(owner)".to_owned());
        }
        SqlModel {
            columns: schema.columns_rust(),
            selected: schema.selected_rust(),
            list_fn: layout::call(
                0,
                "pub async fn list(",
                &[
                    "pool: &Pool".to_owned(),
                    format!("query: &ListQuery<{struct_name}>"),
                ],
                &if cursor {
                    format!(") -> Result<Slice<{struct_name}>, sqlx::Error> {{")
                } else {
                    format!(") -> Result<(Vec<{struct_name}>, i64), sqlx::Error> {{")
                },
                Args::Params,
            ),
            create_fn: layout::call(
                0,
                "pub async fn create(",
                &create_params,
                &format!(") -> Result<{struct_name}, sqlx::Error> {{"),
                Args::Params,
            ),
            get: query("", &rows, schema.select_by_id(None), &|_| {
                calls(&["bind(id)", "fetch_optional(db)", "await"])
            }),
            get_for_update: query("", &rows, schema.select_by_id(Some(backend)), &|_| {
                calls(&["bind(id)", "fetch_optional(&mut **tx)", "await"])
            }),
            exists: query("let count: i64 = ", scalar, schema.count("id"), &|_| {
                calls(&["bind(id)", "fetch_one(db)", "await"])
            }),
            insert: if in_transaction {
                query(
                    if linked {
                        "let mut row = "
                    } else {
                        "let row = "
                    },
                    &rows,
                    schema.insert(),
                    &bound(
                        insert_first,
                        calls(&["bind(now)", "bind(now)", "fetch_one(&mut *tx)", "await"]),
                    ),
                )
            } else {
                query(
                    "",
                    &rows,
                    schema.insert(),
                    &bound(
                        insert_first,
                        calls(&["bind(now)", "bind(now)", "fetch_one(pool)", "await"]),
                    ),
                )
            },
            // With links, the row is linked after it is written, on the same connection; with
            // events, the event is recorded there.
            update: if linked || resource.events {
                layout::query(
                    4,
                    if linked {
                        "let Some(mut row) = "
                    } else {
                        "let Some(row) = "
                    },
                    &rows,
                    &schema.update(updated).sql(),
                    &bound(
                        calls(&["bind(id)"]),
                        calls(&["bind(Utc::now())", "fetch_optional(&mut *conn)", "await"]),
                    ),
                    "?",
                )
            } else {
                query(
                    "",
                    &rows,
                    schema.update(updated),
                    &bound(
                        calls(&["bind(id)"]),
                        calls(&["bind(Utc::now())", "fetch_optional(db)", "await"]),
                    ),
                )
            },
            // With events, the row is read, deleted and recorded in one transaction.
            delete: if resource.events {
                layout::query(
                    4,
                    "",
                    "sqlx::query(",
                    &schema.delete().sql(),
                    &|_| calls(&["bind(id)", "execute(&mut *tx)", "await"]),
                    "?;",
                )
            } else {
                query("let result = ", "sqlx::query(", schema.delete(), &|_| {
                    calls(&["bind(id)", "execute(pool)", "await"])
                })
            },
        }
    }
}
