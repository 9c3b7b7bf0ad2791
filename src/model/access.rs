//! Access control as the templates print it: the roles, and for each action of a resource
//! whether it exists, whether it needs a signed-in user, which role it needs, and whether rows
//! are scoped to their owner.

use heck::ToPascalCase;
use serde::Serialize;

use super::layout;
use super::operation::{Operation, Target};
use crate::spec::{AccessLevel, Action, Auth, PerAction, Resource};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleModel {
    /// As stored and sent: `editor`.
    pub name: String,
    /// The Rust variant: `Editor`.
    pub ident: String,
    /// The arms of `Role::as_str` and `Role::from_str` for it, laid out.
    pub as_str_arm: String,
    pub from_str_arm: String,
}

pub(super) fn roles(auth: &Auth) -> Vec<RoleModel> {
    auth.roles
        .iter()
        .map(|name| {
            let ident = name.to_pascal_case();
            RoleModel {
                as_str_arm: layout::arm(12, &format!("Role::{ident}"), &format!("\"{name}\"")),
                from_str_arm: layout::arm(
                    12,
                    &format!("\"{name}\""),
                    &format!("Ok(Role::{ident})"),
                ),
                name: name.clone(),
                ident,
            }
        })
        .collect()
}

/// One action (`list`, `read`, `create`, `update`, `delete`) of one resource.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ActionModel {
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
pub(crate) struct ActionsModel {
    /// `list`, `read`, `create`, `update`, `delete`.
    #[serde(flatten)]
    pub each: PerAction<ActionModel>,
    /// Some action needs a token.
    pub any_secured: bool,
    /// Some action checks a role.
    pub any_role: bool,
}

impl ActionsModel {
    pub(crate) fn get(&self, action: Action) -> &ActionModel {
        self.each.get(action)
    }
}

/// Who `level` lets act, in words, for docs.
pub(super) fn rule(level: &AccessLevel) -> String {
    match level {
        AccessLevel::Public => "anyone".to_owned(),
        AccessLevel::User => "any signed-in user".to_owned(),
        AccessLevel::Owner => "the owner, or an admin".to_owned(),
        AccessLevel::Role(role) if role == "admin" => "admins".to_owned(),
        AccessLevel::Role(role) => format!("users with the `{role}` role, or admins"),
        AccessLevel::None => "nobody".to_owned(),
    }
}

pub(super) fn actions(resource: &Resource, auth: &Auth) -> ActionsModel {
    let make = |action: Action| {
        let level = resource.access.get(action);
        let (is_list, is_create) = (action == Action::List, action == Action::Create);
        let (public, role, owner_only) = match level {
            AccessLevel::Public => (true, None, false),
            AccessLevel::Owner => (false, None, !is_list && !is_create),
            AccessLevel::Role(role) => (false, Some(role.clone()), false),
            AccessLevel::User | AccessLevel::None => (false, None, false),
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
            rule: rule(level),
            forbidden_role,
        }
    };
    let each = PerAction::from_fn(make);
    let all = || Action::ALL.into_iter().map(|action| each.get(action));
    ActionsModel {
        any_secured: all().any(|a| a.needs_user),
        any_role: all().any(|a| a.enabled && a.role.is_some()),
        each,
    }
}

/// The handlers of each route, for `routes!(..)`: the collection's, then the item's.
pub(super) fn route_groups(actions: &ActionsModel, name: &str, plural: &str) -> Vec<Vec<String>> {
    [Target::Collection, Target::Item]
        .into_iter()
        .map(|target| {
            Operation::ALL
                .into_iter()
                .filter(|op| op.info().target == target && op.access(actions).enabled)
                .map(|op| (op.info().handler)(name, plural))
                .collect::<Vec<_>>()
        })
        .filter(|group| !group.is_empty())
        .collect()
}

/// One line per action: who may do it.
pub(super) fn access_lines(actions: &ActionsModel) -> Vec<String> {
    Action::ALL
        .into_iter()
        .map(|action| {
            let model = actions.get(action);
            let rule = if model.enabled {
                model.rule.as_str()
            } else {
                "not available"
            };
            let scope = if model.scoped {
                " (others see only their own rows)"
            } else {
                ""
            };
            format!("{}: {rule}{scope}", action.key())
        })
        .collect()
}

