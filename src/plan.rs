//! A plan: the file operations a command would perform, computed before anything is written, so
//! that it can be shown (`--dry-run`) or applied as a whole.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The file does not exist yet.
    Create,
    /// The file exists with other contents and is replaced.
    Update,
    /// The file already has these contents.
    Unchanged,
}

impl Action {
    fn label(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOp {
    /// Relative to the plan's root, `/`-separated.
    pub path: String,
    pub action: Action,
    pub contents: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub root: PathBuf,
    pub ops: Vec<FileOp>,
}

impl Plan {
    /// Compares `files` with what is on disk under `root`.
    pub fn compute(root: &Path, files: BTreeMap<String, String>) -> Result<Plan, Error> {
        let mut ops = Vec::with_capacity(files.len());
        for (path, contents) in files {
            let target = resolve(root, &path)?;
            let action = match fs_err::read(&target) {
                Ok(existing) if existing == contents.as_bytes() => Action::Unchanged,
                Ok(_) => Action::Update,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Action::Create,
                Err(error) => return Err(error.into()),
            };
            ops.push(FileOp {
                path,
                action,
                contents,
            });
        }
        Ok(Plan {
            root: root.to_path_buf(),
            ops,
        })
    }

    /// The operations that change something.
    pub fn changes(&self) -> impl Iterator<Item = &FileOp> {
        self.ops.iter().filter(|op| op.action != Action::Unchanged)
    }

    pub fn count(&self, action: Action) -> usize {
        self.ops.iter().filter(|op| op.action == action).count()
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for op in &self.ops {
            writeln!(f, "{:>9}  {}", op.action.label(), op.path)?;
        }
        write!(
            f,
            "{} to create, {} to update, {} unchanged",
            self.count(Action::Create),
            self.count(Action::Update),
            self.count(Action::Unchanged)
        )
    }
}

/// `root/path`, refusing any path that would leave `root` (absolute, or with `..`).
pub fn resolve(root: &Path, path: &str) -> Result<PathBuf, Error> {
    let relative = Path::new(path);
    let inside = relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    if !inside || path.is_empty() {
        return Err(Error::OutsideTarget(relative.to_path_buf()));
    }
    Ok(root.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_root_are_refused() {
        let root = Path::new("/tmp/project");
        assert!(resolve(root, "src/main.rs").is_ok());
        for bad in ["../escape.rs", "/etc/passwd", "src/../../x", ""] {
            assert!(
                matches!(resolve(root, bad), Err(Error::OutsideTarget(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn compute_tells_new_changed_and_unchanged_files_apart() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("same.txt"), "same").unwrap();
        std::fs::write(dir.path().join("old.txt"), "old").unwrap();
        let files = BTreeMap::from([
            ("new.txt".to_owned(), "new".to_owned()),
            ("old.txt".to_owned(), "changed".to_owned()),
            ("same.txt".to_owned(), "same".to_owned()),
        ]);
        let plan = Plan::compute(dir.path(), files).unwrap();
        let actions: Vec<_> = plan
            .ops
            .iter()
            .map(|op| (op.path.as_str(), op.action))
            .collect();
        assert_eq!(
            actions,
            [
                ("new.txt", Action::Create),
                ("old.txt", Action::Update),
                ("same.txt", Action::Unchanged)
            ]
        );
        assert_eq!(plan.changes().count(), 2);
    }
}
