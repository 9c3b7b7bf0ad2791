//! `scaffold templates list|eject`: see the built-in templates and copy them into the project
//! (`.scaffold/templates/`), where generation picks them up instead of the built-ins.

use std::collections::BTreeMap;
use std::path::Path;

use crate::apply::apply;
use crate::error::Error;
use crate::plan::{Action, Plan, read_if_exists};
use crate::render::{OVERRIDES_DIR, builtin, template_names};

pub(crate) fn list(root: &Path) -> Result<(), Error> {
    for name in template_names() {
        let own = read_if_exists(&root.join(OVERRIDES_DIR).join(name))?;
        let marker = match own {
            Some(text) if Some(text.as_str()) == builtin(name) => "  (ejected, unchanged)",
            Some(_) => "  (overridden)",
            None => "",
        };
        println!("{name}{marker}");
    }
    Ok(())
}

pub(crate) fn eject(root: &Path, paths: &[String], all: bool, force: bool) -> Result<(), Error> {
    let names: Vec<&str> = if all {
        template_names()
    } else {
        paths.iter().map(String::as_str).collect()
    };
    let mut files = BTreeMap::new();
    for name in names {
        let text = builtin(name).ok_or_else(|| {
            Error::Usage(format!(
                "there is no template `{name}`; `scaffold templates list` shows them"
            ))
        })?;
        files.insert(format!("{OVERRIDES_DIR}/{name}"), text.to_owned());
    }
    let plan = Plan::compute(root, files)?;
    let kept: Vec<&str> = plan
        .ops
        .iter()
        .filter(|op| op.action == Action::Update)
        .map(|op| op.path.as_str())
        .collect();
    if !kept.is_empty() && !force {
        return Err(Error::Usage(format!(
            "these templates are ejected already and changed (pass --force to overwrite them): {}",
            kept.join(", ")
        )));
    }
    apply(&plan)?;
    for op in plan.changes() {
        println!("ejected  {}", op.path);
    }
    Ok(())
}
