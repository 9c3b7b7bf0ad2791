//! Renders the embedded templates with a [`Model`] into the files of a project.
//!
//! [`manifest`] lists every file a project has and the template it comes from; [`render`] turns
//! that list into contents. Rust sources go through `rustfmt` so that the project passes
//! `cargo fmt --check` as generated.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use include_dir::{Dir, include_dir};
use serde::Serialize;

use crate::error::Error;
use crate::model::{MigrationModel, Model, ResourceModel};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/project");

/// One file of the project: where it goes and the template that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    pub template: &'static str,
    /// The resource the template is rendered for, if it is a per-resource template.
    pub resource: Option<usize>,
    /// The migration it writes, for migration files.
    pub migration: Option<usize>,
}

/// The files a project made from `model` consists of, in a stable order.
pub fn manifest(model: &Model) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut add = |path: &str, template: &'static str, resource: Option<usize>| {
        entries.push(Entry {
            path: path.to_owned(),
            template,
            resource,
            migration: None,
        });
    };
    let auth = model.auth.enabled;
    add("Cargo.toml", "Cargo.toml.tera", None);
    add("README.md", "README.md.tera", None);
    add(".env.example", "env.example.tera", None);
    add(".gitignore", "gitignore.tera", None);
    for (name, when) in [
        ("main.rs", true),
        ("lib.rs", true),
        ("startup.rs", true),
        ("config.rs", true),
        ("db.rs", true),
        ("error.rs", true),
        ("api/mod.rs", true),
        ("api/extract.rs", true),
        ("api/deps.rs", auth),
        ("api/v1/mod.rs", true),
        ("api/v1/endpoints/mod.rs", true),
        ("api/v1/endpoints/auth.rs", auth),
        ("api/v1/endpoints/users.rs", auth),
        ("schemas/mod.rs", true),
        ("schemas/validation.rs", true),
        ("schemas/auth.rs", auth),
        ("schemas/user.rs", auth),
        ("models/mod.rs", true),
        ("models/user.rs", auth),
        ("crud/mod.rs", true),
        ("crud/user.rs", auth),
        ("core/mod.rs", true),
        ("core/security.rs", auth),
        ("core/rate_limit.rs", auth),
    ] {
        if when {
            add(
                &format!("src/{name}"),
                template_for(&format!("src/{name}")),
                None,
            );
        }
    }
    for (index, resource) in model.resources.iter().enumerate() {
        let file = &resource.file;
        add(
            &format!("src/api/v1/endpoints/{file}.rs"),
            "src/api/v1/endpoints/resource.rs.tera",
            Some(index),
        );
        add(
            &format!("src/schemas/{file}.rs"),
            "src/schemas/resource.rs.tera",
            Some(index),
        );
        add(
            &format!("src/models/{file}.rs"),
            "src/models/resource.rs.tera",
            Some(index),
        );
        add(
            &format!("src/crud/{file}.rs"),
            "src/crud/resource.rs.tera",
            Some(index),
        );
        add(
            &format!("tests/api/{file}.rs"),
            "tests/api/resource.rs.tera",
            Some(index),
        );
    }
    for name in ["main.rs", "helpers.rs", "health.rs", "openapi.rs"] {
        add(
            &format!("tests/api/{name}"),
            template_for(&format!("tests/api/{name}")),
            None,
        );
    }
    if auth {
        add("tests/api/auth.rs", "tests/api/auth.rs.tera", None);
        add("tests/api/security.rs", "tests/api/security.rs.tera", None);
    }
    // Migrations generated before are not written again: applied migrations never change.
    for (index, migration) in model.migrations.iter().enumerate() {
        if migration.sql.is_some() {
            entries.push(Entry {
                path: format!("migrations/{}", migration.file),
                template: "migrations/migration.sql.tera",
                resource: None,
                migration: Some(index),
            });
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}

/// The template named after a fixed output path (`src/db.rs` → `src/db.rs.tera`).
fn template_for(path: &str) -> &'static str {
    let name = format!("{path}.tera");
    TEMPLATES
        .get_file(&name)
        .and_then(|file| file.path().to_str())
        .unwrap_or_else(|| panic!("no embedded template {name}"))
}

