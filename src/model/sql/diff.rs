//! What changed between two versions of a table, and the SQL that makes that change on each
//! backend.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Check, Column, Constraint, ForeignKey, Index, Table, check_sql, references_sql};
use crate::naming::quote_sql;
use crate::spec::Backend;

const SQLITE_ALTER_DOCS: &str = "https://www.sqlite.org/lang_altertable.html#otheralter";

/// The difference between a table as it was and as it is now.
#[derive(Debug)]
pub(crate) struct TableDiff<'a> {
    old: &'a Table,
    new: &'a Table,
    /// Columns of `new` that `old` did not have.
    pub added: Vec<&'a Column>,
    /// Columns of `old` that `new` no longer has.
    pub removed: Vec<&'a Column>,
    /// Columns in both, as (old, new), changed or not.
    kept: Vec<(&'a Column, &'a Column)>,
    /// Whether any kept column changed.
    columns_changed: bool,
    dropped_indexes: Vec<&'a Index>,
    created_indexes: Vec<&'a Index>,
    /// Indexes in both (by columns), whose names follow the table's.
    kept_indexes: Vec<&'a Index>,
    /// Whether the search index is made anew: what it covers changed, or the table's name.
    search_changed: bool,
    renamed_tables: &'a BTreeMap<String, String>,
}

