//! The statements of a resource's handlers whose layout depends on the resource's names.

use serde::Serialize;

use super::layout::{self, Args};

/// The statements of a resource's handlers (`api/v1/endpoints/<resource>.rs`) whose layout
/// depends on names, laid out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EndpointCode {
    /// `let (rows, total) = ..;` of a list handler, `let slice = ..;` of one paged by cursor.
    pub list_let: String,
    /// `let row = ..?;` of a create handler, and `let created = ..;` of one that explains a
    /// refused reference after the insert.
    pub create_let: String,
    pub created_let: String,
    pub location_let: String,
    /// `.ok_or(AppError::NotFound(..))?;` in a chain, and `Err(AppError::NotFound(..))`.
    pub not_found_ok_or: String,
    pub not_found_err: String,
    pub check_references_fn: String,
}

impl EndpointCode {
    pub(super) fn new(
        module: &str,
        struct_name: &str,
        title: &str,
        uri: &str,
        owned: bool,
        cursor: bool,
    ) -> EndpointCode {
        let list = |function: &'static str, args: &[&str]| {
            let callee = format!("crud::{module}::{function}(");
            let args = layout::Arg::List(args.iter().map(|arg| (*arg).to_owned()).collect());
            move |indent: usize, prefix: &str, close: &str| {
                layout::query(
                    indent,
                    prefix,
                    &callee,
                    &args,
                    &|_| vec!["await".to_owned()],
                    close,
                )
            }
        };
        let page = list("list", &["&state.pool", "&query"]);
        let create = if owned {
            list("create", &["&state.pool", "user.id", "&input"])
        } else {
            list("create", &["&state.pool", "&input"])
        };
        let title = vec![format!("\"{title}\"")];
        EndpointCode {
            list_let: if cursor {
                page(4, "let slice = ", "?;")
            } else {
                page(4, "let (rows, total) = ", "?;")
            },
            create_let: create(4, "let row = ", "?;"),
            created_let: create(4, "let created = ", ";"),
            location_let: layout::call(
                4,
                "let location = format!(",
                &[format!("\"{uri}/{{}}\""), "row.id".to_owned()],
                ");",
                Args::Macro,
            ),
            not_found_ok_or: layout::nested(
                8,
                ".ok_or(",
                "AppError::NotFound(",
                &title,
                ")?;",
                Args::Call,
            ),
            not_found_err: layout::nested(
                8,
                "Err(",
                "AppError::NotFound(",
                &title,
                ")",
                Args::Call,
            ),
            check_references_fn: layout::call(
                0,
                "async fn check_references(",
                &[
                    "db: &mut Connection".to_owned(),
                    format!("input: &{struct_name}Create"),
                ],
                ") -> Result<(), AppError> {",
                Args::Params,
            ),
        }
    }
}
