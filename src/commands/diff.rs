//! `scaffold diff`: what the user changed in generated files, against the text the generator
//! last wrote (`.scaffold/base/`). Changes nothing.

use std::path::Path;

use similar::{ChangeTag, TextDiff};

use crate::error::Error;
use crate::plan::{read_if_exists, resolve};
use crate::state::{self, State};

/// Prints the user's changes to the generated files of the project at `root` (only `paths`,
/// when given), as a unified diff or, with `stat`, one line per file.
pub(crate) fn run(root: &Path, paths: &[String], stat: bool) -> Result<(), Error> {
    let (state, _) = State::load(root)?;
    for path in paths {
        if !state.files.contains_key(path) {
            return Err(Error::Usage(format!(
                "`{path}` is not a file scaffold generated in this project"
            )));
        }
    }
    let mut changed = 0;
    for path in state.files.keys() {
        if !state::keeps_base(path) || !(paths.is_empty() || paths.contains(path)) {
            continue;
        }
        let Some(base) = read_if_exists(&resolve(root, &state::base_path(path))?)? else {
            if !stat {
                println!("# {path}: no generated text kept (generated before `scaffold diff`)");
            }
            continue;
        };
        let current = read_if_exists(&resolve(root, path)?)?;
        if current.as_deref() == Some(base.as_str()) {
            continue;
        }
        changed += 1;
        let after = current.as_deref().unwrap_or("");
        let diff = TextDiff::from_lines(base.as_str(), after);
        if stat {
            let count = |tag| diff.iter_all_changes().filter(|c| c.tag() == tag).count();
            let what = if current.is_none() {
                "deleted"
            } else {
                "changed"
            };
            println!(
                "{what:>8}  {path} (+{} -{})",
                count(ChangeTag::Insert),
                count(ChangeTag::Delete)
            );
        } else {
            let new_name = if current.is_some() {
                format!("b/{path}")
            } else {
                "/dev/null".to_owned()
            };
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &new_name)
            );
        }
    }
    if changed == 0 {
        println!("No changes: every generated file is as scaffold last wrote it.");
    }
    Ok(())
}
