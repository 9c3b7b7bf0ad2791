//! Renders the embedded templates with a [`Model`] into the files of a project.
//!
//! [`manifest`] lists every file a project has and the template it comes from; [`render`] turns
//! that list into contents. Rust sources go through `rustfmt` so that the project passes
//! `cargo fmt --check` as generated.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use include_dir::{Dir, include_dir};

use crate::error::Error;
use crate::model::Model;

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates/project");

/// One file of the project: where it goes and the template that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    pub template: &'static str,
    /// The resource the template is rendered for, if it is a per-resource template.
    pub resource: Option<usize>,
    /// The migration it writes, for migration files.
    pub migration: Option<usize>,
}

/// The files a project made from `model` consists of, in a stable order.
pub(crate) fn manifest(model: &Model) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut add = |path: &str, template: &'static str, resource: Option<usize>| {
        entries.push(Entry {
            path: path.to_owned(),
            template,
            resource,
            migration: None,
        });
    };
    for feature in &model.features {
        let info = feature.info();
        for path in info.files {
            add(path, template_for(path), None);
        }
        for (index, resource) in model.resources.iter().enumerate() {
            for (path, template) in info.per_resource {
                add(&path.replace("{}", &resource.file), template, Some(index));
            }
        }
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

/// The template named after a fixed output path (`src/db.rs` → `src/db.rs.tera`, `.gitignore` →
/// `gitignore.tera`).
fn template_for(path: &str) -> &'static str {
    let name = format!("{}.tera", path.trim_start_matches('.'));
    TEMPLATES
        .get_file(&name)
        .and_then(|file| file.path().to_str())
        .unwrap_or_else(|| panic!("no embedded template {name}"))
}

/// Every embedded template, by name.
pub(crate) fn template_names() -> Vec<&'static str> {
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
pub(crate) const OVERRIDES_DIR: &str = ".scaffold/templates";

/// The text of built-in template `name`.
pub(crate) fn builtin(name: &str) -> Option<&'static str> {
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

