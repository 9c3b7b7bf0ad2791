//! Migrations: the SQL that creates a new project's tables, and the SQL that takes a project from
//! the spec it was last generated from to the current one. Applied migrations are never
//! rewritten: a change always adds new files after the ones already generated.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::ResourceModel;
use super::link::join_tables;
use super::sql::{Table, TableDiff};
use crate::feature::{BuiltinTable, Feature};
use crate::naming;
use crate::spec::Spec;

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MigrationModel {
    pub version: i64,
    pub description: String,
    /// File name under `migrations/`.
    pub file: String,
    /// Its SQL when this run writes it; `None` for a migration generated before (left as is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
}

impl MigrationModel {
    /// What the state remembers of it.
    pub(crate) fn record(&self) -> MigrationModel {
        MigrationModel {
            sql: None,
            ..self.clone()
        }
    }
}

/// Why a spec change cannot be turned into a migration as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    #[error(
        "{what} was removed from the spec: a migration would drop it and every value in it.\n\
         Run again with --allow-drop to write that migration, or put it back in the spec."
    )]
    DropNeedsConsent { what: String },
    #[error(
        "new field `{resource}.{field}` is required but has no default, so existing rows would have no value.\n\
         Give it a `default`, or make it optional (`{field} = \"<type>?\"`), then run again."
    )]
    RequiredWithoutDefault { resource: String, field: String },
}

/// The tables the features of `spec` create themselves, in feature order.
fn builtin_tables(spec: &Spec) -> impl Iterator<Item = &'static BuiltinTable> + '_ {
    Feature::of(spec).flat_map(|feature| feature.info().tables)
}

/// The migrations of a new project: the features' own tables (`users`, with auth), then one
/// table per resource, each after the tables it references.
pub(super) fn initial(spec: &Spec, resources: &[ResourceModel]) -> Vec<MigrationModel> {
    let backend = spec.database.backend;
    let mut migrations = Vec::new();
    for table in builtin_tables(spec) {
        push(
            &mut migrations,
            0,
            &format!("create {}", table.name),
            &format!("create_{}", table.name),
            (table.schema)(spec).create_sql(backend),
        );
    }
    for resource in resources {
        push(
            &mut migrations,
            0,
            &format!("create {}", resource.plural_words),
            &format!("create_{}", resource.table),
            resource.schema.create_sql(backend),
        );
    }
    // Join tables come once both tables they reference exist.
    for link in join_tables(resources) {
        push(
            &mut migrations,
            0,
            &format!("create {}", link.table),
            &format!("create_{}", link.table),
            link.schema.create_sql(backend),
        );
    }
    migrations
}

/// Appends a migration, numbered after the last one and after `taken` (the highest version of a
/// migration added by hand).
fn push(
    migrations: &mut Vec<MigrationModel>,
    taken: i64,
    description: &str,
    stem: &str,
    sql: String,
) {
    let version = migrations.last().map_or(0, |last| last.version).max(taken) + 1;
    migrations.push(MigrationModel {
        version,
        description: description.to_owned(),
        file: format!("{version:04}_{stem}.sql"),
        sql: Some(sql),
    });
}

/// The spec before and after, with their render models (resources in creation order).
pub(super) struct Change<'a> {
    pub old: &'a Spec,
    pub old_resources: &'a [ResourceModel],
    pub new: &'a Spec,
    pub new_resources: &'a [ResourceModel],
}

impl Change<'_> {
    /// The resource of `old` that `new` continues, if any.
    fn old_of(&self, new: &ResourceModel) -> Option<&ResourceModel> {
        self.old_resources.iter().find(|old| old.name == new.name)
    }
}