/// The role of the non-admin users the ownership tests sign in as: one that may create rows.
pub(super) fn owner_role(
    resource: &Resource,
    actions: &ActionsModel,
    auth: &Auth,
) -> Option<String> {
    let create = actions.get(Action::Create);
    if !resource.owned || !create.needs_user {
        return None;
    }
    match create.role_name.as_deref() {
        Some("admin") => None,
        Some(role) => Some(role.to_pascal_case()),
        None => Some(auth.default_role.to_pascal_case()),
    }
}

/// A generated test that an action refuses a role (403) and allows its own.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleTest {
    /// The action: `create`.
    pub name: String,
    pub forbidden: String,
    pub forbidden_ident: String,
    /// A non-admin role the rule allows, if there is one.
    pub allowed: Option<String>,
    pub allowed_ident: Option<String>,
    pub method: String,
    /// A Rust expression for the URI.
    pub uri: &'static str,
    /// A Rust expression for the body.
    pub body: &'static str,
    /// `let outsider = app.sign_in_as(..).await;`, laid out.
    pub sign_in_forbidden: String,
    /// `let member = app.sign_in_as(..).await;`, when a role is allowed, laid out.
    pub sign_in_allowed: Option<String>,
    /// `let response = app.request(..).await;` as the forbidden role, laid out.
    pub request_forbidden: String,
    /// The same as the allowed role, laid out.
    pub request_allowed: String,
}

/// `let name = app.<call>.await;` in a test, laid out.
fn app_call(name: &str, call: &str, args: &[String]) -> String {
    let call = layout::call(8, &format!(".{call}("), args, ")", layout::Args::Call);
    let call = call.trim_start_matches('.').to_owned();
    layout::chain_after(
        4,
        &format!("let {name} = "),
        "app",
        &[call, "await".to_owned()],
        ";",
    )
}

pub(super) fn role_tests(actions: &ActionsModel) -> Vec<RoleTest> {
    Operation::ALL
        .into_iter()
        .filter_map(|op| {
            let info = op.info();
            let call = info.role_test?;
            let action = op.access(actions);
            if !(action.enabled && action.needs_user) {
                return None;
            }
            let forbidden = action.forbidden_role.clone()?;
            let forbidden_ident = forbidden.to_pascal_case();
            let allowed = action.role_name.clone().filter(|role| role != "admin");
            let request = |who: &str| {
                vec![
                    format!("Method::{}", info.method.to_uppercase()),
                    call.uri.to_owned(),
                    call.body.to_owned(),
                    format!("Some({who})"),
                ]
            };
            Some(RoleTest {
                name: info.action.key().to_owned(),
                forbidden_ident: forbidden_ident.clone(),
                forbidden,
                allowed_ident: allowed.as_ref().map(|role| role.to_pascal_case()),
                sign_in_forbidden: app_call(
                    "outsider",
                    "sign_in_as",
                    &[format!("Role::{}", forbidden_ident)],
                ),
                sign_in_allowed: allowed.as_ref().map(|role| {
                    app_call(
                        "member",
                        "sign_in_as",
                        &[format!("Role::{}", role.to_pascal_case())],
                    )
                }),
                request_forbidden: app_call("response", "request", &request("&outsider")),
                request_allowed: app_call("response", "request", &request("&member")),
                allowed,
                method: info.method.to_uppercase(),
                uri: call.uri,
                body: call.body,
            })
        })
        .collect()
}

/// One documented operation, for the OpenAPI test.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OperationModel {
    /// Below the API prefix: `/posts/{id}`.
    pub path: String,
    pub method: &'static str,
    pub secured: bool,
    /// The OpenAPI test's `("{prefix}{path}", "method", secured),` item, laid out.
    pub tuple: String,
}

/// The OpenAPI test's `("{path}", "method", secured),` item, laid out.
pub(super) fn operation_tuple(path: &str, method: &str, secured: bool) -> String {
    let items = [
        format!("\"{path}\""),
        format!("\"{method}\""),
        secured.to_string(),
    ];
    layout::call(4, "(", &items, "),", layout::Args::Call)
}

pub(super) fn operations(actions: &ActionsModel, prefix: &str, path: &str) -> Vec<OperationModel> {
    Operation::ALL
        .into_iter()
        .filter(|op| op.access(actions).enabled)
        .map(|op| {
            let (path, method, secured) = (
                op.path(path),
                op.info().method,
                op.access(actions).needs_user,
            );
            OperationModel {
                tuple: operation_tuple(&format!("{prefix}{path}"), method, secured),
                path,
                method,
                secured,
            }
        })
        .collect()
}
