//! Renders the embedded templates with a [`Model`] into the files of a project.
//!
//! [`manifest`] lists every file a project has and the template it comes from; [`render`] turns
//! that list into contents. No formatter runs: the templates and the model (`model::layout`)
//! already print Rust as `rustfmt` would, so the bytes depend on the spec and the scaffold
//! version only, and the project passes `cargo fmt --check` as generated.

use std::collections::BTreeMap;
use std::path::Path;

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
    /// The job the template is rendered for, if it is a per-job template.
    pub job: Option<usize>,
    /// The migration it writes, for migration files.
    pub migration: Option<usize>,
}

/// The files a project made from `model` consists of, in a stable order.
pub(crate) fn manifest(model: &Model) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut add = |path: &str, template: &'static str, resource: Option<usize>, job| {
        entries.push(Entry {
            path: path.to_owned(),
            template,
            resource,
            job,
            migration: None,
        });
    };
    for feature in &model.features {
        let info = feature.info();
        for path in info.files {
            add(path, template_for(path), None, None);
        }
        for (index, resource) in model.resources.iter().enumerate() {
            for (path, template) in info.per_resource {
                add(
                    &path.replace("{}", &resource.file),
                    template,
                    Some(index),
                    None,
                );
            }
        }
        for (index, job) in model.jobs.list.iter().enumerate() {
            for (path, template) in info.per_job {
                add(&path.replace("{}", &job.file), template, None, Some(index));
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
                job: None,
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
        context.insert("j", &entry.job.map(|index| &model.jobs.list[index]));
        let mut text = tera
            .render(entry.template, &context)
            .map_err(|e| template_error(entry.template, &e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        rendered.push((entry.path, text));
    }
    Ok(rendered.into_iter().collect())
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
            for (_, template) in info.per_resource.iter().chain(info.per_job) {
                assert!(builtin(template).is_some(), "{template}");
            }
        }
    }
}
