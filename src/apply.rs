//! Applies a [`Plan`] to the disk, all or nothing: every new file is first written next to its
//! target under a temporary name, and only when all of them are written are they renamed into
//! place. A failure while writing removes the temporary files and leaves the project as it was.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::plan::{Action, Plan, resolve};

/// Suffix of the temporary files written before the final renames.
const STAGING_SUFFIX: &str = ".scaffold-tmp";

/// Writes every changed file of `plan`, then removes the files it deletes. Returns the number of
/// files written or removed.
pub(crate) fn apply(plan: &Plan) -> Result<usize, Error> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = stage(plan, &mut staged);
    if let Err(error) = result {
        for (temporary, _) in &staged {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(error);
    }
    for (temporary, target) in &staged {
        fs_err::rename(temporary, target)?;
    }
    let mut deleted = 0;
    for op in plan.ops.iter().filter(|op| op.action == Action::Delete) {
        fs_err::remove_file(resolve(&plan.root, &op.path)?)?;
        deleted += 1;
    }
    Ok(staged.len() + deleted)
}

fn stage(plan: &Plan, staged: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), Error> {
    for op in plan.ops.iter().filter(|op| op.action.writes()) {
        let target = resolve(&plan.root, &op.path)?;
        if let Some(parent) = target.parent() {
            fs_err::create_dir_all(parent)?;
        }
        let temporary = temporary_path(&target);
        fs_err::write(&temporary, op.contents.as_bytes())?;
        staged.push((temporary, target));
    }
    Ok(())
}

fn temporary_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(STAGING_SUFFIX);
    target.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn apply_writes_changes_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = BTreeMap::from([
            ("a/b/c.txt".to_owned(), "c".to_owned()),
            ("top.txt".to_owned(), "top".to_owned()),
        ]);
        let plan = Plan::compute(dir.path(), files).unwrap();
        assert_eq!(apply(&plan).unwrap(), 2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/b/c.txt")).unwrap(),
            "c"
        );
        let leftovers: Vec<_> = walk(dir.path())
            .into_iter()
            .filter(|p| p.ends_with(STAGING_SUFFIX))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // A file where a directory must go makes the second write fail.
        std::fs::write(dir.path().join("blocked"), "a file").unwrap();
        let files = BTreeMap::from([
            ("a.txt".to_owned(), "a".to_owned()),
            ("blocked/inner.txt".to_owned(), "x".to_owned()),
        ]);
        let plan = Plan::compute(dir.path(), files);
        // Reading `blocked/inner.txt` fails as "not a directory", or the write fails: either way
        // nothing may be written.
        if let Ok(plan) = plan {
            assert!(apply(&plan).is_err());
        }
        assert!(!dir.path().join("a.txt").exists());
        assert_eq!(walk(dir.path()), vec!["blocked".to_owned()]);
    }

    fn walk(root: &Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| {
                entry
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        found.sort();
        found
    }
}
