//! The one table of operations on a resource: for each, the access rule that governs it, its
//! HTTP method and path, its handler, and how the generated tests call it. Routes, the OpenAPI
//! test, the role tests and `scaffold check` all read this table. A new operation is a new
//! [`Operation`] and its row in [`Operation::info`].

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

/// How a generated test calls an operation: Rust expressions for its URI and body.
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
}

const ITEM_URI: &str = "item(&created[\"id\"])";

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
                    uri: "collection()",
                    body: "None",
                }),
            },
            Operation::Create => OperationInfo {
                action: Action::Create,
                method: "post",
                target: Target::Collection,
                handler: |name, _| format!("create_{name}"),
                role_test: Some(TestCall {
                    uri: "collection()",
                    body: "Some(&body)",
                }),
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
            },
            Operation::Replace => OperationInfo {
                action: Action::Update,
                method: "put",
                target: Target::Item,
                handler: |name, _| format!("replace_{name}"),
                role_test: None,
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
            },
        }
    }

    /// Its path below the API prefix, for a resource at `path` (`/products`).
    pub(crate) fn path(self, path: &str) -> String {
        match self.info().target {
            Target::Collection => path.to_owned(),
            Target::Item => format!("{path}/{{id}}"),
        }
    }

    /// The access rule of this operation among a resource's.
    pub(crate) fn access(self, actions: &ActionsModel) -> &ActionModel {
        actions.get(self.info().action)
    }
}
