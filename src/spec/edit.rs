//! Edits a spec's TOML in place (with `toml_edit`), keeping the user's comments and layout.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::Backend;

/// Values given on the command line that take precedence over the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub name: Option<String>,
    pub backend: Option<Backend>,
    pub auth: Option<bool>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self == &Overrides::default()
    }
}

/// `source` with the overrides written into it. Source that is not valid TOML is returned as is:
/// parsing it reports the error with its location.
pub fn apply_overrides(source: &str, overrides: &Overrides) -> String {
    if overrides.is_empty() {
        return source.to_owned();
    }
    let Ok(mut document) = source.parse::<DocumentMut>() else {
        return source.to_owned();
    };
    if let Some(name) = &overrides.name {
        set(&mut document, "project", "name", name.as_str().into());
    }
    if let Some(backend) = overrides.backend {
        set(
            &mut document,
            "database",
            "backend",
            backend.as_str().into(),
        );
    }
    if let Some(enabled) = overrides.auth {
        set(&mut document, "auth", "enabled", enabled.into());
    }
    document.to_string()
}

/// Sets `[table] key = value`, keeping the comments around an existing value and creating the
/// table (as a `[table]` section) when it is missing.
fn set(document: &mut DocumentMut, table: &str, key: &str, mut value: Value) {
    let table = document
        .entry(table)
        .or_insert_with(|| Item::Table(Table::new()));
    let Some(table) = table.as_table_like_mut() else {
        return;
    };
    if let Some(existing) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = existing.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_keep_comments_and_order() {
        let source = "# my spec\n[project]\nname = \"a\" # the name\n\n[database]\nbackend = \"sqlite\" # db\n";
        let edited = apply_overrides(
            source,
            &Overrides {
                name: Some("b".into()),
                backend: Some(Backend::Postgres),
                auth: Some(false),
            },
        );
        assert!(
            edited.starts_with("# my spec\n[project]\nname = \"b\" # the name\n"),
            "{edited}"
        );
        assert!(edited.contains("backend = \"postgres\" # db"), "{edited}");
        assert!(edited.contains("[auth]\nenabled = false"), "{edited}");
    }

    #[test]
    fn invalid_toml_is_left_for_the_parser_to_report() {
        let source = "[project\nname = 1";
        let overrides = Overrides {
            name: Some("x".into()),
            ..Overrides::default()
        };
        assert_eq!(apply_overrides(source, &overrides), source);
    }
}
