//! The one table of operations on a resource: for each, the access rule that governs it, its
//! HTTP method and path, its handler, and how the generated tests call it. Routes, the OpenAPI
//! test, the role tests and `scaffold check` all read this table. A new operation is a new
//! [`Operation`] and its row in [`Operation::info`].

use serde::Serialize;

use super::access::{ActionModel, ActionsModel};
use crate::spec::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    List,
    Create,
    Read,
    Replace,
    Update,
    Delete,
}

/// Where an operation acts: the collection (`/products`) or one row (`/products/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Collection,
    Item,
}

/// How a generated test calls an operation: Rust expressions for its URI (a `&str`) and body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TestCall {
    pub uri: &'static str,
    pub body: &'static str,
}

/// The facts about one operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OperationInfo {
    /// The access rule that governs it (`update` covers replacing and updating).
    pub action: Action,
    /// Lower case, as OpenAPI writes it.
    pub method: &'static str,
    pub target: Target,
    /// The handler's name, from the resource's singular and plural names.
    pub handler: fn(&str, &str) -> String,
    /// How the role tests call the operation, for the one operation of each action they try.
    pub role_test: Option<TestCall>,
    /// The errors it documents besides those of access (401, 403), by status.
    /// [`ErrorResponse::UniqueTaken`] applies where the resource has a unique field, and
    /// [`ErrorResponse::NotFound`] says "or not yours" where rows are their owner's, and a body's
    /// 422 names the `foreign_key` rule where the resource has references.
    pub errors: &'static [ErrorResponse],
}

/// An error answer that operations document. Each is described once, in the generated
/// `api/responses.rs`, and endpoints list the ones they answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ErrorResponse {
    Unauthenticated,
    Forbidden,
    NotFound,
    NotFoundOrNotYours,
    UniqueTaken,
    StillReferenced,
    NotJson,
    InvalidBody,
    InvalidBodyOrId,
    /// [`ErrorResponse::InvalidBody`] of a resource with references.
    InvalidBodyOrReference,
    /// [`ErrorResponse::InvalidBodyOrId`] of a resource with references.
    InvalidBodyIdOrReference,
    InvalidId,
    InvalidPage,
    /// A related list's: the parent's id in the path, or the query string.
    InvalidIdOrPage,
}

/// How the generated `api/responses.rs` declares an [`ErrorResponse`].
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct ErrorResponseInfo {
    /// The type endpoints name in `responses(..)`.
    pub name: &'static str,
    pub status: u16,
    pub description: &'static str,
    /// The body's schema: `ErrorBody` or `ValidationErrorBody`.
    pub body: &'static str,
}

impl ErrorResponse {
    pub(crate) const ALL: [ErrorResponse; 14] = [
        ErrorResponse::Unauthenticated,
        ErrorResponse::Forbidden,
        ErrorResponse::NotFound,
        ErrorResponse::NotFoundOrNotYours,
        ErrorResponse::UniqueTaken,
        ErrorResponse::StillReferenced,
        ErrorResponse::NotJson,
        ErrorResponse::InvalidBody,
        ErrorResponse::InvalidBodyOrId,
        ErrorResponse::InvalidBodyOrReference,
        ErrorResponse::InvalidBodyIdOrReference,
        ErrorResponse::InvalidId,
        ErrorResponse::InvalidPage,
        ErrorResponse::InvalidIdOrPage,
    ];

    pub(crate) fn info(self) -> ErrorResponseInfo {
        let (name, status, description, body) = match self {
            ErrorResponse::Unauthenticated => (
                "Unauthenticated",
                401,
                "Not authenticated: no token, or one that is invalid or expired",
                "ErrorBody",
            ),
            ErrorResponse::Forbidden => (
                "Forbidden",
                403,
                "Your role does not allow this",
                "ErrorBody",
            ),
            ErrorResponse::NotFound => ("NotFound", 404, "Nothing has this id", "ErrorBody"),
            ErrorResponse::NotFoundOrNotYours => (
                "NotFoundOrNotYours",
                404,
                "Nothing has this id, or it belongs to another user",
                "ErrorBody",
            ),
            ErrorResponse::UniqueTaken => (
                "UniqueTaken",
                409,
                "A unique value is already taken",
                "ErrorBody",
            ),
            ErrorResponse::StillReferenced => (
                "StillReferenced",
                409,
                "Other rows still reference this one",
                "ErrorBody",
            ),
            ErrorResponse::NotJson => ("NotJson", 415, "The body is not JSON", "ErrorBody"),
            ErrorResponse::InvalidBody => {
                ("InvalidBody", 422, "Invalid body", "ValidationErrorBody")
            }
            ErrorResponse::InvalidBodyOrId => (
                "InvalidBodyOrId",
                422,
                "Invalid body or id",
                "ValidationErrorBody",
            ),
            ErrorResponse::InvalidBodyOrReference => (
                "InvalidBodyOrReference",
                422,
                "Invalid body, or a referenced row that does not exist (type `foreign_key`)",
                "ValidationErrorBody",
            ),
            ErrorResponse::InvalidBodyIdOrReference => (
                "InvalidBodyIdOrReference",
                422,
                "Invalid body or id, or a referenced row that does not exist (type `foreign_key`)",
                "ValidationErrorBody",
            ),
            ErrorResponse::InvalidId => (
                "InvalidId",
                422,
                "The id is not a UUID",
                "ValidationErrorBody",
            ),
            ErrorResponse::InvalidPage => (
                "InvalidPage",
                422,
                "Invalid paging, filter or sort parameters",
                "ValidationErrorBody",
            ),
            ErrorResponse::InvalidIdOrPage => (
                "InvalidIdOrPage",
                422,
                "The id is not a UUID, or invalid paging, filter or sort parameters",
                "ValidationErrorBody",
            ),
        };
        ErrorResponseInfo {
            name,
            status,
            description,
            body,
        }
    }
}

