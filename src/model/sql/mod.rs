//! Tables as typed values: what each resource (and the users table) is in the database. New
//! projects print them as `CREATE TABLE`; later changes compare two of them ([`TableDiff`]) and
//! print the difference. Text is made only at the end, per backend, and never read back.

mod diff;
mod query;

pub(crate) use diff::TableDiff;
pub(crate) use query::Statement;

use std::fmt::Write as _;

use crate::naming::quote_sql;
use crate::spec::{Backend, OnDelete};

pub(crate) use crate::kind::SqlType;

/// A constant value in SQL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Literal {
    pub(crate) fn render(&self) -> String {
        match self {
            Literal::Bool(true) => "TRUE".to_owned(),
            Literal::Bool(false) => "FALSE".to_owned(),
            Literal::Int(i) => i.to_string(),
            Literal::Float(f) => format!("{f:?}"),
            Literal::Text(s) => text_literal(s),
        }
    }
}

fn text_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A check on a column's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Check {
    /// The value is one of these.
    OneOf(Vec<String>),
}

/// A reference to the `id` of a row in another table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForeignKey {
    pub table: String,
    pub on_delete: OnDelete,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    /// What identifies the column from one version of the spec to the next: the field's name.
    /// A `ref` field `category` keeps its key when its column `category_id` is renamed.
    pub key: String,
    pub name: String,
    pub ty: SqlType,
    pub nullable: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub check: Option<Check>,
    pub references: Option<ForeignKey>,
    /// The value rows that existed before the column get. The application always writes a
    /// value itself, so `CREATE TABLE` does not declare it.
    pub default: Option<Literal>,
}

impl Column {
    /// A column with no constraint beyond its type and nullability.
    pub(crate) fn new(key: &str, name: &str, ty: SqlType, nullable: bool) -> Column {
        Column {
            key: key.to_owned(),
            name: name.to_owned(),
            ty,
            nullable,
            primary_key: false,
            unique: false,
            check: None,
            references: None,
            default: None,
        }
    }

    /// The `id` primary key every table has.
    pub(crate) fn id() -> Column {
        Column {
            primary_key: true,
            ..Column::new("id", "id", SqlType::Uuid, false)
        }
    }

    /// The column's definition in `CREATE TABLE`, or with `default` in `ADD COLUMN`.
    fn definition(&self, table: &str, backend: Backend, default: bool) -> String {
        let mut sql = format!("{} {}", quote_sql(&self.name), self.ty.render(backend));
        if default && let Some(value) = &self.default {
            write!(sql, " DEFAULT {}", value.render()).expect("writing to a String");
        }
        if self.primary_key {
            sql.push_str(" PRIMARY KEY");
            if self.ty == SqlType::Serial && backend == Backend::Sqlite {
                sql.push_str(" AUTOINCREMENT");
            }
        }
        if !self.nullable {
            sql.push_str(" NOT NULL");
        }
        if self.unique {
            write!(
                sql,
                " CONSTRAINT {} UNIQUE",
                quote_sql(&Constraint::Unique.name(table, &self.name))
            )
            .expect("writing to a String");
        }
        if let Some(check) = &self.check {
            write!(sql, " CHECK ({})", check_sql(&self.name, check)).expect("writing to a String");
        }
        if let Some(key) = &self.references {
            write!(sql, " {}", references_sql(key)).expect("writing to a String");
        }
        sql
    }
}

fn check_sql(column: &str, check: &Check) -> String {
    match check {
        Check::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| text_literal(v)).collect();
            format!("{} IN ({})", quote_sql(column), values.join(", "))
        }
    }
}

fn references_sql(key: &ForeignKey) -> String {
    let action = match key.on_delete {
        OnDelete::Cascade => "CASCADE",
        OnDelete::Restrict => "RESTRICT",
        OnDelete::SetNull => "SET NULL",
    };
    format!(
        "REFERENCES {} (\"id\") ON DELETE {action}",
        quote_sql(&key.table)
    )
}

/// The constraints of a column, named as PostgreSQL names them (`<table>_<column>_<suffix>`),
/// so that later migrations can find them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Constraint {
    PrimaryKey,
    Unique,
    Check,
    ForeignKey,
}

impl Constraint {
    fn name(self, table: &str, column: &str) -> String {
        match self {
            Constraint::PrimaryKey => format!("{table}_pkey"),
            Constraint::Unique => format!("{table}_{column}_key"),
            Constraint::Check => format!("{table}_{column}_check"),
            Constraint::ForeignKey => format!("{table}_{column}_fkey"),
        }
    }
}

