//! The pipeline every writing command shares: spec source → validated spec → render model →
//! rendered files (plus the spec and the generator's state) → a plan against the disk.
//!
//! A new project is planned file by file against an empty (or `--force`d) directory. An existing
//! project is planned against what the generator wrote last time, as recorded in `.scaffold/`:
//! each file is replaced, kept, merged or marked as a conflict (see [`Plan`] actions).

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;
use crate::merge::{Merged, has_markers, merge};
use crate::model::{MigrationModel, Model};
use crate::plan::{Action, FileOp, Plan, read_if_exists, resolve};
use crate::render;
use crate::spec;
use crate::state::{self, State, fingerprint};

/// The spec file every project keeps at its root.
pub(crate) const SPEC_FILE: &str = "scaffold.toml";

/// A spec, parsed and rendered: everything a project made from it consists of.
#[derive(Debug, Clone)]
pub(crate) struct Generation {
    pub model: Model,
    /// Generated path → contents: the rendered files and `scaffold.toml`.
    pub files: BTreeMap<String, String>,
    /// The spec source, as the snapshot in `.scaffold/` will hold it.
    pub source: String,
}

impl Generation {
    /// Validates `source` (named `origin` in errors) and renders a new project.
    pub(crate) fn new_project(source: &str, origin: &str) -> Result<Generation, Error> {
        let spec = spec::parse(source, origin)?;
        let model = Model::new(&spec);
        Generation::render(model, source, None)
    }

    fn render(model: Model, source: &str, overrides: Option<&Path>) -> Result<Generation, Error> {
        let mut files = render::render(&model, overrides)?;
        let source = with_final_newline(source);
        files.insert(SPEC_FILE.to_owned(), source.clone());
        Ok(Generation {
            model,
            files,
            source,
        })
    }

    /// The generator's own files: the state (fingerprints of `files`, plus `kept`: fingerprints
    /// of files generated before and not rewritten, i.e. earlier migrations) and the spec snapshot.
    fn state_files(&self, kept: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut state = State::of(&self.files, &self.model.migrations);
        state.files.extend(
            kept.iter()
                .map(|(path, print)| (path.clone(), print.clone())),
        );
        let mut files = BTreeMap::from([
            (state::STATE_FILE.to_owned(), state.to_json()),
            (state::SPEC_SNAPSHOT.to_owned(), self.source.clone()),
        ]);
        files.extend(
            self.files
                .iter()
                .filter(|(path, _)| state::keeps_base(path))
                .map(|(path, text)| (state::base_path(path), text.clone())),
        );
        files
    }

    /// What writing this new project under `root` would do.
    pub(crate) fn plan_new(&self, root: &Path) -> Result<Plan, Error> {
        let mut files = self.files.clone();
        files.extend(self.state_files(&BTreeMap::new()));
        Plan::compute(root, files)
    }
}

fn with_final_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

/// How to regenerate an existing project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RegenerateOptions {
    /// Bring back files the user deleted.
    pub force: bool,
    /// Write migrations that drop tables and columns removed from the spec.
    pub allow_drop: bool,
}

/// The highest version among the files in the project's `migrations/` (0 when there are none),
/// so that new migrations are numbered after those added by hand too.
fn highest_migration_on_disk(root: &Path) -> Result<i64, Error> {
    let dir = root.join("migrations");
    if !dir.is_dir() {
        return Ok(0);
    }
    let mut highest = 0;
    for entry in fs_err::read_dir(dir)? {
        let name = entry?.file_name();
        let digits: String = name
            .to_string_lossy()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(version) = digits.parse::<i64>() {
            highest = highest.max(version);
        }
    }
    Ok(highest)
}

