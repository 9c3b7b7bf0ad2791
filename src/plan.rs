//! A plan: the file operations a command would perform, computed before anything is written, so
//! that it can be shown (`--dry-run`) or applied as a whole.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use similar::TextDiff;

use crate::error::Error;

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// The file does not exist yet.
    Create,
    /// The file is replaced: the user had not changed it (or it is the generator's own state).
    Update,
    /// The file already has these contents.
    Unchanged,
    /// The user's changes and the generator's were merged cleanly.
    Merge,
    /// The user's changes and the generator's touch the same lines: written with conflict markers.
    Conflict,
    /// The user changed the file and the generator has nothing new for it: left as it is.
    Keep,
    /// The user deleted the file: it stays deleted (`--force` brings it back).
    KeepDeleted,
    /// The generator no longer makes the file and the user had not changed it.
    Delete,
    /// The generator no longer makes the file, but the user changed it: left in place.
    Orphan,
}

impl Action {
    fn label(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Unchanged => "unchanged",
            Action::Merge => "merge",
            Action::Conflict => "conflict",
            Action::Keep => "keep",
            Action::KeepDeleted => "deleted",
            Action::Delete => "delete",
            Action::Orphan => "orphan",
        }
    }

    /// Whether the action writes the file.
    pub(crate) fn writes(self) -> bool {
        matches!(
            self,
            Action::Create | Action::Update | Action::Merge | Action::Conflict
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileOp {
    /// Relative to the plan's root, `/`-separated.
    pub path: String,
    pub action: Action,
    /// What the file will hold (empty for deletions).
    pub contents: String,
    /// What the file holds now, if it exists.
    pub current: Option<String>,
}

impl FileOp {
    /// Whether this is the generator's copy of a generated file (under `.scaffold/base/`):
    /// written with the file, shown in a plan as one line for all of them.
    pub(crate) fn is_base(&self) -> bool {
        self.path.starts_with(crate::state::BASE_DIR)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub root: PathBuf,
    pub ops: Vec<FileOp>,
}

impl Plan {
    /// Compares `files` with what is on disk under `root`: each is created, updated or unchanged.
    pub(crate) fn compute(root: &Path, files: BTreeMap<String, String>) -> Result<Plan, Error> {
        let mut ops = Vec::with_capacity(files.len());
        for (path, contents) in files {
            let current = read_if_exists(&resolve(root, &path)?)?;
            let action = match &current {
                Some(existing) if *existing == contents => Action::Unchanged,
                Some(_) => Action::Update,
                None => Action::Create,
            };
            ops.push(FileOp {
                path,
                action,
                contents,
                current,
            });
        }
        Ok(Plan {
            root: root.to_path_buf(),
            ops,
        })
    }

    /// The operations that change something on disk.
    pub(crate) fn changes(&self) -> impl Iterator<Item = &FileOp> {
        self.ops
            .iter()
            .filter(|op| op.action.writes() || op.action == Action::Delete)
    }

    /// How many of the project's files (not counting the kept bases) get `action`.
    pub(crate) fn count(&self, action: Action) -> usize {
        self.ops
            .iter()
            .filter(|op| op.action == action && !op.is_base())
            .count()
    }

    /// Paths written with conflict markers.
    pub(crate) fn conflicts(&self) -> Vec<&str> {
        self.ops
            .iter()
            .filter(|op| op.action == Action::Conflict)
            .map(|op| op.path.as_str())
            .collect()
    }

    /// A unified diff of every change, for `--dry-run`.
    pub(crate) fn diff(&self) -> String {
        let mut out = String::new();
        for op in self.changes().filter(|op| !op.is_base()) {
            let before = op.current.as_deref().unwrap_or("");
            let after = if op.action == Action::Delete {
                ""
            } else {
                op.contents.as_str()
            };
            let old_name = if op.current.is_some() {
                format!("a/{}", op.path)
            } else {
                "/dev/null".to_owned()
            };
            let new_name = if op.action == Action::Delete {
                "/dev/null".to_owned()
            } else {
                format!("b/{}", op.path)
            };
            out.push_str(
                &TextDiff::from_lines(before, after)
                    .unified_diff()
                    .context_radius(3)
                    .header(&old_name, &new_name)
                    .to_string(),
            );
        }
        out
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for op in self.ops.iter().filter(|op| !op.is_base()) {
            writeln!(f, "{:>9}  {}", op.action.label(), op.path)?;
        }
        let bases = self.ops.iter().filter(|op| op.is_base());
        let written = bases.clone().filter(|op| op.action.writes()).count();
        let deleted = bases.filter(|op| op.action == Action::Delete).count();
        if written + deleted > 0 {
            let counts = if deleted == 0 {
                format!("{written} files")
            } else {
                format!("{written} written, {deleted} deleted")
            };
            writeln!(
                f,
                "{:>9}  {}/ ({counts}: the generated text, the base of later merges)",
                "record",
                crate::state::BASE_DIR
            )?;
        }
        let mut counts = Vec::new();
        for action in [
            Action::Create,
            Action::Update,
            Action::Merge,
            Action::Conflict,
            Action::Delete,
            Action::Keep,
            Action::KeepDeleted,
            Action::Orphan,
        ] {
            let count = self.count(action);
            if count > 0 || matches!(action, Action::Create | Action::Update) {
                counts.push(format!("{count} {}", action.label()));
            }
        }
        counts.push(format!("{} unchanged", self.count(Action::Unchanged)));
        write!(f, "{}", counts.join(", "))
    }
}

/// The file's contents, or `None` when there is no such file.
pub(crate) fn read_if_exists(path: &Path) -> Result<Option<String>, Error> {
    match fs_err::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// `root/path`, refusing any path that would leave `root` (absolute, or with `..`).
pub(crate) fn resolve(root: &Path, path: &str) -> Result<PathBuf, Error> {
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
        std::fs::write(dir.path().join("old.txt"), "old\n").unwrap();
        let files = BTreeMap::from([
            ("new.txt".to_owned(), "new\n".to_owned()),
            ("old.txt".to_owned(), "changed\n".to_owned()),
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
        let diff = plan.diff();
        assert!(diff.contains("--- /dev/null\n+++ b/new.txt\n"), "{diff}");
        assert!(
            diff.contains("--- a/old.txt\n+++ b/old.txt\n@@ -1 +1 @@\n-old\n+changed\n"),
            "{diff}"
        );
        assert!(!diff.contains("same.txt"), "{diff}");
    }
}
