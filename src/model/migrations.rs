//! Migrations: the SQL that creates a new project's tables, and the SQL that takes a project from
//! the spec it was last generated from to the current one. Applied migrations are never
//! rewritten: a change always adds new files after the ones already generated.

use serde::{Deserialize, Serialize};

use super::{FieldModel, ResourceModel, field_type};
use crate::naming;
use crate::spec::{Backend, Field, FieldType, Spec};

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationModel {
    pub version: u32,
    pub description: String,
    /// File name under `migrations/`.
    pub file: String,
    /// Its SQL when this run writes it; `None` for a migration generated before (left as is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
}

impl MigrationModel {
    /// What the state remembers of it.
    pub fn record(&self) -> MigrationModel {
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
    #[error(
        "resource `{resource}` changed `owned`: existing rows have no owner to give them (or would lose it).\n\
         Ownership is decided when a resource is created: add a new owned resource instead, or put `owned` back."
    )]
    OwnershipChanged { resource: String },
}

/// The SQL of the users table.
pub fn users_sql(backend: Backend, roles: &[String]) -> String {
    let id = field_type::id_sql(backend);
    let datetime = field_type::datetime_sql(backend);
    let roles: Vec<String> = roles.iter().map(|role| format!("'{role}'")).collect();
    let roles = roles.join(", ");
    format!(
        "-- The `users` table: accounts that can sign in. Emails are stored lower-cased.\n\
         CREATE TABLE \"users\" (\n    \
         \"id\" {id} PRIMARY KEY NOT NULL,\n    \
         \"email\" TEXT NOT NULL CONSTRAINT \"users_email_key\" UNIQUE,\n    \
         \"hashed_password\" TEXT NOT NULL,\n    \
         \"full_name\" TEXT,\n    \
         \"role\" TEXT NOT NULL CHECK (\"role\" IN ({roles})),\n    \
         \"is_active\" BOOLEAN NOT NULL,\n    \
         \"created_at\" {datetime} NOT NULL,\n    \
         \"updated_at\" {datetime} NOT NULL\n);\n"
    )
}

/// Allows exactly `roles` in `users.role`. Users whose role was removed keep it until an admin
/// changes it; the migration refuses to run while any remain, so that none is left invalid.
fn roles_sql(backend: Backend, roles: &[String]) -> String {
    let list: Vec<String> = roles.iter().map(|role| format!("'{role}'")).collect();
    let list = list.join(", ");
    match backend {
        Backend::Postgres => format!(
            "-- The roles changed: `users.role` accepts {list}.\n\
             ALTER TABLE \"users\" DROP CONSTRAINT IF EXISTS \"users_role_check\";\n\
             ALTER TABLE \"users\" ADD CONSTRAINT \"users_role_check\" CHECK (\"role\" IN ({list}));\n"
        ),
        Backend::Sqlite => {
            let users = users_sql(backend, roles)
                .replace("CREATE TABLE \"users\"", "CREATE TABLE \"users__new\"");
            let body = users
                .split_once('\n')
                .map_or(users.as_str(), |(_, rest)| rest)
                .to_owned();
            let columns = "\"id\", \"email\", \"hashed_password\", \"full_name\", \"role\", \"is_active\", \"created_at\", \"updated_at\"";
            format!(
                "-- no-transaction\n\
                 -- The roles changed: rebuild `users` so that `role` accepts {list} \
                 (https://www.sqlite.org/lang_altertable.html#otheralter).\n\
                 PRAGMA foreign_keys = OFF;\nBEGIN;\n{body}\
                 INSERT INTO \"users__new\" ({columns}) SELECT {columns} FROM \"users\";\n\
                 DROP TABLE \"users\";\n\
                 ALTER TABLE \"users__new\" RENAME TO \"users\";\n\
                 COMMIT;\nPRAGMA foreign_keys = ON;\n"
            )
        }
    }
}

/// `CREATE TABLE` (and its indexes) for a resource, under `name`.
fn create_table(resource: &ResourceModel, name: &str) -> String {
    let mut sql = format!("CREATE TABLE {} (\n", naming::quote_sql(name));
    sql.push_str(
        &resource
            .column_defs
            .iter()
            .map(|line| format!("    {line}"))
            .collect::<Vec<_>>()
            .join(",\n"),
    );
    sql.push_str("\n);\n");
    for index in &resource.index_defs {
        sql.push_str(index);
        sql.push('\n');
    }
    sql
}