/// `history`, then the migrations that take the database from `change.old` to `change.new`.
pub(super) fn evolve(
    change: &Change<'_>,
    history: &[MigrationModel],
    taken: i64,
    allow_drop: bool,
) -> Result<Vec<MigrationModel>, MigrationError> {
    let backend = change.new.database.backend;
    let mut migrations: Vec<MigrationModel> = history.iter().map(MigrationModel::record).collect();

    let renamed_tables: BTreeMap<String, String> = change
        .new_resources
        .iter()
        .filter_map(|new| {
            let old = change.old_of(new)?;
            (old.table != new.table).then(|| (old.table.clone(), new.table.clone()))
        })
        .collect();

    // Creates `new`, or brings `old` in line with it.
    let create_or_alter =
        |migrations: &mut Vec<MigrationModel>, old: Option<&Table>, new: &Table| {
            let (verb, sql) = match old {
                None => ("create", Some(new.create_sql(backend))),
                Some(old) => (
                    "alter",
                    TableDiff::new(old, new, &renamed_tables).map(|diff| diff.sql(backend)),
                ),
            };
            if let Some(sql) = sql {
                push(
                    migrations,
                    taken,
                    &format!("{verb} {}", new.name),
                    &format!("{verb}_{}", new.name),
                    sql,
                );
            }
        };
    for table in builtin_tables(change.new) {
        let old = builtin_tables(change.old)
            .find(|old| old.name == table.name)
            .map(|old| (old.schema)(change.old));
        create_or_alter(&mut migrations, old.as_ref(), &(table.schema)(change.new));
    }
    for resource in change.new_resources {
        if change.old_of(resource).is_none() {
            push(
                &mut migrations,
                taken,
                &format!("create {}", resource.plural_words),
                &format!("create_{}", resource.table),
                resource.schema.create_sql(backend),
            );
        }
    }
    for resource in change.new_resources {
        let Some(old) = change.old_of(resource) else {
            continue;
        };
        let Some(diff) = TableDiff::new(&old.schema, &resource.schema, &renamed_tables) else {
            continue;
        };
        if let Some(column) = diff.removed.first()
            && !allow_drop
        {
            return Err(MigrationError::DropNeedsConsent {
                what: format!(
                    "field `{}.{}` (column `{}`)",
                    old.name, column.key, column.name
                ),
            });
        }
        if let Some(column) = diff
            .added
            .iter()
            .find(|c| !c.nullable && c.default.is_none())
        {
            return Err(MigrationError::RequiredWithoutDefault {
                resource: resource.name.clone(),
                field: column.key.clone(),
            });
        }
        push(
            &mut migrations,
            taken,
            &format!("alter {}", resource.plural_words),
            &format!("alter_{}", resource.table),
            diff.sql(backend),
        );
    }
    for link in join_tables(change.new_resources) {
        let old = join_tables(change.old_resources).find(|old| old.table == link.table);
        create_or_alter(&mut migrations, old.map(|old| &old.schema), &link.schema);
    }
    // Drops `table` (`words` in the migration's description) for the reason `why`, when
    // dropping was allowed; `what` names what went in the refusal.
    let drop = |migrations: &mut Vec<MigrationModel>,
                what: String,
                words: &str,
                table: &Table,
                why: &str|
     -> Result<(), MigrationError> {
        if !allow_drop {
            return Err(MigrationError::DropNeedsConsent { what });
        }
        push(
            migrations,
            taken,
            &format!("drop {words}"),
            &format!("drop_{}", table.name),
            table.drop_sql(why, backend),
        );
        Ok(())
    };
    // Join tables go before the tables they reference.
    for old in join_tables(change.old_resources) {
        if join_tables(change.new_resources).any(|new| new.table == old.table) {
            continue;
        }
        drop(
            &mut migrations,
            format!("many-to-many field `{}` (table `{}`)", old.name, old.table),
            &old.table,
            &old.schema,
            &format!("`{}` was removed from the spec.", old.name),
        )?;
    }
    for old in change.old_resources.iter().rev() {
        if change.new_resources.iter().any(|new| new.name == old.name) {
            continue;
        }
        drop(
            &mut migrations,
            format!("resource `{}` (table `{}`)", old.name, old.table),
            &old.plural_words,
            &old.schema,
            &format!("`{}` was removed from the spec.", old.name),
        )?;
    }
    for table in builtin_tables(change.old) {
        if builtin_tables(change.new).any(|new| new.name == table.name) {
            continue;
        }
        drop(
            &mut migrations,
            format!("{} (table `{}`)", table.needed_by, table.name),
            table.name,
            &(table.schema)(change.old),
            &format!("{} was turned off.", naming::capitalize(table.needed_by)),
        )?;
    }
    Ok(migrations)
}