/// An index over some columns of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Index {
    pub columns: Vec<String>,
    pub unique: bool,
}

impl Index {
    pub(crate) fn on(column: &str) -> Index {
        Index {
            columns: vec![column.to_owned()],
            unique: false,
        }
    }

    /// An index lists sort `column` by: on it, then on the id, which breaks ties.
    pub(crate) fn sort(column: &str) -> Index {
        Index {
            columns: vec![column.to_owned(), "id".to_owned()],
            unique: false,
        }
    }

    /// `<table>_<columns>_idx`, or `_key` for a unique index (the name of the constraint it
    /// stands in for).
    fn name(&self, table: &str) -> String {
        let suffix = if self.unique { "key" } else { "idx" };
        format!("{table}_{}_{suffix}", self.columns.join("_"))
    }

    fn create_sql(&self, table: &str) -> String {
        let columns: Vec<String> = self.columns.iter().map(|c| quote_sql(c)).collect();
        format!(
            "CREATE {}INDEX {} ON {} ({});\n",
            if self.unique { "UNIQUE " } else { "" },
            quote_sql(&self.name(table)),
            quote_sql(table),
            columns.join(", ")
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub name: String,
    /// What the table holds, for the comment above its `CREATE TABLE`.
    pub comment: String,
    pub columns: Vec<Column>,
    pub indexes: Vec<Index>,
    /// The text columns `?q=` searches, in order; none when lists do not search.
    pub search: Vec<String>,
    /// The columns of a primary key over several (a join table's pair of ids); none when one
    /// column is the key.
    pub key: Vec<String>,
    /// What reads of a row add to its columns from other tables, as `SELECT` items: the linked
    /// ids of each many-to-many relation (`.. AS "tag_ids"`). Not part of the table itself.
    pub selected: Vec<String>,
}

impl Table {
    pub(crate) fn column(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// `CREATE TABLE` and its indexes, with the comment above.
    pub(crate) fn create_sql(&self, backend: Backend) -> String {
        format!(
            "-- {}\n{}{}{}",
            self.comment,
            self.create_table_sql(&self.name, backend),
            self.create_indexes_sql(),
            self.create_search_sql(backend)
        )
    }

    /// `CREATE TABLE` alone, under `name` (constraints are named after the table's own name).
    fn create_table_sql(&self, name: &str, backend: Backend) -> String {
        let mut columns: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("    {}", c.definition(&self.name, backend, false)))
            .collect();
        if backend == Backend::Postgres
            && let Some(column) = self.search_column_sql()
        {
            columns.push(format!("    {column}"));
        }
        if !self.key.is_empty() {
            let key: Vec<String> = self.key.iter().map(|c| quote_sql(c)).collect();
            columns.push(format!("    PRIMARY KEY ({})", key.join(", ")));
        }
        format!(
            "CREATE TABLE {} (\n{}\n);\n",
            quote_sql(name),
            columns.join(",\n")
        )
    }

    fn create_indexes_sql(&self) -> String {
        self.indexes
            .iter()
            .map(|index| index.create_sql(&self.name))
            .collect()
    }

    /// `DROP TABLE`, with why (and on SQLite its search index, which is a table of its own).
    pub(crate) fn drop_sql(&self, why: &str, backend: Backend) -> String {
        let mut sql = format!("-- {why}\nDROP TABLE {};\n", quote_sql(&self.name));
        if backend == Backend::Sqlite && !self.search.is_empty() {
            writeln!(sql, "DROP TABLE {};", quote_sql(&self.search_table()))
                .expect("writing to a String");
        }
        sql
    }

    /// SQLite's search index: an FTS5 table of the searched columns, whose text it reads from
    /// this table by `rowid`.
    fn search_table(&self) -> String {
        format!("{}__search", self.name)
    }

    /// PostgreSQL's search column: the searched columns as a `tsvector`, which the database
    /// keeps up to date itself.
    fn search_column_sql(&self) -> Option<String> {
        if self.search.is_empty() {
            return None;
        }
        let text: Vec<String> = self
            .search
            .iter()
            .map(|column| format!("coalesce({}, '')", quote_sql(column)))
            .collect();
        Some(format!(
            "{} tsvector GENERATED ALWAYS AS (to_tsvector('simple', {})) STORED",
            quote_sql(SEARCH_COLUMN),
            text.join(" || ' ' || ")
        ))
    }

    /// What makes the search index once the table and its search column exist: PostgreSQL's
    /// GIN index on the column; SQLite's FTS5 table and the triggers that keep it in step with
    /// every insert, update and delete. Nothing when lists do not search.
    fn create_search_sql(&self, backend: Backend) -> String {
        if self.search.is_empty() {
            return String::new();
        }
        let table = quote_sql(&self.name);
        let searched: Vec<String> = self.search.iter().map(|c| format!("`{c}`")).collect();
        let comment = format!("-- `?q=` searches {}", searched.join(", "));
        if backend == Backend::Postgres {
            return format!(
                "{comment}: the GIN index of `{SEARCH_COLUMN}`, the text as a `tsvector`.\nCREATE INDEX {} ON {table} USING GIN ({});\n",
                quote_sql(&format!("{}_{SEARCH_COLUMN}_idx", self.name)),
                quote_sql(SEARCH_COLUMN)
            );
        }
        let search = quote_sql(&self.search_table());
        let columns: Vec<String> = self.search.iter().map(|c| quote_sql(c)).collect();
        let columns = columns.join(", ");
        let values = |row: &str| -> String {
            let values: Vec<String> = self
                .search
                .iter()
                .map(|c| format!("{row}.{}", quote_sql(c)))
                .collect();
            format!("{row}.rowid, {}", values.join(", "))
        };
        let insert = format!(
            "    INSERT INTO {search} (rowid, {columns}) VALUES ({});\n",
            values("new")
        );
        let delete = format!(
            "    INSERT INTO {search} ({search}, rowid, {columns}) VALUES ('delete', {});\n",
            values("old")
        );
        let trigger = |event: &str, body: &str| {
            format!(
                "CREATE TRIGGER {} AFTER {} ON {table} BEGIN\n{body}END;\n",
                quote_sql(&format!("{}_{}", self.search_table(), event.to_lowercase())),
                if event == "UPDATE" {
                    format!("UPDATE OF {columns}")
                } else {
                    event.to_owned()
                }
            )
        };
        format!(
            "{comment}: an FTS5 index, which the triggers keep in step with the rows.\n\
             CREATE VIRTUAL TABLE {search} USING fts5({columns}, content={}, content_rowid='rowid');\n{}{}{}",
            text_literal(&self.name),
            trigger("INSERT", &insert),
            trigger("DELETE", &delete),
            trigger("UPDATE", &format!("{delete}{insert}")),
        )
    }

    /// What undoes [`Table::create_search_sql`] and, on PostgreSQL, the search column.
    fn drop_search_sql(&self, backend: Backend) -> String {
        if self.search.is_empty() {
            return String::new();
        }
        if backend == Backend::Postgres {
            return format!(
                "ALTER TABLE {} DROP COLUMN {};\n",
                quote_sql(&self.name),
                quote_sql(SEARCH_COLUMN)
            );
        }
        let mut sql = String::new();
        for event in ["insert", "delete", "update"] {
            writeln!(
                sql,
                "DROP TRIGGER IF EXISTS {};",
                quote_sql(&format!("{}_{event}", self.search_table()))
            )
            .expect("writing to a String");
        }
        writeln!(
            sql,
            "DROP TABLE IF EXISTS {};",
            quote_sql(&self.search_table())
        )
        .expect("writing to a String");
        sql
    }

    /// What adds search to the table as it is, rows included: on PostgreSQL the column (which
    /// the database fills) and its index; on SQLite the FTS5 table, filled from the rows.
    fn add_search_sql(&self, backend: Backend) -> String {
        let Some(column) = self.search_column_sql() else {
            return String::new();
        };
        let mut sql = String::new();
        if backend == Backend::Postgres {
            writeln!(
                sql,
                "ALTER TABLE {} ADD COLUMN {column};",
                quote_sql(&self.name)
            )
            .expect("writing to a String");
        }
        sql.push_str(&self.create_search_sql(backend));
        if backend == Backend::Sqlite {
            let search = quote_sql(&self.search_table());
            writeln!(sql, "INSERT INTO {search} ({search}) VALUES ('rebuild');")
                .expect("writing to a String");
        }
        sql
    }
}

/// The column of a PostgreSQL table that its full-text search reads; no field can be named so.
pub(crate) const SEARCH_COLUMN: &str = "_search";