/// Plans bringing the project at `root` in line with `source` (its spec, possibly edited in
/// memory by `add`), keeping every change the user made.
pub(crate) fn regenerate(
    root: &Path,
    source: &str,
    options: RegenerateOptions,
) -> Result<(Generation, Plan), Error> {
    let (state, snapshot) = State::load(root)?;
    refuse_unresolved(root, &state)?;
    let snapshot_origin = root.join(state::SPEC_SNAPSHOT).display().to_string();
    let old_spec = spec::parse(&snapshot, &snapshot_origin)?;
    let origin = root.join(SPEC_FILE).display().to_string();
    let new_spec = spec::parse_change(source, &origin, &old_spec)?;

    let model = Model::evolve(
        &old_spec,
        &new_spec,
        &state.migrations,
        highest_migration_on_disk(root)?,
        options.allow_drop,
    )?;
    let overrides = root.join(render::OVERRIDES_DIR);
    let generation = Generation::render(model, source, Some(&overrides))?;
    let base = Bases::new(root, &state, || {
        rebuilt_base(&old_spec, &snapshot, &state.migrations, &overrides)
    });

    let mut ops = Vec::new();
    for (path, theirs) in &generation.files {
        let current = read_if_exists(&resolve(root, path)?)?;
        let recorded = state.files.get(path);
        let (action, contents) = if path == SPEC_FILE {
            // The spec is the user's: written only when a command edits it.
            match &current {
                Some(ours) if ours == theirs => (Action::Unchanged, theirs.clone()),
                _ => (
                    if current.is_some() {
                        Action::Update
                    } else {
                        Action::Create
                    },
                    theirs.clone(),
                ),
            }
        } else {
            decide(
                current.as_deref(),
                recorded.map(String::as_str),
                base.get(path)?.as_deref(),
                theirs,
                options,
            )
        };
        ops.push(FileOp {
            path: path.clone(),
            action,
            contents,
            current,
        });
    }
    // Migrations generated before are never rewritten nor removed.
    let kept: BTreeMap<String, String> = state
        .migrations
        .iter()
        .map(|migration| format!("migrations/{}", migration.file))
        .filter_map(|path| state.files.get(&path).map(|print| (path, print.clone())))
        .collect();
    for (path, recorded) in &state.files {
        if generation.files.contains_key(path) || kept.contains_key(path) {
            continue;
        }
        let current = read_if_exists(&resolve(root, path)?)?;
        let action = match &current {
            None => continue,
            Some(ours) if fingerprint(ours) == *recorded => Action::Delete,
            Some(_) => Action::Orphan,
        };
        ops.push(FileOp {
            path: path.clone(),
            action,
            contents: String::new(),
            current,
        });
    }
    let state_files = generation.state_files(&kept);
    for path in state.files.keys().map(|path| state::base_path(path)) {
        if state_files.contains_key(&path) {
            continue;
        }
        if let Some(current) = read_if_exists(&resolve(root, &path)?)? {
            ops.push(FileOp {
                path,
                action: Action::Delete,
                contents: String::new(),
                current: Some(current),
            });
        }
    }
    ops.extend(Plan::compute(root, state_files)?.ops);
    ops.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((
        generation,
        Plan {
            root: root.to_path_buf(),
            ops,
        },
    ))
}

/// What becomes of one generated file, given the user's copy (`ours`), the fingerprint recorded
/// when it was last generated, the last generated text (`base`, when known) and the new output.
fn decide(
    ours: Option<&str>,
    recorded: Option<&str>,
    base: Option<&str>,
    theirs: &str,
    options: RegenerateOptions,
) -> (Action, String) {
    let Some(ours) = ours else {
        return match recorded {
            Some(_) if !options.force => (Action::KeepDeleted, String::new()),
            _ => (Action::Create, theirs.to_owned()),
        };
    };
    if ours == theirs {
        return (Action::Unchanged, theirs.to_owned());
    }
    if recorded == Some(fingerprint(ours).as_str()) {
        return (Action::Update, theirs.to_owned());
    }
    if base == Some(theirs) {
        return (Action::Keep, ours.to_owned());
    }
    match merge(base, ours, theirs) {
        Merged::Clean(text) if text == ours => (Action::Keep, text),
        Merged::Clean(text) => (Action::Merge, text),
        Merged::Conflict(text) => (Action::Conflict, text),
    }
}

/// Refuses to go on while a generated file holds conflict markers: merging it again would nest
/// them.
fn refuse_unresolved(root: &Path, state: &State) -> Result<(), Error> {
    let mut marked = Vec::new();
    for path in state.files.keys() {
        if let Some(text) = read_if_exists(&resolve(root, path)?)?
            && has_markers(&text)
        {
            marked.push(path.clone());
        }
    }
    if marked.is_empty() {
        Ok(())
    } else {
        Err(Error::UnresolvedConflicts(marked))
    }
}