fn create_migration(resource: &ResourceModel) -> String {
    format!(
        "-- The `{}` table: {}.\n{}",
        resource.table,
        resource.plural_words,
        create_table(resource, &resource.table)
    )
}

/// The migrations of a new project: the users table (with auth), then one table per resource,
/// each after the tables it references.
pub fn initial(spec: &Spec, resources: &[ResourceModel]) -> Vec<MigrationModel> {
    let mut migrations = Vec::new();
    if spec.auth.enabled {
        push(
            &mut migrations,
            "create users",
            "create_users",
            users_sql(spec.database.backend, &spec.auth.roles),
        );
    }
    for resource in resources {
        push(
            &mut migrations,
            &format!("create {}", resource.plural_words),
            &format!("create_{}", resource.table),
            create_migration(resource),
        );
    }
    migrations
}

fn push(migrations: &mut Vec<MigrationModel>, description: &str, stem: &str, sql: String) {
    let version = migrations.last().map_or(1, |last| last.version + 1);
    migrations.push(MigrationModel {
        version,
        description: description.to_owned(),
        file: format!("{version:04}_{stem}.sql"),
        sql: Some(sql),
    });
}

/// The spec before and after, with their render models (resources in creation order).
pub struct Change<'a> {
    pub old: &'a Spec,
    pub old_resources: &'a [ResourceModel],
    pub new: &'a Spec,
    pub new_resources: &'a [ResourceModel],
}

/// `history`, then the migrations that take the database from `change.old` to `change.new`.
pub fn evolve(
    change: &Change<'_>,
    history: &[MigrationModel],
    allow_drop: bool,
) -> Result<Vec<MigrationModel>, MigrationError> {
    let backend = change.new.database.backend;
    let mut migrations: Vec<MigrationModel> = history.iter().map(MigrationModel::record).collect();

    if change.new.auth.enabled && !change.old.auth.enabled {
        push(
            &mut migrations,
            "create users",
            "create_users",
            users_sql(backend, &change.new.auth.roles),
        );
    } else if change.new.auth.enabled && change.old.auth.roles != change.new.auth.roles {
        push(
            &mut migrations,
            "change roles",
            "alter_users_roles",
            roles_sql(backend, &change.new.auth.roles),
        );
    }
    for resource in change.new_resources {
        if let Some(old) = change
            .old_resources
            .iter()
            .find(|old| old.name == resource.name)
            && old.owned != resource.owned
        {
            return Err(MigrationError::OwnershipChanged {
                resource: resource.name.clone(),
            });
        }
    }
    for resource in change.new_resources {
        if !change
            .old_resources
            .iter()
            .any(|old| old.name == resource.name)
        {
            push(
                &mut migrations,
                &format!("create {}", resource.plural_words),
                &format!("create_{}", resource.table),
                create_migration(resource),
            );
        }
    }
    for resource in change.new_resources {
        let Some(old) = change
            .old_resources
            .iter()
            .find(|old| old.name == resource.name)
        else {
            continue;
        };
        let old_spec = find(change.old, &resource.name);
        let new_spec = find(change.new, &resource.name);
        if let Some(sql) = alter(old, old_spec, resource, new_spec, backend, allow_drop)? {
            push(
                &mut migrations,
                &format!("alter {}", resource.plural_words),
                &format!("alter_{}", resource.table),
                sql,
            );
        }
    }
    for old in change.old_resources.iter().rev() {
        if !change.new_resources.iter().any(|new| new.name == old.name) {
            if !allow_drop {
                return Err(MigrationError::DropNeedsConsent {
                    what: format!("resource `{}` (table `{}`)", old.name, old.table),
                });
            }
            push(
                &mut migrations,
                &format!("drop {}", old.plural_words),
                &format!("drop_{}", old.table),
                format!(
                    "-- `{}` was removed from the spec.\nDROP TABLE {};\n",
                    old.name, old.table_sql
                ),
            );
        }
    }
    if change.old.auth.enabled && !change.new.auth.enabled {
        if !allow_drop {
            return Err(MigrationError::DropNeedsConsent {
                what: "authentication (table `users`)".to_owned(),
            });
        }
        push(
            &mut migrations,
            "drop users",
            "drop_users",
            "DROP TABLE \"users\";\n".to_owned(),
        );
    }
    Ok(migrations)
}

fn find<'a>(spec: &'a Spec, name: &str) -> &'a crate::spec::Resource {
    spec.resources
        .iter()
        .find(|r| r.name == name)
        .expect("the resource is in its spec")
}

