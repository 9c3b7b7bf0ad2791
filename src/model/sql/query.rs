//! The statements a resource's `crud` module runs, as typed values made from its [`Table`]. They
//! become Rust only at the end: a `concat!(..)` of one literal per clause, where the table's
//! column list is the `columns!()` macro its module defines once.

use super::Table;
use crate::model::layout::{self, Arg};
use crate::naming::quote_sql;
use crate::spec::Backend;

/// Lines of SQL text in a `concat!` are wrapped at about this width.
const WIDTH: usize = 80;

/// A piece of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// SQL text. A clause begins with a space unless it opens the statement.
    Sql(String),
    /// Every column of the table, in order.
    Columns,
    /// Every column, then the values reads add from other tables ([`Table::selected`]).
    Selected,
}

/// One SQL statement whose values are all bound parameters (`$1`, `$2`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement(Vec<Part>);

impl Statement {
    /// The statement as a Rust expression of type `&'static str`.
    #[cfg(test)]
    pub(crate) fn rust(&self) -> String {
        match self.sql() {
            Arg::Literal(literal) => literal,
            Arg::Concat(pieces) => format!("concat!({})", pieces.join(", ")),
            Arg::List(_) => unreachable!("a statement is one argument"),
        }
    }

    /// The statement as the pieces of a query's argument, for [`crate::model::layout::query`].
    pub(crate) fn sql(&self) -> Arg {
        let mut pieces = Vec::new();
        for part in &self.0 {
            match part {
                Part::Sql(text) => pieces.extend(wrap(text).into_iter().map(literal)),
                Part::Columns => pieces.push("columns!()".to_owned()),
                Part::Selected => pieces.push("selected!()".to_owned()),
            }
        }
        let macros = self.0.contains(&Part::Columns) || self.0.contains(&Part::Selected);
        match pieces.as_slice() {
            [one] if !macros => Arg::Literal(one.clone()),
            _ => Arg::Concat(pieces),
        }
    }

    /// The SQL text, with `columns` for the column list (and for the selected list).
    #[cfg(test)]
    pub(crate) fn text(&self, columns: &str) -> String {
        self.0
            .iter()
            .map(|part| match part {
                Part::Sql(text) => text.as_str(),
                Part::Columns | Part::Selected => columns,
            })
            .collect()
    }
}

impl Table {
    /// The column list, as `columns!()` expands to it.
    pub(crate) fn columns_rust(&self) -> String {
        let list = self
            .columns
            .iter()
            .map(|column| quote_sql(&column.name))
            .collect::<Vec<_>>()
            .join(", ");
        let pieces: Vec<String> = wrap(&list).into_iter().map(literal).collect();
        match pieces.as_slice() {
            [one] => one.clone(),
            // The body of `macro_rules! columns`, two levels deep.
            _ => layout::call(8, "concat!(", &pieces, ")", layout::Args::Macro),
        }
    }

    /// What `selected!()` expands to, where reads add values ([`Table::selected`]): the columns,
    /// then those.
    pub(crate) fn selected_rust(&self) -> Option<String> {
        if self.selected.is_empty() {
            return None;
        }
        let mut pieces = vec!["columns!()".to_owned()];
        for value in &self.selected {
            pieces.push(literal(&format!(", {value}")));
        }
        Some(layout::call(
            8,
            "concat!(",
            &pieces,
            ")",
            layout::Args::Macro,
        ))
    }

    /// What reads return: the columns, and the values added from other tables if any.
    fn read(&self) -> Part {
        if self.selected.is_empty() {
            Part::Columns
        } else {
            Part::Selected
        }
    }

