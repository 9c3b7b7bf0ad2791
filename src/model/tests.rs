//! Tests of the render model: the type table, derived test values, SQL and names.

use regex::Regex;
use serde_json::json;

use super::*;
use crate::spec::parse;
use crate::spec::samples::{invalid_values, valid_values};

fn model(resources: &str, backend: &str) -> Model {
    let source =
        format!("[project]\nname = \"shop\"\n\n[database]\nbackend = \"{backend}\"\n\n{resources}");
    Model::new(&parse(&source, "scaffold.toml").expect("valid spec"))
}

fn field(model: &Model, resource: &str, name: &str) -> FieldModel {
    let resource = model
        .resources
        .iter()
        .find(|r| r.name == resource)
        .expect("resource");
    resource
        .fields
        .iter()
        .find(|f| f.name == name)
        .expect("field")
        .clone()
}

#[test]
fn every_type_has_a_rust_type_and_sql_per_backend() {
    let all = "[resources.t]\nfields.a = \"string\"\nfields.b = \"text\"\nfields.c = \"int\"\nfields.d = \"bigint\"\n\
        fields.e = \"float\"\nfields.f = \"bool\"\nfields.g = \"uuid\"\nfields.h = \"date\"\nfields.i = \"datetime\"\n\
        fields.j = \"json\"\nfields.k = \"email\"\nfields.l = \"url\"\nfields.m = { type = \"enum\", values = [\"x\", \"y\"] }\n\
        fields.n = { type = \"ref\", to = \"t\", optional = true }\n\
        fields.o = { type = \"string\", max_length = 9 }\nfields.p = { type = \"text\", max_length = 9 }\n\
        fields.q = { type = \"time\", default = \"08:30\" }\n\
        fields.r = { type = \"decimal\", precision = 10, scale = 2 }\nfields.s = \"decimal?\"\n";
    let sqlite = model(all, "sqlite");
    let postgres = model(all, "postgres");
    let expected = [
        ("a", "String", "\"a\" TEXT NOT NULL", "\"a\" TEXT NOT NULL"),
        (
            "q",
            "NaiveTime",
            "\"q\" TIME NOT NULL",
            "\"q\" TIME NOT NULL",
        ),
        (
            "o",
            "String",
            "\"o\" TEXT NOT NULL",
            "\"o\" VARCHAR(9) NOT NULL",
        ),
        ("p", "String", "\"p\" TEXT NOT NULL", "\"p\" TEXT NOT NULL"),
        (
            "c",
            "i32",
            "\"c\" INTEGER NOT NULL",
            "\"c\" INTEGER NOT NULL",
        ),
        ("d", "i64", "\"d\" BIGINT NOT NULL", "\"d\" BIGINT NOT NULL"),
        (
            "e",
            "f64",
            "\"e\" REAL NOT NULL",
            "\"e\" DOUBLE PRECISION NOT NULL",
        ),
        ("g", "Uuid", "\"g\" BLOB NOT NULL", "\"g\" UUID NOT NULL"),
        (
            "h",
            "NaiveDate",
            "\"h\" DATE NOT NULL",
            "\"h\" DATE NOT NULL",
        ),
        (
            "i",
            "DateTime<Utc>",
            "\"i\" DATETIME NOT NULL",
            "\"i\" TIMESTAMPTZ NOT NULL",
        ),
        (
            "j",
            "serde_json::Value",
            "\"j\" TEXT NOT NULL",
            "\"j\" JSONB NOT NULL",
        ),
        (
            "m",
            "TM",
            "\"m\" TEXT NOT NULL CHECK (\"m\" IN ('x', 'y'))",
            "\"m\" TEXT NOT NULL CHECK (\"m\" IN ('x', 'y'))",
        ),
    ];
    let columns = |model: &Model| -> Vec<String> {
        model.resources[0]
            .schema
            .create_sql(model_backend(model))
            .lines()
            .map(|line| line.trim().trim_end_matches(',').to_owned())
            .collect()
    };
    for (name, rust, sqlite_sql, postgres_sql) in expected {
        assert_eq!(field(&sqlite, "t", name).rust_type, rust, "{name}");
        assert!(
            columns(&sqlite).contains(&sqlite_sql.to_owned()),
            "{name}: {:?}",
            columns(&sqlite)
        );
        assert!(
            columns(&postgres).contains(&postgres_sql.to_owned()),
            "{name}: {:?}",
            columns(&postgres)
        );
    }
    let reference = field(&postgres, "t", "n");
    assert_eq!(reference.json_name, "n_id");
    assert_eq!(reference.rust_type, "Option<Uuid>");
    assert!(
        columns(&postgres)
            .contains(&"\"n_id\" UUID REFERENCES \"ts\" (\"id\") ON DELETE RESTRICT".to_owned())
    );
}

