//! `scaffold new <dir>`: a new project from a spec, a preset or the blank spec. On a terminal it
//! asks what the flags leave open; with `--yes` or off a terminal it asks nothing.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::apply::apply;
use crate::error::Error;
use crate::model::operation::Operation;
use crate::pipeline::{Generation, SPEC_FILE};
use crate::plan::{Action, Plan};
use crate::presets;
use crate::prompt::{self, Defaults, Given, Prompter};
use crate::spec::{self, Backend, Overrides, apply_overrides};

#[derive(Debug, Clone, Default)]
pub(crate) struct NewOptions {
    pub dir: PathBuf,
    pub spec: Option<PathBuf>,
    pub preset: Option<String>,
    pub backend: Option<Backend>,
    pub auth: Option<bool>,
    pub git: Option<bool>,
    pub force: bool,
    pub dry_run: bool,
    pub quiet: bool,
    /// Never ask, even on a terminal.
    pub yes: bool,
    /// Write only `scaffold.toml`, to edit before generating.
    pub spec_only: bool,
    /// Run `cargo check` in the new project.
    pub check: bool,
}

/// Whether `new` may ask questions: on a terminal, unless told not to.
pub(crate) fn interactive(options: &NewOptions) -> bool {
    !options.yes
        && !options.dry_run
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
}

pub(crate) fn run(options: &NewOptions, prompter: Option<&mut dyn Prompter>) -> Result<(), Error> {
    let name = project_name(&options.dir)?;
    let (source, origin, spec_chosen) = match (&options.spec, &options.preset) {
        (Some(_), Some(_)) => {
            return Err(Error::Usage(
                "give either --spec or --preset, not both".to_owned(),
            ));
        }
        (Some(path), None) => (
            fs_err::read_to_string(path)?,
            path.display().to_string(),
            true,
        ),
        (None, Some(preset)) => (
            preset_source(preset)?.to_owned(),
            SPEC_FILE.to_owned(),
            true,
        ),
        (None, None) => (presets::blank().to_owned(), SPEC_FILE.to_owned(), false),
    };

    let mut overrides = Overrides {
        // A given spec names its project; a preset or the blank spec is named after the directory.
        name: options.spec.is_none().then_some(name),
        backend: options.backend,
        auth: options.auth,
        ..Overrides::default()
    };
    let mut source = source;
    let mut git = options.git.unwrap_or(false);
    if let Some(prompter) = prompter {
        let given = Given {
            spec_chosen,
            backend: options.backend,
            auth: options.auth,
            git: options.git,
        };
        let answers = {
            let defaults_for = |preset: Option<&str>| {
                defaults(
                    preset
                        .and_then(presets::get)
                        .map_or(source.as_str(), |p| p.source),
                )
            };
            prompt::ask(prompter, &given, &defaults_for)?
        };
        if let Some(preset) = &answers.preset {
            source = preset_source(preset)?.to_owned();
        }
        overrides.description = answers.description;
        overrides.backend = answers.backend;
        overrides.auth = answers.auth;
        overrides.roles = answers.roles;
        git = answers.git;
    }
    let source = apply_overrides(&source, &overrides);

    if !options.force && is_non_empty_dir(&options.dir)? {
        return Err(Error::TargetNotEmpty(options.dir.clone()));
    }
    let progress = Progress::new(options.quiet);
    progress.step("Rendering");
    let mut generation = Generation::new_project(&source, &origin)?;
    let plan = if options.spec_only {
        // Validated above like a full project, so the spec written is one that generates.
        generation.files.retain(|path, _| path == SPEC_FILE);
        Plan::compute(&options.dir, generation.files.clone())?
    } else {
        generation.plan_new(&options.dir)?
    };
    if options.dry_run {
        progress.finish();
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
    progress.step("Writing files");
    let written = apply(&plan)?;
    if git && !options.spec_only {
        progress.step("Initialising git");
        git_init(&options.dir);
    }
    if options.check && !options.spec_only {
        progress.step("Running cargo check");
        cargo_check(&options.dir)?;
    }
    progress.finish();
    if !options.quiet {
        summary(&generation, &options.dir, written, options.spec_only);
    }
    Ok(())
}

fn preset_source(name: &str) -> Result<&'static str, Error> {
    presets::get(name)
        .map(|preset| preset.source)
        .ok_or_else(|| {
            let names: Vec<&str> = presets::all().iter().map(|preset| preset.name).collect();
            Error::Usage(format!(
                "unknown preset `{name}`; presets: {}",
                names.join(", ")
            ))
        })
}

/// The defaults the questions offer for a spec source.
fn defaults(source: &str) -> Defaults {
    match spec::parse(source, SPEC_FILE) {
        Ok(spec) => Defaults {
            description: spec.project.description.unwrap_or_default(),
            backend: spec.database.backend,
            auth: spec.auth.enabled,
            roles: spec.auth.roles,
        },
        Err(_) => Defaults {
            description: String::new(),
            backend: Backend::Sqlite,
            auth: true,
            roles: vec!["admin".to_owned(), "user".to_owned()],
        },
    }
}

/// Steps shown with a spinner on a terminal; nothing otherwise.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(80));
        Progress(Some(bar))
    }

    fn step(&self, message: &'static str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn git_init(dir: &Path) {
    let status = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(dir)
        .status();
    if !status.is_ok_and(|status| status.success()) {
        eprintln!("warning: `git init` failed; the project was generated without a repository");
    }
}

fn cargo_check(dir: &Path) -> Result<(), Error> {
    let output = Command::new("cargo")
        .args(["check", "--quiet"])
        .current_dir(dir)
        .output()?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "`cargo check` failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )))
    }
}

fn summary(generation: &Generation, dir: &Path, written: usize, spec_only: bool) {
    let model = &generation.model;
    let dir = dir.display();
    if spec_only {
        println!("Wrote {dir}/{SPEC_FILE}. Edit it, then generate the project with:");
        println!("  scaffold new {dir} --spec {dir}/{SPEC_FILE} --force");
        return;
    }
    let plural = if model.resources.len() == 1 { "" } else { "s" };
    println!(
        "Created `{}` in {dir}: {written} files, {} resource{plural}, on {}.",
        model.project.name,
        model.resources.len(),
        model.backend.name,
    );
    let prefix = &model.project.api_prefix;
    for resource in &model.resources {
        let mut routes: Vec<&str> = Vec::new();
        for operation in Operation::ALL {
            let action = operation.info().action;
            if operation.access(&resource.actions).enabled && !routes.contains(&action.key()) {
                routes.push(action.key());
            }
        }
        println!("  {prefix}{}  ({})", resource.path, routes.join(", "));
    }
    println!("\nNext:\n  cd {dir}");
    if model.backend.is_postgres {
        println!(
            "  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/{}",
            model.project.crate_name
        );
    }
    println!(
        "  cargo run       # serves http://127.0.0.1:8000, docs at http://127.0.0.1:8000/docs/"
    );
    if model.auth.enabled {
        println!("  ADMIN_PASSWORD=... cargo run -- create-admin --email you@example.com");
        println!("  # sign in: POST {prefix}/auth/token with username=<email>&password=<password>");
    }
    println!("  cargo test");
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
