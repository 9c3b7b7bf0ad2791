//! Access control as the templates print it: the roles, and for each action of a resource
//! whether it exists, whether it needs a signed-in user, which role it needs, and whether rows
//! are scoped to their owner.

use heck::ToPascalCase;
use serde::Serialize;

use crate::spec::{Access, AccessLevel, Auth, Resource};

#[derive(Debug, Clone, Serialize)]
pub struct RoleModel {
    /// As stored and sent: `editor`.
    pub name: String,
    /// The Rust variant: `Editor`.
    pub ident: String,
}

pub fn roles(auth: &Auth) -> Vec<RoleModel> {
    auth.roles
        .iter()
        .map(|name| RoleModel {
            name: name.clone(),
            ident: name.to_pascal_case(),
        })
        .collect()
}

/// One action (`list`, `read`, `create`, `update`, `delete`) of one resource.
#[derive(Debug, Clone, Serialize)]
pub struct ActionModel {
    /// `false` for `none`: the endpoint is not generated.
    pub enabled: bool,
    /// Anyone may call it, without a token.
    pub public: bool,
    /// The handler takes the signed-in user.
    pub needs_user: bool,
    /// The handler uses the user (role check, ownership, owner id); otherwise it is `_user`.
    pub uses_user: bool,
    /// The role variant the action requires (admins always pass): `Editor`.
    pub role: Option<String>,
    /// The role's name, for tests and docs.
    pub role_name: Option<String>,
    /// Only the row's owner or an admin: others get 404.
    pub owner_only: bool,
    /// For `list` on owned resources: a non-admin sees only their own rows.
    pub scoped: bool,
    /// Who may call it, in words, for docs.
    pub rule: String,
    /// A role that the rule refuses (403), for the tests; `None` when every role passes.
    pub forbidden_role: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionsModel {
    pub list: ActionModel,
    pub read: ActionModel,
    pub create: ActionModel,
    pub update: ActionModel,
    pub delete: ActionModel,
    /// Some action needs a token.
    pub any_secured: bool,
    /// Some action checks a role.
    pub any_role: bool,
}

pub fn actions(resource: &Resource, auth: &Auth) -> ActionsModel {
    let Access {
        list,
        read,
        create,
        update,
        delete,
    } = &resource.access;
    let make = |level: &AccessLevel, is_list: bool, is_create: bool| {
        let (public, role, owner_only, rule) = match level {
            AccessLevel::Public => (true, None, false, "anyone".to_owned()),
            AccessLevel::User => (false, None, false, "any signed-in user".to_owned()),
            AccessLevel::Owner => (
                false,
                None,
                !is_list && !is_create,
                "the owner, or an admin".to_owned(),
            ),
            AccessLevel::Role(role) if role == "admin" => {
                (false, Some(role.clone()), false, "admins".to_owned())
            }
            AccessLevel::Role(role) => (
                false,
                Some(role.clone()),
                false,
                format!("users with the `{role}` role, or admins"),
            ),
            AccessLevel::None => (false, None, false, "nobody".to_owned()),
        };
        let enabled = *level != AccessLevel::None;
        let scoped = is_list && resource.owned && !public;
        let needs_user = enabled && auth.enabled && !public;
        let forbidden_role = role
            .as_ref()
            .and_then(|role| {
                auth.roles
                    .iter()
                    .find(|candidate| *candidate != role && *candidate != "admin")
            })
            .cloned();
        ActionModel {
            enabled,
            public: enabled && public,
            needs_user,
            uses_user: needs_user
                && (role.is_some() || owner_only || scoped || (is_create && resource.owned)),
            role: role.as_ref().map(|role| role.to_pascal_case()),
            role_name: role,
            owner_only: enabled && owner_only && resource.owned,
            scoped,
            rule,
            forbidden_role,
        }
    };
    let actions = [
        make(list, true, false),
        make(read, false, false),
        make(create, false, true),
        make(update, false, false),
        make(delete, false, false),
    ];
    let any_secured = actions.iter().any(|a| a.needs_user);
    let any_role = actions.iter().any(|a| a.enabled && a.role.is_some());
    let [list, read, create, update, delete] = actions;
    ActionsModel {
        list,
        read,
        create,
        update,
        delete,
        any_secured,
        any_role,
    }
}

/// The handlers of each route, for `routes!(..)`: the collection's, then the item's.
pub fn route_groups(actions: &ActionsModel, name: &str, plural: &str) -> Vec<String> {
    let collection: Vec<String> = [
        (actions.list.enabled, format!("list_{plural}")),
        (actions.create.enabled, format!("create_{name}")),
    ]
    .into_iter()
    .filter_map(|(enabled, handler)| enabled.then_some(handler))
    .collect();
    let item: Vec<String> = [
        (actions.read.enabled, format!("read_{name}")),
        (actions.update.enabled, format!("replace_{name}")),
        (actions.update.enabled, format!("update_{name}")),
        (actions.delete.enabled, format!("delete_{name}")),
    ]
    .into_iter()
    .filter_map(|(enabled, handler)| enabled.then_some(handler))
    .collect();
    [collection, item]
        .into_iter()
        .filter(|group| !group.is_empty())
        .map(|group| group.join(", "))
        .collect()
}

/// One line per action: who may do it.
pub fn access_lines(actions: &ActionsModel) -> Vec<String> {
    [
        ("list", &actions.list),
        ("read", &actions.read),
        ("create", &actions.create),
        ("update", &actions.update),
        ("delete", &actions.delete),
    ]
    .into_iter()
    .map(|(name, action)| {
        let rule = if action.enabled {
            action.rule.as_str()
        } else {
            "not available"
        };
        let scope = if action.scoped {
            " (others see only their own rows)"
        } else {
            ""
        };
        format!("{name}: {rule}{scope}")
    })
    .collect()
}

/// The role of the non-admin users the ownership tests sign in as: one that may create rows.
pub fn owner_role(resource: &Resource, actions: &ActionsModel, auth: &Auth) -> Option<String> {
    if !resource.owned || !actions.create.needs_user {
        return None;
    }
    match actions.create.role_name.as_deref() {
        Some("admin") => None,
        Some(role) => Some(role.to_pascal_case()),
        None => Some(auth.default_role.to_pascal_case()),
    }
}

/// A generated test that an action refuses a role (403) and allows its own.
#[derive(Debug, Clone, Serialize)]
pub struct RoleTest {
    /// The action: `create`.
    pub name: String,
    pub forbidden: String,
    pub forbidden_ident: String,
    /// A non-admin role the rule allows, if there is one.
    pub allowed: Option<String>,
    pub allowed_ident: Option<String>,
    pub method: &'static str,
    /// A Rust expression for the URI.
    pub uri: &'static str,
    /// A Rust expression for the body.
    pub body: &'static str,
}

pub fn role_tests(actions: &ActionsModel) -> Vec<RoleTest> {
    let item = "item(&created[\"id\"])";
    [
        ("list", &actions.list, "GET", "collection()", "None"),
        (
            "create",
            &actions.create,
            "POST",
            "collection()",
            "Some(&body)",
        ),
        ("read", &actions.read, "GET", item, "None"),
        ("update", &actions.update, "PATCH", item, "Some(&body)"),
        ("delete", &actions.delete, "DELETE", item, "None"),
    ]
    .into_iter()
    .filter(|(_, action, ..)| action.enabled && action.needs_user)
    .filter_map(|(name, action, method, uri, body)| {
        let forbidden = action.forbidden_role.clone()?;
        let allowed = action.role_name.clone().filter(|role| role != "admin");
        Some(RoleTest {
            name: name.to_owned(),
            forbidden_ident: forbidden.to_pascal_case(),
            forbidden,
            allowed_ident: allowed.as_ref().map(|role| role.to_pascal_case()),
            allowed,
            method,
            uri,
            body,
        })
    })
    .collect()
}

/// One documented operation, for the OpenAPI test.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Below the API prefix: `/posts/{id}`.
    pub path: String,
    pub method: &'static str,
    pub secured: bool,
}

pub fn operations(actions: &ActionsModel, path: &str) -> Vec<Operation> {
    let item = format!("{path}/{{id}}");
    [
        (&actions.list, path.to_owned(), "get"),
        (&actions.create, path.to_owned(), "post"),
        (&actions.read, item.clone(), "get"),
        (&actions.update, item.clone(), "put"),
        (&actions.update, item.clone(), "patch"),
        (&actions.delete, item, "delete"),
    ]
    .into_iter()
    .filter(|(action, ..)| action.enabled)
    .map(|(action, path, method)| Operation {
        path,
        method,
        secured: action.needs_user,
    })
    .collect()
}