/// Renders every file of the project: path → contents, ordered by path.
/// `overrides`: the project's own templates folder, if it may have one.
pub(crate) fn render(
    model: &Model,
    overrides: Option<&Path>,
) -> Result<BTreeMap<String, String>, Error> {
    let tera = engine(overrides)?;
    // The model goes into the context once; each file only sets its own resource and migration.
    let mut context =
        tera::Context::from_serialize(model).map_err(|e| template_error("(model)", &e))?;
    let mut rendered = Vec::new();
    for entry in manifest(model) {
        context.insert("r", &entry.resource.map(|index| &model.resources[index]));
        context.insert("m", &entry.migration.map(|index| &model.migrations[index]));
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

/// Formats every Rust file with `rustfmt` (edition 2024) over a copy of the project's Rust files
/// in a temporary directory: `rustfmt` is given the crate roots and formats the modules they
/// declare. Without a `rustfmt` on the PATH the files stay as rendered.
fn format_rust(rendered: &mut [(Entry, String)]) -> Result<(), Error> {
    let rust: Vec<usize> = (0..rendered.len())
        .filter(|&index| rendered[index].0.path.ends_with(".rs"))
        .collect();
    if rust.is_empty() {
        return Ok(());
    }
    let io = |error: std::io::Error| Error::Template {
        template: "(rustfmt)".to_owned(),
        message: format!("could not prepare the files for rustfmt: {error}"),
    };
    let scratch = tempfile::tempdir().map_err(io)?;
    // An empty configuration, so that no rustfmt.toml around the temporary directory applies.
    std::fs::write(scratch.path().join("rustfmt.toml"), "").map_err(io)?;
    let sources: BTreeMap<&str, &str> = rust
        .iter()
        .map(|&index| (rendered[index].0.path.as_str(), rendered[index].1.as_str()))
        .collect();
    for (path, source) in &sources {
        let path = scratch.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, source).map_err(io)?;
    }
    // One process per crate root: their module trees are disjoint, so they run side by side.
    let children: Vec<_> = crate_roots(&sources)
        .into_iter()
        .map(|root| {
            Command::new("rustfmt")
                .args(["--edition", "2024", "--quiet", root])
                .current_dir(scratch.path())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
        })
        .collect();
    let mut failures = String::new();
    for child in children {
        let Ok(child) = child else {
            // No rustfmt on the PATH: the files stay as rendered.
            return Ok(());
        };
        let output = child.wait_with_output().map_err(io)?;
        if !output.status.success() {
            failures.push_str(&String::from_utf8_lossy(&output.stderr));
        }
    }
    if !failures.is_empty() {
        let message = failures.replace(&format!("{}/", scratch.path().display()), "");
        let template = rust
            .iter()
            .map(|&index| &rendered[index].0)
            .find(|entry| message.contains(&entry.path))
            .map_or("(rustfmt)", |entry| entry.template);
        return Err(Error::Template {
            template: template.to_owned(),
            message: format!("the rendered project is not valid Rust: {}", message.trim()),
        });
    }
    for &index in &rust {
        rendered[index].1 =
            std::fs::read_to_string(scratch.path().join(&rendered[index].0.path)).map_err(io)?;
    }
    Ok(())
}

/// The files among `sources` (path → contents) that no other file declares as a module
/// (`mod name;`): the crate roots, from which `rustfmt` reaches every other file.
fn crate_roots<'a>(sources: &BTreeMap<&'a str, &str>) -> Vec<&'a str> {
    let mut children = std::collections::BTreeSet::new();
    for (&path, source) in sources {
        let (dir, stem) = match path.rsplit_once('/') {
            Some((dir, file)) => (dir, file.trim_end_matches(".rs")),
            None => ("", path.trim_end_matches(".rs")),
        };
        // Where the modules this file declares live.
        let module_dir = match (dir, stem) {
            (dir, "lib" | "main" | "mod") => dir.to_owned(),
            ("", stem) => stem.to_owned(),
            (dir, stem) => format!("{dir}/{stem}"),
        };
        for line in source.lines() {
            let line = line.trim_start();
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub "))
                .unwrap_or(line);
            if let Some(name) = line
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'))
            {
                // `mod r#match;` lives in `match.rs`.
                let name = name.trim();
                let module = Path::new(&module_dir).join(name.strip_prefix("r#").unwrap_or(name));
                children.insert(format!("{}.rs", module.display()));
                children.insert(format!("{}/mod.rs", module.display()));
            }
        }
    }
    sources
        .keys()
        .copied()
        .filter(|path| !children.contains(*path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_a_feature_declares_has_a_template() {
        for feature in crate::feature::Feature::ALL {
            let info = feature.info();
            for path in info.files {
                template_for(path);
            }
            for (_, template) in info.per_resource {
                assert!(builtin(template).is_some(), "{template}");
            }
        }
    }

    #[test]
    fn crate_roots_are_the_files_no_module_declares() {
        let sources = BTreeMap::from([
            ("src/lib.rs", "pub mod api;\nmod db;\n"),
            ("src/main.rs", "fn main() {}\n"),
            ("src/api/mod.rs", "pub mod v1;\n"),
            ("src/api/v1.rs", "pub(crate) mod endpoints;\n"),
            ("src/api/v1/endpoints/mod.rs", "pub mod r#match;\n"),
            ("src/api/v1/endpoints/match.rs", ""),
            ("src/api/v1/endpoints.rs", "// mod not_a_declaration;\n"),
            ("src/db.rs", ""),
            ("tests/api/main.rs", "mod helpers;\n"),
            ("tests/api/helpers.rs", ""),
            ("src/orphan.rs", ""),
        ]);
        assert_eq!(
            crate_roots(&sources),
            [
                "src/lib.rs",
                "src/main.rs",
                "src/orphan.rs",
                "tests/api/main.rs"
            ]
        );
    }
}