fn field_pair<'a>(
    resource: &'a crate::spec::Resource,
    models: &'a [FieldModel],
    name: &str,
) -> Option<(&'a Field, &'a FieldModel)> {
    resource
        .fields
        .iter()
        .zip(models)
        .find(|(field, _)| field.name == name)
}

/// The SQL that turns table `old` into `new`, or `None` when the columns did not change.
fn alter(
    old: &ResourceModel,
    old_spec: &crate::spec::Resource,
    new: &ResourceModel,
    new_spec: &crate::spec::Resource,
    backend: Backend,
    allow_drop: bool,
) -> Result<Option<String>, MigrationError> {
    let removed: Vec<&Field> = old_spec
        .fields
        .iter()
        .filter(|f| !new_spec.fields.iter().any(|n| n.name == f.name))
        .collect();
    let added: Vec<(&Field, &FieldModel)> = new_spec
        .fields
        .iter()
        .zip(&new.fields)
        .filter(|(f, _)| !old_spec.fields.iter().any(|o| o.name == f.name))
        .collect();
    if let Some(field) = removed.first()
        && !allow_drop
    {
        return Err(MigrationError::DropNeedsConsent {
            what: format!(
                "field `{}.{}` (column `{}`)",
                old.name,
                field.name,
                column_name(field)
            ),
        });
    }
    for (field, _) in &added {
        if !field.optional && field.default.is_none() {
            return Err(MigrationError::RequiredWithoutDefault {
                resource: new.name.clone(),
                field: field.name.clone(),
            });
        }
    }
    let changed: Vec<(&str, &FieldModel, &FieldModel)> = new_spec
        .fields
        .iter()
        .zip(&new.fields)
        .filter_map(|(field, model)| {
            let (_, old_model) = field_pair(old_spec, &old.fields, &field.name)?;
            let old_def = old
                .column_defs
                .iter()
                .find(|d| d.starts_with(&format!("{} ", old_model.column_sql)));
            let new_def = new
                .column_defs
                .iter()
                .find(|d| d.starts_with(&format!("{} ", model.column_sql)));
            (old_def != new_def || old_model.column_sql != model.column_sql).then_some((
                field.name.as_str(),
                old_model,
                model,
            ))
        })
        .collect();
    let renamed = old.table != new.table;
    let indexes_changed =
        rename_table_in(&old.index_defs, &old.table, &new.table) != new.index_defs;
    if removed.is_empty() && added.is_empty() && changed.is_empty() && !renamed && !indexes_changed
    {
        return Ok(None);
    }

    let mut sql = format!("-- Bring `{}` in line with the spec.\n", new.table);
    if renamed {
        sql.push_str(&format!(
            "ALTER TABLE {} RENAME TO {};\n",
            old.table_sql, new.table_sql
        ));
    }
    let simple_sqlite = changed.is_empty()
        && removed.is_empty()
        && added
            .iter()
            .all(|(f, _)| !matches!(f.ty, FieldType::Ref { .. }) || f.optional);
    match backend {
        Backend::Sqlite if !simple_sqlite => {
            return Ok(Some(rebuild_sqlite(old, new_spec, new, renamed)));
        }
        Backend::Sqlite => {
            for (field, model) in &added {
                let mut definition = column_definition(new, model);
                let unique = field.unique;
                if unique {
                    definition = strip_unique(&definition);
                }
                sql.push_str(&format!(
                    "ALTER TABLE {} ADD COLUMN {};\n",
                    new.table_sql,
                    with_default(&definition, field)
                ));
                if unique {
                    sql.push_str(&format!(
                        "CREATE UNIQUE INDEX {} ON {} ({});\n",
                        naming::quote_sql(&format!("{}_{}_key", new.table, model.json_name)),
                        new.table_sql,
                        model.column_sql
                    ));
                }
            }
        }
        Backend::Postgres => {
            for field in &removed {
                sql.push_str(&format!(
                    "ALTER TABLE {} DROP COLUMN {};\n",
                    new.table_sql,
                    naming::quote_sql(&column_name(field))
                ));
            }
            for (field, model) in &added {
                sql.push_str(&format!(
                    "ALTER TABLE {} ADD COLUMN {};\n",
                    new.table_sql,
                    with_default(&column_definition(new, model), field)
                ));
            }
            for (name, old_model, model) in &changed {
                let old_field = old_spec
                    .fields
                    .iter()
                    .find(|f| f.name == *name)
                    .expect("present");
                let new_field = new_spec
                    .fields
                    .iter()
                    .find(|f| f.name == *name)
                    .expect("present");
                sql.push_str(&alter_postgres_column(
                    new, old_field, old_model, new_field, model,
                ));
            }
        }
    }
    let old_indexes = rename_table_in(&old.index_defs, &old.table, &new.table);
    for index in &old_indexes {
        if !new.index_defs.contains(index)
            && let Some(name) = index_name(index)
        {
            sql.push_str(&format!("DROP INDEX IF EXISTS {name};\n"));
        }
    }
    for index in &new.index_defs {
        if !old_indexes.contains(index) {
            sql.push_str(index);
            sql.push('\n');
        }
    }
    Ok(Some(sql))
}