/// Every embedded template, by name.
pub fn template_names() -> Vec<&'static str> {
    let mut names = Vec::new();
    collect(&TEMPLATES, &mut names);
    names.sort_unstable();
    names
}

fn collect(dir: &'static Dir<'static>, names: &mut Vec<&'static str>) {
    for file in dir.files() {
        if let Some(name) = file.path().to_str() {
            names.push(name);
        }
    }
    for sub in dir.dirs() {
        collect(sub, names);
    }
}

/// Folder, inside a project, of the templates it overrides (same relative paths as built-ins).
pub const OVERRIDES_DIR: &str = ".scaffold/templates";

/// The text of built-in template `name`.
pub fn builtin(name: &str) -> Option<&'static str> {
    TEMPLATES
        .get_file(name)
        .and_then(|file| file.contents_utf8())
}

/// The templates, each from `overrides` when the project has its own copy.
fn engine(overrides: Option<&Path>) -> Result<tera::Tera, Error> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    let mut sources: Vec<(String, String)> = Vec::new();
    for name in template_names() {
        let own = match overrides {
            Some(dir) => crate::plan::read_if_exists(&dir.join(name))?,
            None => None,
        };
        let text = own.unwrap_or_else(|| builtin(name).unwrap_or_default().to_owned());
        sources.push((name.to_owned(), text));
    }
    // Macro files first, so that templates importing them find them; one at a time, so that a
    // broken template is named in the error.
    sources.sort_by_key(|(name, _)| !name.starts_with("macros"));
    for (name, text) in &sources {
        tera.add_raw_template(name, text)
            .map_err(|error| template_error(name, &error))?;
    }
    Ok(tera)
}

fn template_error(template: &str, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    Error::Template {
        template: template.to_owned(),
        message,
    }
}

#[derive(Serialize)]
struct Context<'a> {
    #[serde(flatten)]
    model: &'a Model,
    r: Option<&'a ResourceModel>,
    m: Option<&'a MigrationModel>,
}

/// Renders every file of the project: path → contents, ordered by path.
/// `overrides`: the project's own templates folder, if it may have one.
pub fn render(model: &Model, overrides: Option<&Path>) -> Result<BTreeMap<String, String>, Error> {
    let tera = engine(overrides)?;
    let mut rendered = Vec::new();
    for entry in manifest(model) {
        let context = Context {
            model,
            r: entry.resource.map(|index| &model.resources[index]),
            m: entry.migration.map(|index| &model.migrations[index]),
        };
        let context = tera::Context::from_serialize(&context)
            .map_err(|e| template_error(entry.template, &e))?;
        let mut text = tera
            .render(entry.template, &context)
            .map_err(|e| template_error(entry.template, &e))?;
        if !entry.path.ends_with(".rs") && !text.ends_with('\n') {
            text.push('\n');
        }
        rendered.push((entry, text));
    }
    format_rust(&mut rendered)?;
    Ok(rendered
        .into_iter()
        .map(|(entry, text)| (entry.path, text))
        .collect())
}

/// Runs `rustfmt` over every Rust file, a few at a time (each is its own process).
fn format_rust(rendered: &mut [(Entry, String)]) -> Result<(), Error> {
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let mut rust: Vec<&mut (Entry, String)> = rendered
        .iter_mut()
        .filter(|(entry, _)| entry.path.ends_with(".rs"))
        .collect();
    let chunk = rust.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rust
            .chunks_mut(chunk)
            .map(|files| {
                scope.spawn(move || -> Result<(), Error> {
                    for (entry, text) in files.iter_mut().map(|item| &mut **item) {
                        *text = rustfmt(text).map_err(|message| Error::Template {
                            template: entry.template.to_owned(),
                            message: format!(
                                "the rendered `{}` is not valid Rust: {message}",
                                entry.path
                            ),
                        })?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|handle| handle.join().expect("the formatting thread does not panic"))
    })
}

/// Formats Rust source with `rustfmt` (edition 2024). Without a `rustfmt` on the PATH the source
/// is returned as rendered.
fn rustfmt(source: &str) -> Result<String, String> {
    let child = Command::new("rustfmt")
        .args(["--edition", "2024", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(_) => return Ok(source.to_owned()),
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(source.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if output.status.success() {
        String::from_utf8(output.stdout).map_err(|e| e.to_string())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