#[test]
fn keywords_become_raw_identifiers_and_sql_names_are_quoted() {
    let model = model(
        "[resources.match]\nplural = \"matches\"\nfields.type = \"string\"\nfields.order = \"int\"\n",
        "sqlite",
    );
    let resource = &model.resources[0];
    assert_eq!(resource.module, "r#match");
    assert_eq!(resource.file, "match");
    assert_eq!(field(&model, "match", "type").ident, "r#type");
    assert_eq!(field(&model, "match", "type").json_name, "type");
    assert_eq!(
        resource.sql.columns,
        r###"r#""id", "type", "order", "created_at", "updated_at""#"###
    );
    assert_eq!(
        resource.sql.insert,
        r###"sqlx::query_as::<_, Match>(concat!(
        r#"INSERT INTO "matches" ("#,
        columns!(),
        ")",
        " VALUES ($1, $2, $3, $4, $5)",
        " RETURNING ",
        columns!()
    ))
    .bind(Uuid::now_v7())
    .bind(&input.r#type)
    .bind(input.order)
    .bind(now)
    .bind(now)
    .fetch_one(pool)
    .await"###
    );
    assert!(
        resource
            .sql
            .update
            .contains(r###"r#" SET "type" = $2, "order" = $3, "updated_at" = $4"#,"###),
        "{}",
        resource.sql.update
    );
}

#[test]
fn resources_come_after_what_they_reference_and_migrations_follow() {
    let model = model(
        "[resources.review]\nfields.product = { type = \"ref\", to = \"product\" }\n\n\
         [resources.product]\nfields.name = \"string\"\n",
        "sqlite",
    );
    let names: Vec<_> = model.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["product", "review"]);
    let files: Vec<_> = model.migrations.iter().map(|m| m.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "0001_create_users.sql",
            "0002_create_products.sql",
            "0003_create_reviews.sql"
        ]
    );
}

fn spec_field(definition: &str) -> crate::spec::Field {
    let source = format!("[project]\nname = \"x\"\n\n[resources.t]\nfields.f = {definition}\n");
    parse(&source, "scaffold.toml").expect("valid").resources[0].fields[0].clone()
}

#[test]
fn derived_values_satisfy_every_constraint() {
    let cases = [
        r#"{ type = "string", pattern = "^[A-Z]{2}-[0-9]{3}$" }"#,
        r#"{ type = "string", min_length = 3, max_length = 3, pattern = "^[a-z]+$" }"#,
        r#"{ type = "string", min_length = 30 }"#,
        r#"{ type = "string", max_length = 2 }"#,
        r#"{ type = "email", max_length = 40 }"#,
    ];
    for definition in cases {
        let field = spec_field(definition);
        let values = valid_values(&field).expect("values");
        assert!(values.len() >= 4, "{definition}: {values:?}");
        let mut unique = values.clone();
        unique.dedup();
        assert_eq!(
            unique.len(),
            values.len(),
            "{definition}: duplicates in {values:?}"
        );
        for value in &values {
            let text = value.as_str().expect("a string");
            let length = text.chars().count() as u32;
            assert!(
                field.min_length.is_none_or(|min| length >= min),
                "{definition}: {text}"
            );
            assert!(
                field.max_length.is_none_or(|max| length <= max),
                "{definition}: {text}"
            );
            if let Some(pattern) = &field.pattern {
                assert!(
                    Regex::new(pattern).unwrap().is_match(text),
                    "{definition}: {text}"
                );
            }
        }
    }
}