impl<'a> TableDiff<'a> {
    /// The difference from `old` to `new`, or `None` when there is none. `renamed_tables` maps
    /// the old name of every table renamed in the same change to its new name: a foreign key
    /// to a renamed table is not a change, since both backends follow the rename.
    pub(crate) fn new(
        old: &'a Table,
        new: &'a Table,
        renamed_tables: &'a BTreeMap<String, String>,
    ) -> Option<TableDiff<'a>> {
        let added: Vec<&Column> = new
            .columns
            .iter()
            .filter(|c| old.column(&c.key).is_none())
            .collect();
        let removed: Vec<&Column> = old
            .columns
            .iter()
            .filter(|c| new.column(&c.key).is_none())
            .collect();
        let kept: Vec<(&Column, &Column)> = new
            .columns
            .iter()
            .filter_map(|c| Some((old.column(&c.key)?, c)))
            .collect();
        let columns_changed = kept
            .iter()
            .any(|(old, new)| !same_shape(&follow_renames(old, renamed_tables), new));
        let dropped_indexes: Vec<&Index> = old
            .indexes
            .iter()
            .filter(|i| !new.indexes.contains(i))
            .collect();
        let created_indexes: Vec<&Index> = new
            .indexes
            .iter()
            .filter(|i| !old.indexes.contains(i))
            .collect();
        let kept_indexes: Vec<&Index> = new
            .indexes
            .iter()
            .filter(|i| old.indexes.contains(i))
            .collect();
        let search_changed = (!old.search.is_empty() || !new.search.is_empty())
            && (old.search != new.search
                || old.name != new.name
                || kept
                    .iter()
                    .any(|(was, now)| old.search.contains(&was.name) && !same_shape(was, now)));
        let diff = TableDiff {
            old,
            new,
            added,
            removed,
            kept,
            columns_changed,
            dropped_indexes,
            created_indexes,
            kept_indexes,
            search_changed,
            renamed_tables,
        };
        let unchanged = !diff.renamed()
            && diff.added.is_empty()
            && diff.removed.is_empty()
            && !diff.columns_changed
            && diff.dropped_indexes.is_empty()
            && diff.created_indexes.is_empty()
            && !diff.search_changed;
        (!unchanged).then_some(diff)
    }

    pub(crate) fn renamed(&self) -> bool {
        self.old.name != self.new.name
    }

    /// The statements that make the change, on `backend`.
    pub(crate) fn sql(&self, backend: Backend) -> String {
        match backend {
            Backend::Postgres => self.postgres(),
            Backend::Sqlite if self.sqlite_in_place() => self.sqlite_in_place_sql(),
            Backend::Sqlite => self.sqlite_rebuild(),
        }
    }

    fn rename_sql(&self) -> String {
        if self.renamed() {
            format!(
                "ALTER TABLE {} RENAME TO {};\n",
                quote_sql(&self.old.name),
                quote_sql(&self.new.name)
            )
        } else {
            String::new()
        }
    }

    fn postgres(&self) -> String {
        let table = quote_sql(&self.new.name);
        let mut sql = format!("-- Bring `{}` in line with the spec.\n", self.new.name);
        sql.push_str(&self.rename_sql());
        // The search column depends on the columns it reads: it goes first, and comes back
        // last.
        if self.search_changed {
            sql.push_str(&self.search_renamed_old().drop_search_sql(Backend::Postgres));
        }
        for column in &self.removed {
            writeln!(
                sql,
                "ALTER TABLE {table} DROP COLUMN {};",
                quote_sql(&column.name)
            )
            .expect("writing to a String");
        }
        for column in &self.added {
            writeln!(
                sql,
                "ALTER TABLE {table} ADD COLUMN {};",
                column.definition(&self.new.name, Backend::Postgres, true)
            )
            .expect("writing to a String");
        }
        for (old, new) in &self.kept {
            sql.push_str(&self.alter_postgres_column(old, new));
        }
        for index in &self.kept_indexes {
            let (from, to) = (index.name(&self.old.name), index.name(&self.new.name));
            if from != to {
                writeln!(
                    sql,
                    "ALTER INDEX {} RENAME TO {};",
                    quote_sql(&from),
                    quote_sql(&to)
                )
                .expect("writing to a String");
            }
        }
        self.index_changes(&mut sql);
        if self.search_changed {
            sql.push_str(&self.new.add_search_sql(Backend::Postgres));
        }
        sql
    }

    /// The old table under its new name (a rename comes first), for dropping its search.
    /// SQLite's search triggers and table keep their old names: on SQLite it is `old` as it is.
    fn search_renamed_old(&self) -> Table {
        Table {
            name: self.new.name.clone(),
            ..self.old.clone()
        }
    }

    /// `DROP INDEX` for every index that went, `CREATE INDEX` for every new one.
    fn index_changes(&self, sql: &mut String) {
        for index in &self.dropped_indexes {
            writeln!(
                sql,
                "DROP INDEX IF EXISTS {};",
                quote_sql(&index.name(&self.old.name))
            )
            .expect("writing to a String");
        }
        for index in &self.created_indexes {
            sql.push_str(&index.create_sql(&self.new.name));
        }
    }

    /// PostgreSQL statements that turn column `old` into `new`: constraints that go or change
    /// are dropped before the type changes, and added after it.
    fn alter_postgres_column(&self, old: &Column, new: &Column) -> String {
        let old = &follow_renames(old, self.renamed_tables);
        let table = quote_sql(&self.new.name);
        let column = quote_sql(&new.name);
        let mut sql = String::new();
        if old.name != new.name {
            writeln!(
                sql,
                "ALTER TABLE {table} RENAME COLUMN {} TO {column};",
                quote_sql(&old.name)
            )
            .expect("writing to a String");
        }
        let changes: Vec<ConstraintChange> = [
            Constraint::Unique,
            Constraint::Check,
            Constraint::ForeignKey,
            Constraint::PrimaryKey,
        ]
        .into_iter()
        .filter_map(|kind| {
            let body = |c: &Column| constraint_body(kind, c);
            ConstraintChange::new(
                kind.name(&self.old.name, &old.name),
                body(old),
                kind.name(&self.new.name, &new.name),
                body(new),
            )
        })
        .collect();
        for change in &changes {
            if let ConstraintChange::Drop(name) | ConstraintChange::Replace { old: name, .. } =
                change
            {
                writeln!(
                    sql,
                    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {};",
                    quote_sql(name)
                )
                .expect("writing to a String");
            }
        }
        if old.ty != new.ty {
            let ty = new.ty.render(Backend::Postgres);
            writeln!(
                sql,
                "ALTER TABLE {table} ALTER COLUMN {column} TYPE {ty} USING {column}::{ty};"
            )
            .expect("writing to a String");
        }
        if old.nullable != new.nullable {
            let change = if new.nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            };
            writeln!(sql, "ALTER TABLE {table} ALTER COLUMN {column} {change};")
                .expect("writing to a String");
        }
        for change in &changes {
            match change {
                ConstraintChange::Add { name, body }
                | ConstraintChange::Replace {
                    new: (name, body), ..
                } => writeln!(
                    sql,
                    "ALTER TABLE {table} ADD CONSTRAINT {} {body};",
                    quote_sql(name)
                ),
                ConstraintChange::Rename { old, new } => writeln!(
                    sql,
                    "ALTER TABLE {table} RENAME CONSTRAINT {} TO {};",
                    quote_sql(old),
                    quote_sql(new)
                ),
                ConstraintChange::Drop(_) => Ok(()),
            }
            .expect("writing to a String");
        }
        sql
    }

    /// SQLite alters a table in place only to rename it and to add columns that have no
    /// `UNIQUE` (an index stands in for it) and no foreign key unless nullable.
    fn sqlite_in_place(&self) -> bool {
        !self.columns_changed
            && self.removed.is_empty()
            && self
                .added
                .iter()
                .all(|c| c.references.is_none() || c.nullable)
    }

    fn sqlite_in_place_sql(&self) -> String {
        let table = quote_sql(&self.new.name);
        let mut sql = format!("-- Bring `{}` in line with the spec.\n", self.new.name);
        if self.search_changed {
            sql.push_str(&self.old.drop_search_sql(Backend::Sqlite));
        }
        sql.push_str(&self.rename_sql());
        for column in &self.added {
            let plain = Column {
                unique: false,
                ..(*column).clone()
            };
            writeln!(
                sql,
                "ALTER TABLE {table} ADD COLUMN {};",
                plain.definition(&self.new.name, Backend::Sqlite, true)
            )
            .expect("writing to a String");
            if column.unique {
                let index = Index {
                    columns: vec![column.name.clone()],
                    unique: true,
                };
                sql.push_str(&index.create_sql(&self.new.name));
            }
        }
        // SQLite keeps an index's name when its table is renamed, and cannot rename an index.
        for index in &self.kept_indexes {
            if self.renamed() {
                writeln!(
                    sql,
                    "DROP INDEX IF EXISTS {};",
                    quote_sql(&index.name(&self.old.name))
                )
                .expect("writing to a String");
                sql.push_str(&index.create_sql(&self.new.name));
            }
        }
        self.index_changes(&mut sql);
        if self.search_changed {
            sql.push_str(&self.new.add_search_sql(Backend::Sqlite));
        }
        sql
    }

    /// SQLite cannot change a column in place: the documented procedure builds the new table,
    /// copies the rows, drops the old table and renames the new one. Foreign keys are off
    /// meanwhile so that dropping the old table does not cascade, hence no surrounding
    /// transaction.
    fn sqlite_rebuild(&self) -> String {
        let table = quote_sql(&self.new.name);
        let staging = format!("{}__new", self.new.name);
        let mut columns = Vec::new();
        let mut values = Vec::new();
        for column in &self.new.columns {
            columns.push(quote_sql(&column.name));
            values.push(match self.old.column(&column.key) {
                Some(old) if old.name == column.name => quote_sql(&column.name),
                _ => column
                    .default
                    .as_ref()
                    .map_or_else(|| "NULL".to_owned(), |value| value.render()),
            });
        }
        let mut sql = String::from("-- no-transaction\n");
        writeln!(
            sql,
            "-- Rebuild `{}`: SQLite cannot alter these columns in place ({SQLITE_ALTER_DOCS}).",
            self.new.name
        )
        .expect("writing to a String");
        // The search index reads rows by `rowid`, which copying the rows changes: it is made
        // anew from the copied rows.
        sql.push_str(&self.old.drop_search_sql(Backend::Sqlite));
        sql.push_str(&self.rename_sql());
        sql.push_str("PRAGMA foreign_keys = OFF;\nBEGIN;\n");
        sql.push_str(&self.new.create_table_sql(&staging, Backend::Sqlite));
        writeln!(
            sql,
            "INSERT INTO {} ({}) SELECT {} FROM {table};",
            quote_sql(&staging),
            columns.join(", "),
            values.join(", ")
        )
        .expect("writing to a String");
        writeln!(sql, "DROP TABLE {table};").expect("writing to a String");
        writeln!(
            sql,
            "ALTER TABLE {} RENAME TO {table};",
            quote_sql(&staging)
        )
        .expect("writing to a String");
        // Dropping the old table dropped its indexes: every index is made anew.
        sql.push_str(&self.new.create_indexes_sql());
        sql.push_str(&self.new.add_search_sql(Backend::Sqlite));
        sql.push_str("COMMIT;\nPRAGMA foreign_keys = ON;\n");
        sql
    }
}