    /// `SELECT` every column of the row whose `id` is `$1`; `lock` keeps it from other writers
    /// until the transaction ends (PostgreSQL: on SQLite the transaction holds the write lock
    /// already).
    pub(crate) fn select_by_id(&self, lock: Option<Backend>) -> Statement {
        let mut parts = vec![
            Part::Sql("SELECT ".to_owned()),
            self.read(),
            Part::Sql(format!(" FROM {}", quote_sql(&self.name))),
            Part::Sql(r#" WHERE "id" = $1"#.to_owned()),
        ];
        if lock == Some(Backend::Postgres) {
            parts.push(Part::Sql(" FOR UPDATE".to_owned()));
        }
        Statement(parts)
    }

    /// `SELECT COUNT(*)` of the rows whose `column` is `$1`.
    pub(crate) fn count(&self, column: &str) -> Statement {
        Statement(vec![Part::Sql(format!(
            "SELECT COUNT(*) FROM {} WHERE {} = $1",
            quote_sql(&self.name),
            quote_sql(column)
        ))])
    }

    /// `INSERT` a row of every column (`$1`, `$2`, ... in order), returning it.
    pub(crate) fn insert(&self) -> Statement {
        let placeholders = (1..=self.columns.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        Statement(vec![
            Part::Sql(format!("INSERT INTO {} (", quote_sql(&self.name))),
            Part::Columns,
            Part::Sql(")".to_owned()),
            Part::Sql(format!(" VALUES ({placeholders})")),
            Part::Sql(" RETURNING ".to_owned()),
            self.read(),
        ])
    }

    /// `UPDATE` the row whose `id` is `$1`: `columns` from `$2` on, returning it.
    pub(crate) fn update(&self, columns: &[&str]) -> Statement {
        let assignments = columns
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{} = ${}", quote_sql(column), i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        Statement(vec![
            Part::Sql(format!("UPDATE {}", quote_sql(&self.name))),
            Part::Sql(format!(" SET {assignments}")),
            Part::Sql(r#" WHERE "id" = $1"#.to_owned()),
            Part::Sql(" RETURNING ".to_owned()),
            self.read(),
        ])
    }

    /// `DELETE` the row whose `id` is `$1`.
    pub(crate) fn delete(&self) -> Statement {
        Statement(vec![Part::Sql(format!(
            r#"DELETE FROM {} WHERE "id" = $1"#,
            quote_sql(&self.name)
        ))])
    }
}

/// `text` in pieces of about [`WIDTH`] characters, cut after a `, `; together they are `text`.
fn wrap(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > WIDTH {
        // Never before the first character: a clause may begin with `, `.
        let cut = rest[1..WIDTH]
            .rfind(", ")
            .or_else(|| rest[1..].find(", "))
            .map(|at| at + 2);
        match cut {
            Some(at) if at < rest.len() => {
                pieces.push(&rest[..at]);
                rest = &rest[at..];
            }
            _ => break,
        }
    }
    pieces.push(rest);
    pieces
}

/// A Rust string literal of `text`: plain unless it holds `"` or `\`.
fn literal(text: &str) -> String {
    if !text.contains(['"', '\\']) {
        return format!("\"{text}\"");
    }
    crate::model::raw_literal(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sql::{Column, SqlType};

    fn table(columns: &[&str]) -> Table {
        Table {
            name: "products".to_owned(),
            comment: String::new(),
            columns: columns
                .iter()
                .map(|name| Column::new(name, name, SqlType::Text, false))
                .collect(),
            indexes: Vec::new(),
            search: Vec::new(),
            key: Vec::new(),
            selected: Vec::new(),
        }
    }

    #[test]
    fn statements_read_as_sql() {
        let t = table(&["id", "name", "owner_id"]);
        let columns = r#""id", "name", "owner_id""#;
        assert_eq!(
            t.select_by_id(Some(Backend::Postgres)).text(columns),
            r#"SELECT "id", "name", "owner_id" FROM "products" WHERE "id" = $1 FOR UPDATE"#
        );
        assert_eq!(
            t.select_by_id(Some(Backend::Sqlite)).text(columns),
            r#"SELECT "id", "name", "owner_id" FROM "products" WHERE "id" = $1"#
        );
        assert_eq!(
            t.insert().text(columns),
            r#"INSERT INTO "products" ("id", "name", "owner_id") VALUES ($1, $2, $3) RETURNING "id", "name", "owner_id""#
        );
        assert_eq!(
            t.update(&["name"]).text(columns),
            r#"UPDATE "products" SET "name" = $2 WHERE "id" = $1 RETURNING "id", "name", "owner_id""#
        );
        assert_eq!(
            t.count("owner_id").text(columns),
            r#"SELECT COUNT(*) FROM "products" WHERE "owner_id" = $1"#
        );
        assert_eq!(
            t.delete().text(columns),
            r#"DELETE FROM "products" WHERE "id" = $1"#
        );
    }

    #[test]
    fn rust_keeps_the_text_and_wraps_long_lists() {
        let names: Vec<String> = (0..20).map(|i| format!("column_{i}")).collect();
        let t = table(&names.iter().map(String::as_str).collect::<Vec<_>>());
        let columns = t.columns_rust();
        // One piece a line, in the macro's body two levels deep.
        assert!(
            columns.starts_with("concat!(\n            r#\"\"column_0\", "),
            "{columns}"
        );
        // Each piece stays near the width, and together they are the list.
        let list = names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        assert_eq!(wrap(&list).concat(), list);
        assert!(wrap(&list).iter().all(|piece| piece.len() <= WIDTH));
        assert_eq!(
            t.delete().rust(),
            r##"r#"DELETE FROM "products" WHERE "id" = $1"#"##
        );
        assert_eq!(
            t.select_by_id(None).rust(),
            r##"concat!("SELECT ", columns!(), r#" FROM "products""#, r#" WHERE "id" = $1"#)"##
        );
    }
}