const ITEM_URI: &str = "&item(COLLECTION, &created[\"id\"])";

impl Operation {
    /// In route order: the collection's, then the item's.
    pub(crate) const ALL: [Operation; 6] = [
        Operation::List,
        Operation::Create,
        Operation::Read,
        Operation::Replace,
        Operation::Update,
        Operation::Delete,
    ];

    pub(crate) fn info(self) -> OperationInfo {
        match self {
            Operation::List => OperationInfo {
                action: Action::List,
                method: "get",
                target: Target::Collection,
                handler: |_, plural| format!("list_{plural}"),
                role_test: Some(TestCall {
                    uri: "COLLECTION",
                    body: "None",
                }),
                errors: &[ErrorResponse::InvalidPage],
            },
            Operation::Create => OperationInfo {
                action: Action::Create,
                method: "post",
                target: Target::Collection,
                handler: |name, _| format!("create_{name}"),
                role_test: Some(TestCall {
                    uri: "COLLECTION",
                    body: "Some(&body)",
                }),
                errors: &[
                    ErrorResponse::UniqueTaken,
                    ErrorResponse::NotJson,
                    ErrorResponse::InvalidBody,
                ],
            },
            Operation::Read => OperationInfo {
                action: Action::Read,
                method: "get",
                target: Target::Item,
                handler: |name, _| format!("read_{name}"),
                role_test: Some(TestCall {
                    uri: ITEM_URI,
                    body: "None",
                }),
                errors: &[ErrorResponse::NotFound, ErrorResponse::InvalidId],
            },
            Operation::Replace => OperationInfo {
                action: Action::Update,
                method: "put",
                target: Target::Item,
                handler: |name, _| format!("replace_{name}"),
                role_test: None,
                errors: &[
                    ErrorResponse::NotFound,
                    ErrorResponse::UniqueTaken,
                    ErrorResponse::NotJson,
                    ErrorResponse::InvalidBodyOrId,
                ],
            },
            Operation::Update => OperationInfo {
                action: Action::Update,
                method: "patch",
                target: Target::Item,
                handler: |name, _| format!("update_{name}"),
                role_test: Some(TestCall {
                    uri: ITEM_URI,
                    body: "Some(&body)",
                }),
                errors: &[
                    ErrorResponse::NotFound,
                    ErrorResponse::UniqueTaken,
                    ErrorResponse::NotJson,
                    ErrorResponse::InvalidBodyOrId,
                ],
            },
            Operation::Delete => OperationInfo {
                action: Action::Delete,
                method: "delete",
                target: Target::Item,
                handler: |name, _| format!("delete_{name}"),
                role_test: Some(TestCall {
                    uri: ITEM_URI,
                    body: "None",
                }),
                errors: &[
                    ErrorResponse::NotFound,
                    ErrorResponse::StillReferenced,
                    ErrorResponse::InvalidId,
                ],
            },
        }
    }

    /// Its name in the render model: `list`, `create`, `read`, `replace`, `update`, `delete`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Operation::List => "list",
            Operation::Create => "create",
            Operation::Read => "read",
            Operation::Replace => "replace",
            Operation::Update => "update",
            Operation::Delete => "delete",
        }
    }

    /// Its path below the API prefix, for a resource at `path` (`/products`).
    pub(crate) fn path(self, path: &str) -> String {
        match self.info().target {
            Target::Collection => path.to_owned(),
            Target::Item => format!("{path}/{{id}}"),
        }
    }

    /// The errors it documents for a resource: access first, then [`OperationInfo::errors`].
    pub(crate) fn errors(
        self,
        access: &ActionModel,
        has_unique: bool,
        has_refs: bool,
    ) -> Vec<ErrorResponse> {
        let mut errors = Vec::new();
        if access.needs_user {
            errors.push(ErrorResponse::Unauthenticated);
        }
        if access.role.is_some() {
            errors.push(ErrorResponse::Forbidden);
        }
        for &error in self.info().errors {
            match error {
                ErrorResponse::UniqueTaken if !has_unique => {}
                ErrorResponse::InvalidBody if has_refs => {
                    errors.push(ErrorResponse::InvalidBodyOrReference);
                }
                ErrorResponse::InvalidBodyOrId if has_refs => {
                    errors.push(ErrorResponse::InvalidBodyIdOrReference);
                }
                ErrorResponse::NotFound if access.owner_only => {
                    errors.push(ErrorResponse::NotFoundOrNotYours);
                }
                error => errors.push(error),
            }
        }
        errors
    }

    /// The access rule of this operation among a resource's.
    pub(crate) fn access(self, actions: &ActionsModel) -> &ActionModel {
        actions.get(self.info().action)
    }
}