/// `column` with its foreign key pointing at the new name of a renamed table.
fn follow_renames(column: &Column, renamed_tables: &BTreeMap<String, String>) -> Column {
    let references = column.references.as_ref().map(|key| ForeignKey {
        table: renamed_tables.get(&key.table).unwrap_or(&key.table).clone(),
        on_delete: key.on_delete,
    });
    Column {
        references,
        ..column.clone()
    }
}

/// Whether two versions of a column are the same in the database. Defaults are not part of
/// it: the application writes every value itself.
fn same_shape(old: &Column, new: &Column) -> bool {
    Column {
        default: None,
        ..old.clone()
    } == Column {
        default: None,
        ..new.clone()
    }
}

/// A column's constraint of one kind, when it has one: what it enforces (the same for a column
/// that was only renamed) and how `ADD CONSTRAINT` spells it.
fn constraint_body(kind: Constraint, column: &Column) -> Option<(String, String)> {
    let name = quote_sql(&column.name);
    match kind {
        Constraint::PrimaryKey => column
            .primary_key
            .then(|| (String::new(), format!("PRIMARY KEY ({name})"))),
        Constraint::Unique => column
            .unique
            .then(|| (String::new(), format!("UNIQUE ({name})"))),
        Constraint::Check => column.check.as_ref().map(|check| {
            let Check::OneOf(values) = check;
            (
                values.join("\n"),
                format!("CHECK ({})", check_sql(&column.name, check)),
            )
        }),
        Constraint::ForeignKey => column.references.as_ref().map(|key| {
            (
                references_sql(key),
                format!("FOREIGN KEY ({name}) {}", references_sql(key)),
            )
        }),
    }
}

/// What becomes of one constraint of a column.
enum ConstraintChange {
    Add { name: String, body: String },
    Drop(String),
    Replace { old: String, new: (String, String) },
    Rename { old: String, new: String },
}

impl ConstraintChange {
    /// Each body is what the constraint enforces, and its SQL.
    fn new(
        old_name: String,
        old_body: Option<(String, String)>,
        new_name: String,
        new_body: Option<(String, String)>,
    ) -> Option<ConstraintChange> {
        match (old_body, new_body) {
            (None, None) => None,
            (Some(_), None) => Some(ConstraintChange::Drop(old_name)),
            (None, Some((_, body))) => Some(ConstraintChange::Add {
                name: new_name,
                body,
            }),
            (Some((old, _)), Some((new, _))) if old == new => {
                (old_name != new_name).then_some(ConstraintChange::Rename {
                    old: old_name,
                    new: new_name,
                })
            }
            (Some(_), Some((_, body))) => Some(ConstraintChange::Replace {
                old: old_name,
                new: (new_name, body),
            }),
        }
    }
}