/// The text of each file as it was last generated: kept under `.scaffold/base/`, or, for a
/// project generated before bases were kept, rebuilt from the spec snapshot by this version of
/// the generator. Either is used only when it matches the fingerprint recorded then.
struct Bases<'a, F> {
    root: &'a Path,
    state: &'a State,
    rebuild: std::cell::OnceCell<BTreeMap<String, String>>,
    make: F,
}

impl<'a, F: Fn() -> Result<BTreeMap<String, String>, Error>> Bases<'a, F> {
    fn new(root: &'a Path, state: &'a State, make: F) -> Self {
        Bases {
            root,
            state,
            rebuild: std::cell::OnceCell::new(),
            make,
        }
    }

    fn get(&self, path: &str) -> Result<Option<String>, Error> {
        let Some(recorded) = self.state.files.get(path) else {
            return Ok(None);
        };
        let matches = |text: &String| fingerprint(text) == *recorded;
        if let Some(text) = read_if_exists(&resolve(self.root, &state::base_path(path))?)?
            && matches(&text)
        {
            return Ok(Some(text));
        }
        if self.rebuild.get().is_none() {
            let _ = self.rebuild.set((self.make)()?);
        }
        Ok(self
            .rebuild
            .get()
            .and_then(|files| files.get(path))
            .filter(|text| matches(text))
            .cloned())
    }
}

/// The files as they were last generated, rebuilt from the spec snapshot and the migrations
/// generated so far (migration files themselves are never regenerated).
fn rebuilt_base(
    old_spec: &spec::Spec,
    snapshot: &str,
    migrations: &[MigrationModel],
    overrides: &Path,
) -> Result<BTreeMap<String, String>, Error> {
    let model = Model::with_migrations(old_spec, migrations);
    Ok(Generation::render(model, snapshot, Some(overrides))?.files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: RegenerateOptions = RegenerateOptions {
        force: false,
        allow_drop: false,
    };

    #[test]
    fn an_untouched_file_takes_the_new_output() {
        let base = "a\n";
        assert_eq!(
            decide(
                Some(base),
                Some(&fingerprint(base)),
                Some(base),
                "b\n",
                OPTIONS
            ),
            (Action::Update, "b\n".into())
        );
    }

    #[test]
    fn a_user_edit_survives_when_the_generator_has_nothing_new() {
        let base = "a\n";
        assert_eq!(
            decide(
                Some("mine\n"),
                Some(&fingerprint(base)),
                Some(base),
                base,
                OPTIONS
            ),
            (Action::Keep, "mine\n".into())
        );
    }

    #[test]
    fn edits_on_both_sides_merge_or_conflict() {
        let base = "1\n2\n3\n4\n5\n";
        let recorded = fingerprint(base);
        let (action, text) = decide(
            Some("1 mine\n2\n3\n4\n5\n"),
            Some(&recorded),
            Some(base),
            "1\n2\n3\n4\n5 new\n",
            OPTIONS,
        );
        assert_eq!(
            (action, text.as_str()),
            (Action::Merge, "1 mine\n2\n3\n4\n5 new\n")
        );
        let (action, text) = decide(
            Some("1 mine\n2\n3\n4\n5\n"),
            Some(&recorded),
            Some(base),
            "1 new\n2\n3\n4\n5\n",
            OPTIONS,
        );
        assert_eq!(action, Action::Conflict);
        assert!(text.contains("1 mine") && text.contains("1 new"), "{text}");
    }

    #[test]
    fn a_deleted_file_stays_deleted_unless_forced() {
        let recorded = fingerprint("a\n");
        assert_eq!(
            decide(None, Some(&recorded), Some("a\n"), "b\n", OPTIONS).0,
            Action::KeepDeleted
        );
        let forced = RegenerateOptions {
            force: true,
            ..OPTIONS
        };
        assert_eq!(
            decide(None, Some(&recorded), Some("a\n"), "b\n", forced).0,
            Action::Create
        );
        assert_eq!(decide(None, None, None, "b\n", OPTIONS).0, Action::Create);
    }
}