/// The column name of a field (`category` → `category_id` for refs).
fn column_name(field: &Field) -> String {
    match field.ty {
        FieldType::Ref { .. } => format!("{}_id", field.name),
        _ => field.name.clone(),
    }
}

fn column_definition(resource: &ResourceModel, model: &FieldModel) -> String {
    resource
        .column_defs
        .iter()
        .find(|d| d.starts_with(&format!("{} ", model.column_sql)))
        .cloned()
        .expect("every field has a column")
}

fn strip_unique(definition: &str) -> String {
    match definition.find(" CONSTRAINT ") {
        Some(start) => {
            let rest = &definition[start..];
            let end = rest
                .find(" UNIQUE")
                .map_or(rest.len(), |i| i + " UNIQUE".len());
            format!("{}{}", &definition[..start], &rest[end..])
        }
        None => definition.to_owned(),
    }
}

/// A column definition with the field's default, so that existing rows get a value.
fn with_default(definition: &str, field: &Field) -> String {
    let Some(default) = &field.default else {
        return definition.to_owned();
    };
    let literal = sql_literal(default, &field.ty);
    match definition.find(" NOT NULL") {
        Some(at) => format!(
            "{} DEFAULT {literal}{}",
            &definition[..at],
            &definition[at..]
        ),
        None => format!("{definition} DEFAULT {literal}"),
    }
}

fn sql_literal(value: &crate::spec::Value, ty: &FieldType) -> String {
    use crate::spec::Value;
    match (value, ty) {
        (Value::Bool(b), _) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        (Value::Int(i), _) => i.to_string(),
        (Value::Float(f), _) => format!("{f:?}"),
        (Value::String(s), _) => format!("'{}'", s.replace('\'', "''")),
        (Value::Json(j), _) => format!("'{}'", j.to_string().replace('\'', "''")),
    }
}

fn index_name(definition: &str) -> Option<&str> {
    let rest = definition
        .strip_prefix("CREATE INDEX ")
        .or_else(|| definition.strip_prefix("CREATE UNIQUE INDEX "))?;
    rest.split(" ON ").next()
}

fn rename_table_in(lines: &[String], old: &str, new: &str) -> Vec<String> {
    if old == new {
        return lines.to_vec();
    }
    lines
        .iter()
        .map(|line| line.replace(&format!("\"{old}"), &format!("\"{new}")))
        .collect()
}

