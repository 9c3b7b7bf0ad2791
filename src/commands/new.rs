//! `scaffold new <dir>`: a new project from a spec (or the built-in default).

use std::path::{Path, PathBuf};

use crate::apply::apply;
use crate::error::Error;
use crate::generate::{Generation, SPEC_FILE};
use crate::plan::{Action, Plan};
use crate::spec::{Backend, Overrides, apply_overrides};

/// The spec used when none is given: one `item` resource.
pub const DEFAULT_SPEC: &str = include_str!("../../presets/default.toml");

#[derive(Debug, Clone)]
pub struct NewOptions {
    pub dir: PathBuf,
    pub spec: Option<PathBuf>,
    pub backend: Option<Backend>,
    pub no_auth: bool,
    pub force: bool,
    pub dry_run: bool,
    pub quiet: bool,
}

pub fn run(options: &NewOptions) -> Result<(), Error> {
    let (source, origin, name) = match &options.spec {
        Some(path) => (
            fs_err::read_to_string(path)?,
            path.display().to_string(),
            None,
        ),
        None => (
            DEFAULT_SPEC.to_owned(),
            SPEC_FILE.to_owned(),
            Some(project_name(&options.dir)?),
        ),
    };
    let overrides = Overrides {
        name,
        backend: options.backend,
        auth: options.no_auth.then_some(false),
    };
    let source = apply_overrides(&source, &overrides);
    let generation = Generation::new_project(&source, &origin)?;

    if !options.force && is_non_empty_dir(&options.dir)? {
        return Err(Error::TargetNotEmpty(options.dir.clone()));
    }
    let plan = generation.plan_new(&options.dir)?;
    if options.dry_run {
        // Show what would change in files that exist already (with --force); new files are listed.
        let existing = Plan {
            root: plan.root.clone(),
            ops: plan
                .ops
                .iter()
                .filter(|op| op.action == Action::Update)
                .cloned()
                .collect(),
        };
        print!("{}", existing.diff());
        println!("{plan}");
        println!("(dry run: nothing was written)");
        return Ok(());
    }
    let written = apply(&plan)?;
    if !options.quiet {
        let dir = options.dir.display();
        let model = &generation.model;
        println!(
            "Created `{}` in {dir}: {written} files, {} resource{} on {}.",
            model.project.name,
            model.resources.len(),
            if model.resources.len() == 1 { "" } else { "s" },
            model.backend.name,
        );
        for resource in &model.resources {
            println!(
                "  {}{}  (list, create, read, replace, update, delete)",
                model.project.api_prefix, resource.path
            );
        }
        println!(
            "\nNext:\n  cd {dir}\n  cargo run      # then open http://127.0.0.1:8000/docs/\n  cargo test"
        );
    }
    Ok(())
}

/// The project name a directory suggests (`path/to/my-api` → `my-api`).
fn project_name(dir: &Path) -> Result<String, Error> {
    let name = dir
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or_else(|| Error::Usage(format!("cannot name a project after `{}`", dir.display())))?;
    Ok(name.to_owned())
}

fn is_non_empty_dir(dir: &Path) -> Result<bool, Error> {
    match fs_err::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error.into()),
    }
}