#[test]
fn derived_numbers_stay_in_range_and_floats_stay_floats() {
    let ints = valid_values(&spec_field(r#"{ type = "int", min = -3, max = 2 }"#)).unwrap();
    assert!(
        ints.iter().all(|v| (-3..=2).contains(&v.as_i64().unwrap())),
        "{ints:?}"
    );
    assert_eq!(ints.len(), 6);
    let floats = valid_values(&spec_field(r#"{ type = "float", min = 0.0, max = 1.0 }"#)).unwrap();
    assert!(
        floats
            .iter()
            .all(|v| v.is_f64() && (0.0..=1.0).contains(&v.as_f64().unwrap())),
        "{floats:?}"
    );
}

#[test]
fn an_example_comes_first() {
    let values = valid_values(&spec_field(
        r#"{ type = "string", example = "AB-123", pattern = "^[A-Z0-9-]+$" }"#,
    ));
    assert_eq!(values.unwrap()[0], json!("AB-123"));
}

#[test]
fn invalid_values_break_one_rule_each() {
    let field =
        spec_field(r#"{ type = "string", min_length = 2, max_length = 4, pattern = "^[a-z]+$" }"#);
    let cases = invalid_values(&field);
    let kinds: Vec<_> = cases.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            "string_too_short",
            "string_too_long",
            "string_pattern_mismatch",
            "type_error"
        ]
    );
    let mismatch = cases[2].value.as_str().unwrap();
    assert!(
        (2..=4).contains(&mismatch.chars().count()),
        "only the pattern may fail: {mismatch}"
    );
    assert!(!Regex::new("^[a-z]+$").unwrap().is_match(mismatch));

    let number = invalid_values(&spec_field(r#"{ type = "int", min = 1, max = 5 }"#));
    let values: Vec<_> = number.iter().map(|c| (c.value.clone(), c.kind)).collect();
    assert_eq!(
        values,
        [
            (json!(0), "greater_than_equal"),
            (json!(6), "less_than_equal"),
            (json!("not a number"), "type_error"),
            (json!(1.5), "value_error")
        ]
    );
}

fn model_backend(model: &Model) -> Backend {
    if model.backend.is_sqlite {
        Backend::Sqlite
    } else {
        Backend::Postgres
    }
}

/// The SQL of the migrations that take a project from `old` to `new` (resources only).
fn evolve_sql(old: &str, new: &str, backend: &str) -> String {
    let spec = |resources: &str| {
        let source = format!(
            "[project]\nname = \"shop\"\n\n[database]\nbackend = \"{backend}\"\n\n{resources}"
        );
        parse(&source, "scaffold.toml").expect("valid spec")
    };
    let model = Model::evolve(&spec(old), &spec(new), &[], 0, true).expect("model");
    model
        .migrations
        .iter()
        .filter_map(|m| m.sql.clone())
        .collect()
}

#[test]
fn renaming_a_table_renames_its_indexes_and_only_them() {
    // `tags_count` starts with the old table name: it must keep its name.
    let old = "[resources.tag]\nfields.tags_count = { type = \"int\", index = true }\n";
    let new = "[resources.tag]\nplural = \"labels\"\nfields.tags_count = { type = \"int\", index = true }\n";
    let postgres = evolve_sql(old, new, "postgres");
    assert_eq!(
        postgres,
        "-- Bring `labels` in line with the spec.\n\
         ALTER TABLE \"tags\" RENAME TO \"labels\";\n\
         ALTER TABLE \"labels\" RENAME CONSTRAINT \"tags_pkey\" TO \"labels_pkey\";\n\
         ALTER INDEX \"tags_tags_count_idx\" RENAME TO \"labels_tags_count_idx\";\n"
    );
    let sqlite = evolve_sql(old, new, "sqlite");
    assert_eq!(
        sqlite,
        "-- Bring `labels` in line with the spec.\n\
         ALTER TABLE \"tags\" RENAME TO \"labels\";\n\
         DROP INDEX IF EXISTS \"tags_tags_count_idx\";\n\
         CREATE INDEX \"labels_tags_count_idx\" ON \"labels\" (\"tags_count\");\n"
    );
}

#[test]
fn a_reference_to_a_renamed_table_is_not_a_change() {
    let old = "[resources.tag]\nfields.name = { type = \"string\", unique = true }\n\n\
               [resources.item]\nfields.tag = { type = \"ref\", to = \"tag\" }\n";
    let new = old.replace(
        "[resources.tag]\n",
        "[resources.tag]\nplural = \"labels\"\n",
    );
    for backend in ["sqlite", "postgres"] {
        let sql = evolve_sql(old, &new, backend);
        assert!(!sql.contains("items"), "{backend}: {sql}");
    }
    let postgres = evolve_sql(old, &new, "postgres");
    assert!(
        postgres.contains(
            "ALTER TABLE \"labels\" RENAME CONSTRAINT \"tags_name_key\" TO \"labels_name_key\";\n"
        ),
        "{postgres}"
    );
}

#[test]
fn a_reference_to_another_table_replaces_the_foreign_key() {
    let old = "[resources.tag]\nfields.name = \"string\"\n\n[resources.shelf]\nfields.name = \"string\"\n\n\
               [resources.item]\nfields.place = { type = \"ref\", to = \"tag\" }\n";
    let new = old.replace("to = \"tag\"", "to = \"shelf\"");
    let postgres = evolve_sql(old, &new, "postgres");
    assert_eq!(
        postgres,
        "-- Bring `items` in line with the spec.\n\
         ALTER TABLE \"items\" DROP CONSTRAINT IF EXISTS \"items_place_id_fkey\";\n\
         ALTER TABLE \"items\" ADD CONSTRAINT \"items_place_id_fkey\" FOREIGN KEY (\"place_id\") \
         REFERENCES \"shelves\" (\"id\") ON DELETE RESTRICT;\n"
    );
    let sqlite = evolve_sql(old, &new, "sqlite");
    assert!(
        sqlite.starts_with("-- no-transaction\n-- Rebuild `items`"),
        "{sqlite}"
    );
    assert!(sqlite.contains("REFERENCES \"shelves\""), "{sqlite}");
}

#[test]
fn a_check_goes_before_the_type_changes() {
    let old = "[resources.item]\nfields.size = { type = \"enum\", values = [\"s\", \"m\"] }\n";
    let new = "[resources.item]\nfields.size = \"int\"\n";
    assert_eq!(
        evolve_sql(old, new, "postgres"),
        "-- Bring `items` in line with the spec.\n\
         ALTER TABLE \"items\" DROP CONSTRAINT IF EXISTS \"items_size_check\";\n\
         ALTER TABLE \"items\" ALTER COLUMN \"size\" TYPE INTEGER USING \"size\"::INTEGER;\n"
    );
}

#[test]
fn a_changed_default_alone_needs_no_migration() {
    let old = "[resources.item]\nfields.stock = { type = \"int\", default = 0 }\n";
    let new = "[resources.item]\nfields.stock = { type = \"int\", default = 5 }\n";
    for backend in ["sqlite", "postgres"] {
        assert_eq!(evolve_sql(old, new, backend), "", "{backend}");
    }
}

#[test]
fn search_comes_with_its_index_and_goes_with_its_table() {
    let old = "[resources.item]\nfields.title = \"string\"\n";
    let new = "[resources.item]\nfields.title = \"string\"\nsearch = [\"title\"]\n";
    assert_eq!(
        evolve_sql(old, new, "postgres"),
        "-- Bring `items` in line with the spec.\n\
         ALTER TABLE \"items\" ADD COLUMN \"_search\" tsvector GENERATED ALWAYS AS \
         (to_tsvector('simple', coalesce(\"title\", ''))) STORED;\n\
         -- `?q=` searches `title`: the GIN index of `_search`, the text as a `tsvector`.\n\
         CREATE INDEX \"items__search_idx\" ON \"items\" USING GIN (\"_search\");\n"
    );
    let sqlite = evolve_sql(old, new, "sqlite");
    assert!(
        sqlite.contains(
            "CREATE VIRTUAL TABLE \"items__search\" USING fts5(\"title\", content='items', \
             content_rowid='rowid');\n"
        ),
        "{sqlite}"
    );
    // The rows there are go into the new index.
    assert!(
        sqlite.ends_with("INSERT INTO \"items__search\" (\"items__search\") VALUES ('rebuild');\n"),
        "{sqlite}"
    );
    let dropped = evolve_sql(
        new,
        "[resources.other]\nfields.name = \"string\"\n",
        "sqlite",
    );
    assert!(
        dropped.contains("DROP TABLE \"items\";\nDROP TABLE \"items__search\";\n"),
        "{dropped}"
    );
    assert_eq!(evolve_sql(new, new, "sqlite"), "");
}

#[test]
fn search_is_made_anew_around_changes_to_what_it_reads() {
    let old = "[resources.item]\nfields.title = { type = \"string\", max_length = 80 }\n\
               fields.note = \"text?\"\nsearch = [\"title\"]\n";
    // PostgreSQL cannot change the type of a column a generated column reads.
    let wider = old.replace("80", "120");
    let postgres = evolve_sql(old, &wider, "postgres");
    let drop = postgres
        .find("DROP COLUMN \"_search\"")
        .expect("the search column goes");
    let alter = postgres
        .find("ALTER COLUMN \"title\" TYPE")
        .expect("a new type");
    let add = postgres
        .find("ADD COLUMN \"_search\"")
        .expect("the search column comes back");
    assert!(drop < alter && alter < add, "{postgres}");
    // SQLite rebuilds the table: the index reads rows by `rowid`, which the copy changes.
    let sqlite = evolve_sql(old, &wider, "sqlite");
    let drop = sqlite
        .find("DROP TABLE IF EXISTS \"items__search\";")
        .expect("the index goes");
    let copy = sqlite.find("INSERT INTO \"items__new\"").expect("a copy");
    let rebuild = sqlite
        .find("VALUES ('rebuild')")
        .expect("the index is filled");
    assert!(drop < copy && copy < rebuild, "{sqlite}");
    // On PostgreSQL, a change to a column it does not read leaves it alone.
    let other = old.replace("\"text?\"", "{ type = \"text\", default = \"\" }");
    let postgres = evolve_sql(old, &other, "postgres");
    assert!(postgres.contains("SET NOT NULL"), "{postgres}");
    assert!(!postgres.contains("_search"), "{postgres}");
}

#[test]
fn a_many_to_many_relation_is_a_join_table_after_both_tables() {
    let old = "[resources.post]\nfields.title = \"string\"\n\n[resources.tag]\nfields.name = \"string\"\n";
    let new = old.replace(
        "fields.title = \"string\"\n",
        "fields.title = \"string\"\nfields.tags = { type = \"many\", to = \"tag\" }\n",
    );
    let model = model(&new, "postgres");
    let names: Vec<&str> = model.migrations.iter().map(|m| m.file.as_str()).collect();
    assert_eq!(
        names,
        [
            "0001_create_users.sql",
            "0002_create_posts.sql",
            "0003_create_tags.sql",
            "0004_create_post_tags.sql"
        ]
    );
    let join = model.migrations[3].sql.as_deref().expect("new");
    assert!(
        join.contains("\"post_id\" UUID NOT NULL REFERENCES \"posts\" (\"id\") ON DELETE CASCADE"),
        "{join}"
    );
    assert!(
        join.contains("PRIMARY KEY (\"post_id\", \"tag_id\")"),
        "{join}"
    );
    assert!(
        join.contains("ON \"post_tags\" (\"tag_id\", \"post_id\")"),
        "{join}"
    );
    // Reads carry the linked ids, in order.
    let post = &model.resources[0];
    assert_eq!(
        post.links[0].select_sql("posts", Backend::Postgres),
        "ARRAY(SELECT \"tag_id\" FROM \"post_tags\" WHERE \"post_id\" = \"posts\".\"id\" \
         ORDER BY \"tag_id\") AS \"tag_ids\""
    );
    // Added later, the relation is a table of its own; removed, it needs consent.
    assert_eq!(
        evolve_sql(old, &new, "sqlite"),
        model_sql_of(&new, "sqlite", "post_tags")
    );
    let spec = |resources: &str| {
        parse(
            &format!("[project]\nname = \"shop\"\n\n{resources}"),
            "scaffold.toml",
        )
        .expect("valid spec")
    };
    assert!(matches!(
        Model::evolve(&spec(&new), &spec(old), &[], 0, false),
        Err(MigrationError::DropNeedsConsent { .. })
    ));
    assert!(evolve_sql(&new, old, "sqlite").contains("DROP TABLE \"post_tags\";"));
}

/// The `CREATE TABLE` of `table` in a new project of `resources`.
fn model_sql_of(resources: &str, backend: &str, table: &str) -> String {
    model(resources, backend)
        .migrations
        .iter()
        .find(|m| m.file.ends_with(&format!("create_{table}.sql")))
        .and_then(|m| m.sql.clone())
        .expect("the table's migration")
}
