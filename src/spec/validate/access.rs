//! Authorization: the `roles` and `default_role` of `[auth]`, and each resource's `owned` flag
//! and `access` rules.

use super::super::diagnostic::{SourceFile, SpecError, closest, code_list};
use super::super::raw::{Item, RawAccess, RawAuth, RawResource};
use super::super::{Access, AccessLevel, Action, Auth};
use super::{check_identifier, check_variant};

/// The role that always exists and passes every rule.
const ADMIN: &str = "admin";
/// The role given at registration when `default_role` is not set and the role exists.
const USER: &str = "user";
/// The access levels that are not roles, as written in `access` rules.
const LEVELS: &[&str] = &["public", "user", "owner", "none"];
/// Access levels that cannot be role names (`user` can: it is the usual default role).
const RESERVED_ROLES: &[&str] = &["public", "owner", "none"];

/// The roles of `[auth]`: `admin` first, then the others in file order (default
/// `["admin", "user"]`).
pub(super) fn roles(file: &SourceFile<'_>, raw: &RawAuth) -> Result<Vec<String>, SpecError> {
    let Some(list) = &raw.roles else {
        return Ok(vec![ADMIN.to_owned(), USER.to_owned()]);
    };
    let mut roles: Vec<String> = vec![ADMIN.to_owned()];
    let mut seen: Vec<&str> = Vec::with_capacity(list.value.len());
    for role in &list.value {
        let name: &str = &role.value;
        check_identifier(file, name, role.span.clone(), "role name")?;
        if RESERVED_ROLES.contains(&name) {
            return Err(file
                .error(
                    role.span.clone(),
                    format!("role name `{name}` is reserved: it is an access level"),
                )
                .with_hint(format!(
                    "pick another name; {} are access levels in `access` rules",
                    code_list(RESERVED_ROLES)
                )));
        }
        if seen.contains(&name) {
            return Err(file
                .error(role.span.clone(), format!("duplicate role `{name}`"))
                .with_hint("list each role once"));
        }
        seen.push(name);
        if name == ADMIN {
            continue;
        }
        check_variant(file, name, role.span.clone(), &roles, "role name", "roles")?;
        roles.push(name.to_owned());
    }
    Ok(roles)
}

/// The role given at registration: `default_role`, else `user` when it is a role, else the
/// first role other than `admin`. With authentication disabled and no such role it is `admin`
/// (nobody registers then).
pub(super) fn default_role(
    file: &SourceFile<'_>,
    raw: &RawAuth,
    roles: &[String],
    enabled: bool,
) -> Result<String, SpecError> {
    let others: Vec<&str> = roles
        .iter()
        .map(String::as_str)
        .filter(|role| *role != ADMIN)
        .collect();
    if let Some(item) = &raw.default_role {
        let name: &str = &item.value;
        if name == ADMIN {
            let hint: String = match others.as_slice() {
                [] => format!(
                    "add a role to `roles` (e.g. `roles = [\"{ADMIN}\", \"{USER}\"]`) and use it"
                ),
                _ => format!("pick another role: {}", code_list(&others)),
            };
            return Err(file
                .error(
                    item.span.clone(),
                    "`default_role` cannot be `admin`: registration must not grant admin rights",
                )
                .with_hint(hint));
        }
        if !roles.iter().any(|role| role == name) {
            let hint: String = match closest(name, &others) {
                Some(role) => format!("did you mean `{role}`?"),
                None if others.is_empty() => format!("add `{name}` to `roles`"),
                None => format!(
                    "add `{name}` to `roles`, or pick one of: {}",
                    code_list(&others)
                ),
            };
            return Err(file
                .error(
                    item.span.clone(),
                    format!("`default_role` `{name}` is not one of the roles"),
                )
                .with_hint(hint));
        }
        return Ok(name.to_owned());
    }
    if others.contains(&USER) {
        return Ok(USER.to_owned());
    }
    if let Some(first) = others.first() {
        return Ok((*first).to_owned());
    }
    match &raw.roles {
        Some(list) if enabled => Err(file
            .error(
                list.span.clone(),
                "`roles` needs a role other than `admin` for registration",
            )
            .with_hint(format!(
                "add one, e.g. `roles = [\"{ADMIN}\", \"{USER}\"]`; new users get `default_role` \
                 (by default `{USER}`, else the first role other than `{ADMIN}`)"
            ))),
        _ => Ok(ADMIN.to_owned()),
    }
}

/// The resource's `owned` flag, which needs authentication.
pub(super) fn owned(
    file: &SourceFile<'_>,
    raw: &RawResource,
    auth: &Auth,
) -> Result<bool, SpecError> {
    match &raw.owned {
        Some(item) if item.value && !auth.enabled => Err(file
            .error(
                item.span.clone(),
                "`owned` needs authentication: rows belong to signed-in users",
            )
            .with_hint("set `enabled = true` in `[auth]`, or remove `owned`")),
        Some(item) => Ok(item.value),
        None => Ok(false),
    }
}

/// The resource's access rules: [`Access::defaults`], overridden action by action by its
/// `access` table.
pub(super) fn access(
    file: &SourceFile<'_>,
    raw: &RawResource,
    owned: bool,
    auth: &Auth,
) -> Result<Access, SpecError> {
    let mut access: Access = Access::defaults(auth.enabled, owned);
    let Some(rules) = &raw.access else {
        return Ok(access);
    };
    if !auth.enabled {
        return Err(disabled(file, rules));
    }
    for (action, item) in &rules.rules {
        access.set(*action, level(file, *action, item, owned, auth)?);
    }
    Ok(access)
}

fn disabled(file: &SourceFile<'_>, rules: &RawAccess) -> SpecError {
    file.error(rules.key.clone(), "access rules need authentication")
        .with_hint("set `enabled = true` in `[auth]`, or remove `access`")
}

/// One rule: `item` is the level written for `action`.
fn level(
    file: &SourceFile<'_>,
    action: Action,
    item: &Item<String>,
    owned: bool,
    auth: &Auth,
) -> Result<AccessLevel, SpecError> {
    let word: &str = &item.value;
    if owned && action == Action::Create && matches!(word, "public" | "none") {
        return Err(file
            .error(
                item.span.clone(),
                format!(
                    "an owned resource's rows belong to whoever creates them, so `create` cannot be `{word}`"
                ),
            )
            .with_hint("use `user` or a role, or remove `owned`"));
    }
    match word {
        "public" => Ok(AccessLevel::Public),
        "user" => Ok(AccessLevel::User),
        "none" => Ok(AccessLevel::None),
        "owner" if !owned => Err(file
            .error(
                item.span.clone(),
                format!("`{} = \"owner\"` needs an owned resource", action.key()),
            )
            .with_hint("set `owned = true` on this resource, or use `user`")),
        "owner" => Ok(AccessLevel::Owner),
        role if auth.roles.iter().any(|r| r == role) => Ok(AccessLevel::Role(role.to_owned())),
        other => {
            let roles: Vec<&str> = auth.roles.iter().map(String::as_str).collect();
            let mut candidates: Vec<&str> = LEVELS.to_vec();
            candidates.extend(roles.iter().filter(|role| !LEVELS.contains(role)));
            let hint: String = match closest(other, &candidates) {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None => format!(
                    "use one of {}, or a role: {}",
                    code_list(LEVELS),
                    code_list(&roles)
                ),
            };
            Err(file
                .error(item.span.clone(), format!("unknown access level `{other}`"))
                .with_hint(hint))
        }
    }
}