/// PostgreSQL statements for one changed column.
fn alter_postgres_column(
    table: &ResourceModel,
    old: &Field,
    old_model: &FieldModel,
    new: &Field,
    model: &FieldModel,
) -> String {
    let t = &table.table_sql;
    let c = &model.column_sql;
    let mut sql = String::new();
    if old_model.column_sql != model.column_sql {
        sql.push_str(&format!(
            "ALTER TABLE {t} RENAME COLUMN {} TO {c};\n",
            old_model.column_sql
        ));
    }
    let new_def = column_definition(table, model);
    let sql_type = new_def[c.len() + 1..]
        .split(" NOT NULL")
        .next()
        .unwrap_or_default();
    let sql_type = sql_type.split(" CONSTRAINT").next().unwrap_or_default();
    let sql_type = sql_type.split(" CHECK").next().unwrap_or_default();
    let sql_type = sql_type
        .split(" REFERENCES")
        .next()
        .unwrap_or_default()
        .trim();
    if std::mem::discriminant(&old.ty) != std::mem::discriminant(&new.ty)
        || old.max_length != new.max_length
    {
        sql.push_str(&format!(
            "ALTER TABLE {t} ALTER COLUMN {c} TYPE {sql_type} USING {c}::{sql_type};\n"
        ));
    }
    if old.optional != new.optional {
        let change = if new.optional {
            "DROP NOT NULL"
        } else {
            "SET NOT NULL"
        };
        sql.push_str(&format!("ALTER TABLE {t} ALTER COLUMN {c} {change};\n"));
    }
    let key = naming::quote_sql(&format!("{}_{}_key", table.table, model.json_name));
    if old.unique != new.unique {
        if new.unique {
            sql.push_str(&format!(
                "ALTER TABLE {t} ADD CONSTRAINT {key} UNIQUE ({c});\n"
            ));
        } else {
            sql.push_str(&format!(
                "ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {key};\n"
            ));
        }
    }
    if old.ty != new.ty {
        let check = naming::quote_sql(&format!("{}_{}_check", table.table, model.json_name));
        if matches!(old.ty, FieldType::Enum(_)) {
            sql.push_str(&format!(
                "ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {check};\n"
            ));
        }
        if let FieldType::Enum(values) = &new.ty {
            let list: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
            sql.push_str(&format!(
                "ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IN ({}));\n",
                list.join(", ")
            ));
        }
        let fkey = naming::quote_sql(&format!("{}_{}_fkey", table.table, model.json_name));
        if matches!(old.ty, FieldType::Ref { .. }) {
            sql.push_str(&format!(
                "ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {fkey};\n"
            ));
        }
        if matches!(new.ty, FieldType::Ref { .. })
            && let Some(references) = new_def.find(" REFERENCES ").map(|at| &new_def[at + 1..])
        {
            sql.push_str(&format!(
                "ALTER TABLE {t} ADD CONSTRAINT {fkey} FOREIGN KEY ({c}) {references};\n"
            ));
        }
    }
    if sql.is_empty() {
        sql.push_str(&format!(
            "-- `{}`: no change to the column itself.\n",
            model.json_name
        ));
    }
    sql
}

/// SQLite cannot change a column in place: the documented procedure builds the new table, copies
/// the rows, drops the old table and renames the new one
/// (<https://www.sqlite.org/lang_altertable.html#otheralter>). Foreign keys are off meanwhile so
/// that dropping the old table does not cascade, hence no surrounding transaction.
fn rebuild_sqlite(
    old: &ResourceModel,
    new_spec: &crate::spec::Resource,
    new: &ResourceModel,
    renamed: bool,
) -> String {
    let staging = format!("{}__new", new.table);
    let source = if renamed {
        &new.table_sql
    } else {
        &old.table_sql
    };
    let mut columns = vec!["\"id\"".to_owned()];
    let mut values = vec!["\"id\"".to_owned()];
    if new.owned && old.owned {
        columns.push("\"owner_id\"".to_owned());
        values.push("\"owner_id\"".to_owned());
    }
    for (field, model) in new_spec.fields.iter().zip(&new.fields) {
        columns.push(model.column_sql.clone());
        let existed = old.fields.iter().any(|f| f.column_sql == model.column_sql);
        values.push(if existed {
            model.column_sql.clone()
        } else if let Some(default) = &field.default {
            sql_literal(default, &field.ty)
        } else {
            "NULL".to_owned()
        });
    }
    columns.extend(["\"created_at\"".to_owned(), "\"updated_at\"".to_owned()]);
    values.extend(["\"created_at\"".to_owned(), "\"updated_at\"".to_owned()]);
    let mut create = create_table(new, &staging);
    // Indexes are created once the table has its final name.
    let indexes = create.split_off(create.find(");\n").map_or(create.len(), |at| at + 3));
    let mut sql = String::from("-- no-transaction\n");
    sql.push_str(&format!(
        "-- Rebuild `{}`: SQLite cannot alter these columns in place \
         (https://www.sqlite.org/lang_altertable.html#otheralter).\n",
        new.table
    ));
    if renamed {
        sql.push_str(&format!(
            "ALTER TABLE {} RENAME TO {};\n",
            old.table_sql, new.table_sql
        ));
    }
    sql.push_str("PRAGMA foreign_keys = OFF;\nBEGIN;\n");
    sql.push_str(&create);
    sql.push_str(&format!(
        "INSERT INTO {} ({}) SELECT {} FROM {source};\n",
        naming::quote_sql(&staging),
        columns.join(", "),
        values.join(", ")
    ));
    sql.push_str(&format!("DROP TABLE {source};\n"));
    sql.push_str(&format!(
        "ALTER TABLE {} RENAME TO {};\n",
        naming::quote_sql(&staging),
        new.table_sql
    ));
    sql.push_str(&indexes);
    sql.push_str("COMMIT;\nPRAGMA foreign_keys = ON;\n");
    sql
}
