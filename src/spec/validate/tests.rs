//! Tests of spec parsing and validation: the documented example, defaults, ordering, and one
//! test per kind of error (message, line, column and hint).

use crate::kind::FieldKind;
use crate::spec::{
    Access, AccessLevel, Auth, Backend, Database, Digits, Field, FieldType, OnDelete, Project,
    Resource, Spec, SpecError, Value, creation_order, parse,
};

/// The example from the spec documentation.
const EXAMPLE: &str = r#"[project]
name = "shop"                     # required
description = "A small shop API"  # optional

[database]
backend = "sqlite"

[auth]
enabled = true
token_minutes = 30

[resources.category]
fields.name = { type = "string", max_length = 80, unique = true }
fields.description = "text?"      # shorthand

[resources.product]
plural = "products"
fields.name = { type = "string", min_length = 1, max_length = 200 }
fields.price = { type = "float", min = 0.0 }
fields.in_stock = { type = "bool", default = true }
fields.sku = { type = "string", unique = true, pattern = "^[A-Z0-9-]+$", example = "AB-123" }
fields.category = { type = "ref", to = "category" }          # foreign key column category_id
fields.status = { type = "enum", values = ["draft", "active", "archived"], default = "draft" }
fields.released_on = "date?"
fields.attributes = "json?"
"#;

/// A valid `[project]` (lines 1-2) to put in front of resource snippets.
const HEAD: &str = "[project]\nname = \"shop\"\n";

fn spec(source: &str) -> Spec {
    match parse(source, "scaffold.toml") {
        Ok(spec) => spec,
        Err(error) => panic!("expected a valid spec, got:\n{error}"),
    }
}

/// Parses `source`, expecting an error with exactly `message` at `line`:`column`.
fn fails(source: &str, line: usize, column: usize, message: &str) -> SpecError {
    let error: SpecError = match parse(source, "scaffold.toml") {
        Ok(spec) => panic!("expected `{message}`, got a valid spec: {spec:?}"),
        Err(error) => error,
    };
    assert_eq!(error.message(), message, "\n{error}");
    assert_eq!((error.line(), error.column()), (line, column), "\n{error}");
    error
}

/// Like [`fails`], for a spec made of [`HEAD`] and `body` (so `body` starts on line 3).
fn fails_body(body: &str, line: usize, column: usize, message: &str) -> SpecError {
    fails(&format!("{HEAD}{body}"), line, column, message)
}

fn hint(error: &SpecError) -> &str {
    error
        .hint()
        .unwrap_or_else(|| panic!("no hint on:\n{error}"))
}

fn roles(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn field(name: &str, ty: FieldType) -> Field {
    Field {
        name: name.to_owned(),
        ty,
        optional: false,
        unique: false,
        index: false,
        default: None,
        example: None,
        min_length: None,
        max_length: None,
        min: None,
        max: None,
        digits: None,
        pattern: None,
    }
}

#[test]
fn example_spec_parses() {
    let expected: Spec = Spec {
        project: Project {
            name: "shop".to_owned(),
            description: Some("A small shop API".to_owned()),
            api_prefix: "/api/v1".to_owned(),
        },
        database: Database {
            backend: Backend::Sqlite,
        },
        auth: Auth {
            enabled: true,
            token_minutes: 30,
            roles: roles(&["admin", "user"]),
            default_role: "user".to_owned(),
        },
        resources: vec![
            Resource {
                name: "category".to_owned(),
                plural: "categories".to_owned(),
                fields: vec![
                    Field {
                        max_length: Some(80),
                        unique: true,
                        ..field("name", FieldType::Plain(FieldKind::String))
                    },
                    Field {
                        optional: true,
                        ..field("description", FieldType::Plain(FieldKind::Text))
                    },
                ],
                owned: false,
                access: Access::defaults(true, false),
            },
            Resource {
                name: "product".to_owned(),
                plural: "products".to_owned(),
                fields: vec![
                    Field {
                        min_length: Some(1),
                        max_length: Some(200),
                        ..field("name", FieldType::Plain(FieldKind::String))
                    },
                    Field {
                        min: Some(0.0),
                        ..field("price", FieldType::Plain(FieldKind::Float))
                    },
                    Field {
                        default: Some(Value::Bool(true)),
                        ..field("in_stock", FieldType::Plain(FieldKind::Bool))
                    },
                    Field {
                        unique: true,
                        pattern: Some("^[A-Z0-9-]+$".to_owned()),
                        example: Some(Value::String("AB-123".to_owned())),
                        ..field("sku", FieldType::Plain(FieldKind::String))
                    },
                    field(
                        "category",
                        FieldType::Ref {
                            to: "category".to_owned(),
                            on_delete: OnDelete::Restrict,
                        },
                    ),
                    Field {
                        default: Some(Value::String("draft".to_owned())),
                        ..field(
                            "status",
                            FieldType::Enum(vec![
                                "draft".to_owned(),
                                "active".to_owned(),
                                "archived".to_owned(),
                            ]),
                        )
                    },
                    Field {
                        optional: true,
                        ..field("released_on", FieldType::Plain(FieldKind::Date))
                    },
                    Field {
                        optional: true,
                        ..field("attributes", FieldType::Plain(FieldKind::Json))
                    },
                ],
                owned: false,
                access: Access::defaults(true, false),
            },
        ],
    };
    assert_eq!(spec(EXAMPLE), expected);
}

#[test]
fn defaults_apply_and_zero_resources_are_allowed() {
    let parsed: Spec = spec(HEAD);
    assert_eq!(parsed.project.api_prefix, "/api/v1");
    assert_eq!(parsed.project.description, None);
    assert_eq!(parsed.database.backend, Backend::Sqlite);
    assert_eq!(
        parsed.auth,
        Auth {
            enabled: true,
            token_minutes: 30,
            roles: roles(&["admin", "user"]),
            default_role: "user".to_owned(),
        }
    );
    assert!(parsed.resources.is_empty());

    let parsed: Spec = spec(&format!(
        "{HEAD}api_prefix = \"/v2\"\n[database]\nbackend = \"postgres\"\n[auth]\nenabled = false\ntoken_minutes = 43200\n"
    ));
    assert_eq!(parsed.project.api_prefix, "/v2");
    assert_eq!(parsed.database.backend, Backend::Postgres);
    assert_eq!(
        parsed.auth,
        Auth {
            enabled: false,
            token_minutes: 43200,
            roles: roles(&["admin", "user"]),
            default_role: "user".to_owned(),
        }
    );
}

#[test]
fn file_order_is_kept_in_every_table_style() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.zebra]\nfields.zz = \"int\"\nfields.aa = \"int\"\nfields.mm = \"int\"\n\
         [resources.apple.fields]\nyy = \"int\"\nbb = \"int\"\n\
         [resources.mango]\nplural = \"mangoes\"\n[resources.mango.fields.x]\ntype = \"int\"\n\
         [resources.mango.fields.c]\ntype = \"string?\"\n"
    ));
    let names: Vec<(&str, Vec<&str>)> = parsed
        .resources
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.fields.iter().map(|f| f.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("zebra", vec!["zz", "aa", "mm"]),
            ("apple", vec!["yy", "bb"]),
            ("mango", vec!["x", "c"]),
        ]
    );
    assert!(parsed.resources[2].fields[1].optional);
    assert_eq!(parsed.resources[2].plural, "mangoes");
    assert_eq!(parsed.resources[1].plural, "apples");
}

#[test]
fn optional_spellings() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.thing]\nfields.a = \"string?\"\nfields.b = {{ type = \"int?\" }}\n\
         fields.c = {{ type = \"int\", optional = true }}\nfields.d = {{ type = \"int\", optional = false }}\n\
         fields.e = \"uuid\"\n"
    ));
    let optional: Vec<bool> = parsed.resources[0]
        .fields
        .iter()
        .map(|f| f.optional)
        .collect();
    assert_eq!(optional, vec![true, true, true, false, false]);
    let error = fails_body(
        "[resources.thing]\nfields.a = { type = \"int?\", optional = false }\n",
        4,
        40,
        "`optional = false` contradicts the `?` in `int?`",
    );
    assert!(hint(&error).contains("`int?` means optional"));
}

#[test]
fn toml_syntax_error() {
    fails(
        "[project]\nname = \"shop\n",
        2,
        13,
        "invalid TOML: invalid basic string, expected `\"`",
    );
    fails(
        "[project]\nname = \"a\"\nname = \"b\"\n",
        3,
        1,
        "invalid TOML: duplicate key `name`",
    );
}

#[test]
fn unknown_keys() {
    let error = fails(
        "[project]\nnmae = \"shop\"\n",
        2,
        1,
        "unknown key `nmae` in `[project]`",
    );
    assert_eq!(hint(&error), "did you mean `name`?");
    let error = fails_body(
        "[resources.item]\nfields.sku = { type = \"string\", uniqe = true }\n",
        4,
        33,
        "unknown key `uniqe` in field `sku`",
    );
    assert_eq!(hint(&error), "did you mean `unique`?");
    let error = fails_body(
        "[auth]\ncolour = 1\n",
        4,
        1,
        "unknown key `colour` in `[auth]`",
    );
    assert_eq!(
        hint(&error),
        "valid keys are: `enabled`, `token_minutes`, `roles`, `default_role`"
    );
    let error = fails_body(
        "[databse]\n",
        3,
        2,
        "unknown key `databse` at the top level",
    );
    assert_eq!(hint(&error), "did you mean `database`?");
    fails_body(
        "[database]\nbackedn = \"sqlite\"\n",
        4,
        1,
        "unknown key `backedn` in `[database]`",
    );
    let error = fails_body(
        "[resources.item]\nprice = \"float\"\n",
        4,
        1,
        "unknown key `price` in resource `item`",
    );
    assert_eq!(
        hint(&error),
        "fields go under `fields`: write `fields.price = ...`"
    );
    let error = fails_body(
        "[resources.item]\nplurl = \"items\"\n",
        4,
        1,
        "unknown key `plurl` in resource `item`",
    );
    assert_eq!(hint(&error), "did you mean `plural`?");
}

#[test]
fn wrong_value_types() {
    let error = fails_body(
        "[resources.item]\nfields.sku = { type = \"string\", unique = \"yes\" }\n",
        4,
        42,
        "`unique` must be a boolean, found a string",
    );
    assert!(hint(&error).contains("true"));
    fails_body(
        "[auth]\ntoken_minutes = \"30\"\n",
        4,
        17,
        "`token_minutes` must be an integer, found a string",
    );
    fails_body(
        "[resources.item]\nfields.n = { type = \"int\", min = \"0\" }\n",
        4,
        34,
        "`min` must be a number, found a string",
    );
    fails_body(
        "[resources.item]\nfields.s = { type = \"enum\", values = [\"a\", 2] }\n",
        4,
        44,
        "`values` must be an array of strings, found an integer",
    );
    fails_body(
        "[resources.item]\nfields.n = 5\n",
        4,
        12,
        "field `n` must be a type name or a table, found an integer",
    );
    fails(
        "project = \"shop\"\n",
        1,
        11,
        "`project` must be a table, found a string",
    );
    fails_body(
        "[[resources]]\nname = \"x\"\n",
        3,
        1,
        "`resources` must be a table, found an array",
    );
    fails_body(
        "[resources]\nitem = \"string\"\n",
        4,
        8,
        "resource `item` must be a table, found a string",
    );
}

#[test]
fn missing_project_and_name() {
    let error = fails(
        "[database]\nbackend = \"sqlite\"\n",
        1,
        1,
        "missing `[project]` table",
    );
    assert!(hint(&error).contains("[project]"));
    let error = fails(
        "[project]\ndescription = \"x\"\n",
        1,
        1,
        "`[project]` has no `name`",
    );
    assert!(hint(&error).contains("name = "));
}

#[test]
fn invalid_project_settings() {
    let error = fails(
        "[project]\nname = \"My Shop\"\n",
        2,
        8,
        "invalid project name `My Shop`",
    );
    assert_eq!(hint(&error), "try `my-shop`");
    fails(
        "[project]\nname = \"2shop\"\n",
        2,
        8,
        "invalid project name `2shop`",
    );
    fails(
        "[project]\nname = \"fn\"\n",
        2,
        8,
        "project name `fn` cannot be used as a crate name",
    );
    assert!(spec("[project]\nname = \"my-shop_2\"\n").project.name == "my-shop_2");
    for (prefix, problem) in [
        ("api/v1", "must start with `/`"),
        ("/api/", "must not end with `/`"),
        ("/", "must not end with `/`"),
        ("/api//v1", "must not contain `//`"),
        (
            "/API",
            "may only contain lowercase letters, digits, `/`, `_` and `-`",
        ),
    ] {
        let error = fails_body(
            &format!("api_prefix = \"{prefix}\"\n"),
            3,
            14,
            &format!("`api_prefix` {problem} (found `{prefix}`)"),
        );
        assert_eq!(hint(&error), "for example `/api/v1`");
    }
    let error = fails_body(
        "[database]\nbackend = \"postgresql\"\n",
        4,
        11,
        "unknown database backend `postgresql`",
    );
    assert_eq!(hint(&error), "did you mean `postgres`?");
    let error = fails_body(
        "[database]\nbackend = \"mysql\"\n",
        4,
        11,
        "unknown database backend `mysql`",
    );
    assert_eq!(hint(&error), "supported backends are: `sqlite`, `postgres`");
    for minutes in ["0", "43201", "-5"] {
        fails_body(
            &format!("[auth]\ntoken_minutes = {minutes}\n"),
            4,
            17,
            &format!("`token_minutes` must be between 1 and 43200 (30 days), found {minutes}"),
        );
    }
}

#[test]
fn invalid_resource_and_field_names() {
    let error = fails_body(
        "[resources.OrderLine]\nfields.n = \"int\"\n",
        3,
        12,
        "invalid resource name `OrderLine`",
    );
    assert_eq!(hint(&error), "names are snake_case: try `order_line`");
    let error = fails_body(
        "[resources.order__line]\nfields.n = \"int\"\n",
        3,
        12,
        "invalid resource name `order__line`",
    );
    assert_eq!(hint(&error), "names are snake_case: try `order_line`");
    let error = fails_body(
        "[resources.item]\nfields.inStock = \"bool\"\n",
        4,
        8,
        "invalid field name `inStock`",
    );
    assert_eq!(hint(&error), "names are snake_case: try `in_stock`");
    fails_body(
        "[resources.item]\nfields.total_ = \"int\"\n",
        4,
        8,
        "invalid field name `total_`",
    );
    let error = fails_body(
        "[resources.item]\nfields.\"1st\" = \"int\"\n",
        4,
        8,
        "invalid field name `1st`",
    );
    assert!(hint(&error).contains("starting with a letter"));
    fails_body(
        "[resources.item]\nplural = \"Items\"\nfields.n = \"int\"\n",
        4,
        10,
        "invalid plural `Items`",
    );
}

#[test]
fn reserved_field_names() {
    for (name, column) in [("id", 8), ("created_at", 8), ("updated_at", 8)] {
        let error = fails_body(
            &format!("[resources.item]\nfields.{name} = \"int\"\n"),
            4,
            column,
            &format!(
                "field name `{name}` is reserved: every resource gets `id`, `created_at` and `updated_at` automatically"
            ),
        );
        assert!(hint(&error).contains("another name"));
    }
    for name in ["self", "super", "crate"] {
        fails_body(
            &format!("[resources.item]\nfields.{name} = \"int\"\n"),
            4,
            8,
            &format!("field name `{name}` cannot be used: it is not a valid Rust identifier"),
        );
    }
}

#[test]
fn rust_keywords_and_sql_words_are_allowed_as_names() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.order]\nfields.type = \"string\"\nfields.match = \"int\"\nfields.struct = \"int\"\n\
         fields.fn = \"int\"\nfields.loop = \"int\"\nfields.user = \"string\"\nfields.group = \"string\"\n\
         fields.select = \"bool\"\n[resources.group]\nfields.order = \"int\"\n"
    ));
    assert_eq!(parsed.resources[0].name, "order");
    assert_eq!(parsed.resources[0].plural, "orders");
    assert_eq!(parsed.resources[0].fields.len(), 8);
    assert_eq!(parsed.resources[1].fields[0].name, "order");
}

#[test]
fn reserved_resource_names() {
    let error = fails_body(
        "[resources.user]\nfields.n = \"int\"\n",
        3,
        12,
        "resource name `user` is reserved: authentication is enabled, and it already provides the `users` table",
    );
    assert!(hint(&error).contains("enabled = false"));
    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nenabled = false\n[resources.user]\nfields.n = \"int\"\n"
    ));
    assert_eq!(parsed.resources[0].plural, "users");
    fails_body(
        "[resources.member]\nplural = \"users\"\nfields.n = \"int\"\n",
        4,
        10,
        "the plural `users` of resource `member` is reserved: authentication is enabled, and it already provides the `users` table",
    );
    for name in ["auth", "health", "docs", "openapi"] {
        fails_body(
            &format!("[resources.{name}]\nfields.n = \"int\"\n"),
            3,
            12,
            &format!("resource name `{name}` is reserved for the generated `/{name}` endpoints"),
        );
    }
    fails_body(
        "[resources.doc]\nfields.n = \"int\"\n",
        3,
        12,
        "the plural `docs` of resource `doc` is reserved for the generated `/docs` endpoints",
    );
    fails_body(
        "[resources.self]\nfields.n = \"int\"\n",
        3,
        12,
        "resource name `self` cannot be used: `self` is not a valid Rust identifier",
    );
}

#[test]
fn resource_name_collisions() {
    let error = fails_body(
        "[resources.category]\nfields.n = \"int\"\n[resources.categories]\nfields.n = \"int\"\n",
        5,
        12,
        "resource `categories` clashes with resource `category`: both use the name `categories`",
    );
    assert!(hint(&error).contains("plural `categories`"));
    fails_body(
        "[resources.person]\nfields.n = \"int\"\n[resources.human]\nplural = \"people\"\nfields.n = \"int\"\n",
        6,
        10,
        "resource `human` clashes with resource `person`: both use the name `people`",
    );
    fails_body(
        "[resources.people]\nfields.n = \"int\"\n[resources.person]\nfields.n = \"int\"\n",
        5,
        12,
        "resource `person` clashes with resource `people`: both use the name `people`",
    );
}

#[test]
fn empty_resource() {
    let error = fails_body("[resources.item]\n", 3, 1, "resource `item` has no fields");
    assert!(hint(&error).contains("fields.name"));
    fails_body(
        "[resources.item]\nplural = \"items\"\n[resources.item.fields]\n",
        5,
        1,
        "resource `item` has no fields",
    );
}

#[test]
fn unknown_types() {
    let body: String = format!(
        "{}[resources.item]\nfields.name = \"strin\"\n",
        "\n".repeat(7)
    );
    let error = fails_body(&body, 11, 15, "unknown field type `strin`");
    assert_eq!(hint(&error), "did you mean `string`?");
    assert_eq!(
        error.to_string(),
        "error: unknown field type `strin`\n  --> scaffold.toml:11:15\n   |\n11 | fields.name = \"strin\"\n   |               ^^^^^^^\n   = help: did you mean `string`?"
    );
    let error = fails_body(
        "[resources.item]\nfields.n = { type = \"integer?\" }\n",
        4,
        21,
        "unknown field type `integer`",
    );
    assert_eq!(hint(&error), "did you mean `int`?");
    let error = fails_body(
        "[resources.item]\nfields.n = \"quaternion\"\n",
        4,
        12,
        "unknown field type `quaternion`",
    );
    assert!(hint(&error).starts_with("field types are: `string`, `text`, `int`"));
    let error = fails_body(
        "[resources.item]\nfields.n = { optional = true }\n",
        4,
        12,
        "field `n` has no `type`",
    );
    assert!(hint(&error).contains("type = \"string\""));
}

#[test]
fn enum_and_ref_need_the_table_form() {
    let error = fails_body(
        "[resources.item]\nfields.status = \"enum\"\n",
        4,
        17,
        "`enum` fields need a list of `values`, so they cannot use the shorthand form",
    );
    assert_eq!(
        hint(&error),
        "use the table form: `fields.status = { type = \"enum\", values = [\"first\", \"second\"] }`"
    );
    let error = fails_body(
        "[resources.category]\nfields.n = \"int\"\n[resources.item]\nfields.category = \"ref?\"\n",
        6,
        19,
        "`ref` fields need a target resource in `to`, so they cannot use the shorthand form",
    );
    assert_eq!(
        hint(&error),
        "use the table form: `fields.category = { type = \"ref\", to = \"category\" }`"
    );
}

#[test]
fn enum_values() {
    fails_body(
        "[resources.item]\nfields.s = { type = \"enum\" }\n",
        4,
        12,
        "enum field `s` has no `values`",
    );
    fails_body(
        "[resources.item]\nfields.s = { type = \"enum\", values = [] }\n",
        4,
        38,
        "`values` must not be empty",
    );
    let error = fails_body(
        "[resources.item]\nfields.s = { type = \"enum\", values = [\"draft\", \"In Review\"] }\n",
        4,
        48,
        "invalid enum value `In Review`",
    );
    assert_eq!(hint(&error), "names are snake_case: try `in_review`");
    fails_body(
        "[resources.item]\nfields.s = { type = \"enum\", values = [\"a\", \"b\", \"a\"] }\n",
        4,
        49,
        "duplicate enum value `a`",
    );
    let error = fails_body(
        "[resources.item]\nfields.s = { type = \"string\", values = [\"a\"] }\n",
        4,
        31,
        "`values` does not apply to `string` fields",
    );
    assert_eq!(hint(&error), "`values` is for `type = \"enum\"`");
    let error = fails_body(
        "[resources.item]\nfields.s = { type = \"enum\", values = [\"ok\", \"self\"] }\n",
        4,
        45,
        "enum value `self` cannot be used: its Rust variant would be `Self`",
    );
    assert_eq!(hint(&error), "pick another value");
    let error = fails_body(
        "[resources.item]\nfields.s = { type = \"enum\", values = [\"a1\", \"a_1\"] }\n",
        4,
        45,
        "enum values `a1` and `a_1` would both become the Rust variant `A1`",
    );
    assert_eq!(hint(&error), "rename one of them");
}

#[test]
fn references() {
    let head: &str = "[resources.category]\nfields.n = \"int\"\n[resources.item]\n";
    let error = fails_body(
        &format!("{head}fields.category = {{ type = \"ref\" }}\n"),
        6,
        19,
        "ref field `category` has no `to`",
    );
    assert!(hint(&error).contains("to = \"category\""));
    let error = fails_body(
        &format!("{head}fields.category = {{ type = \"ref\", to = \"categroy\" }}\n"),
        6,
        40,
        "unknown resource `categroy`",
    );
    assert_eq!(hint(&error), "did you mean `category`?");
    let error = fails_body(
        &format!("{head}fields.category = {{ type = \"ref\", to = \"categories\" }}\n"),
        6,
        40,
        "unknown resource `categories`",
    );
    assert_eq!(
        hint(&error),
        "`to` takes the singular name: did you mean `category`?"
    );
    let error = fails_body(
        &format!("{head}fields.owner = {{ type = \"ref\", to = \"vendor\" }}\n"),
        6,
        37,
        "unknown resource `vendor`",
    );
    assert_eq!(hint(&error), "resources in this spec: `category`, `item`");
    let error = fails_body(
        &format!("{head}fields.n = {{ type = \"int\", to = \"category\" }}\n"),
        6,
        28,
        "`to` does not apply to `int` fields",
    );
    assert_eq!(hint(&error), "`to` is for `type = \"ref\"`");
    fails_body(
        &format!("{head}fields.n = {{ type = \"int\", on_delete = \"cascade\" }}\n"),
        6,
        28,
        "`on_delete` does not apply to `int` fields",
    );
    let error = fails_body(
        &format!(
            "{head}fields.category = {{ type = \"ref\", to = \"category\", on_delete = \"set_null\" }}\n"
        ),
        6,
        64,
        "`on_delete = \"set_null\"` needs an optional field",
    );
    assert!(hint(&error).contains("optional = true"));
    let error = fails_body(
        &format!(
            "{head}fields.category = {{ type = \"ref\", to = \"category\", on_delete = \"delete\" }}\n"
        ),
        6,
        64,
        "unknown `on_delete` action `delete`",
    );
    assert_eq!(
        hint(&error),
        "actions are: `cascade`, `restrict`, `set_null`"
    );
    fails_body(
        &format!("{head}fields.category = {{ type = \"ref\", to = \"category\", default = 1 }}\n"),
        6,
        52,
        "`default` does not apply to `ref` fields",
    );
    fails_body(
        &format!("{head}fields.category = {{ type = \"ref\", to = \"category\", example = 1 }}\n"),
        6,
        52,
        "`example` does not apply to `ref` fields",
    );
    let error = fails_body(
        &format!("{head}fields.category_id = {{ type = \"ref\", to = \"category\" }}\n"),
        6,
        8,
        "ref field `category_id` would get the column `category_id_id`",
    );
    assert_eq!(
        hint(&error),
        "name the relation instead: `category` (its column is `category_id`)"
    );
    let error = fails_body(
        "[resources.item]\nfields.owner = { type = \"ref\", to = \"user\" }\n",
        4,
        37,
        "unknown resource `user`",
    );
    assert!(hint(&error).contains("built-in auth users"));
}

#[test]
fn ref_options_are_kept() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.category]\nfields.n = \"int\"\n[resources.item]\n\
         fields.category = {{ type = \"ref?\", to = \"category\", on_delete = \"set_null\", index = true }}\n\
         fields.main = {{ type = \"ref\", to = \"category\", on_delete = \"cascade\", unique = true }}\n"
    ));
    let fields: &[Field] = &parsed.resources[1].fields;
    assert_eq!(
        fields[0].ty,
        FieldType::Ref {
            to: "category".to_owned(),
            on_delete: OnDelete::SetNull
        }
    );
    assert!(fields[0].optional && fields[0].index);
    assert_eq!(
        fields[1].ty,
        FieldType::Ref {
            to: "category".to_owned(),
            on_delete: OnDelete::Cascade
        }
    );
    assert!(fields[1].unique);
}

#[test]
fn self_references() {
    let error = fails_body(
        "[resources.employee]\nfields.manager = { type = \"ref\", to = \"employee\" }\n",
        4,
        39,
        "resource `employee` can only reference itself through an optional field",
    );
    assert!(hint(&error).contains("optional = true"));
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.employee]\nfields.manager = {{ type = \"ref\", to = \"employee\", optional = true }}\n"
    ));
    assert_eq!(creation_order(&parsed), vec![0]);
}

#[test]
fn field_and_column_collisions() {
    let head: &str = "[resources.category]\nfields.n = \"int\"\n[resources.item]\n";
    let error = fails_body(
        &format!(
            "{head}fields.category = {{ type = \"ref\", to = \"category\" }}\nfields.category_id = \"int\"\n"
        ),
        7,
        8,
        "field `category_id` collides with the column `category_id` of ref field `category`",
    );
    assert_eq!(hint(&error), "rename one of them");
    fails_body(
        &format!(
            "{head}fields.category_id = \"int\"\nfields.category = {{ type = \"ref\", to = \"category\" }}\n"
        ),
        7,
        8,
        "the column `category_id` of ref field `category` collides with field `category_id`",
    );
}

#[test]
fn constraints_must_fit_the_type() {
    let cases: [(&str, usize, &str); 8] = [
        (
            "type = \"int\", min_length = 1",
            28,
            "`min_length` does not apply to `int` fields",
        ),
        (
            "type = \"bool\", max_length = 1",
            29,
            "`max_length` does not apply to `bool` fields",
        ),
        (
            "type = \"string\", min = 1",
            31,
            "`min` does not apply to `string` fields",
        ),
        (
            "type = \"date\", max = 1",
            29,
            "`max` does not apply to `date` fields",
        ),
        (
            "type = \"text\", pattern = \"a\"",
            29,
            "`pattern` does not apply to `text` fields",
        ),
        (
            "type = \"json\", unique = true",
            29,
            "`unique` does not apply to `json` fields",
        ),
        (
            "type = \"json\", index = true",
            29,
            "`index` does not apply to `json` fields",
        ),
        (
            "type = \"uuid\", default = \"x\"",
            29,
            "`default` does not apply to `uuid` fields",
        ),
    ];
    for (table, column, message) in cases {
        fails_body(
            &format!("[resources.item]\nfields.f = {{ {table} }}\n"),
            4,
            column,
            message,
        );
    }
    let error = fails_body(
        "[resources.item]\nfields.f = { type = \"email\", min = 1 }\n",
        4,
        30,
        "`min` does not apply to `email` fields",
    );
    assert_eq!(
        hint(&error),
        "`min` and `max` apply to int, bigint, float and decimal fields"
    );
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.item]\nfields.f = {{ type = \"json\", unique = false, index = false }}\n"
    ));
    assert!(!parsed.resources[0].fields[0].unique);
}

#[test]
fn constraint_values() {
    let item: &str = "[resources.item]\n";
    fails_body(
        &format!("{item}fields.f = {{ type = \"string\", min_length = 5, max_length = 3 }}\n"),
        4,
        60,
        "`max_length` (3) is less than `min_length` (5)",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"string\", min_length = -1 }}\n"),
        4,
        44,
        "`min_length` must be at least 0, found -1",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"string\", max_length = 0 }}\n"),
        4,
        44,
        "`max_length` must be at least 1, found 0",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"float\", min = 10, max = 2.5 }}\n"),
        4,
        46,
        "`max` (2.5) is less than `min` (10)",
    );
    let error = fails_body(
        &format!("{item}fields.f = {{ type = \"int\", max = 3000000000 }}\n"),
        4,
        34,
        "`max` 3000000000 does not fit in an `int` (32-bit)",
    );
    assert!(hint(&error).contains("bigint"));
    assert_eq!(
        spec(&format!(
            "{HEAD}{item}fields.f = {{ type = \"bigint\", max = 3000000000 }}\n"
        ))
        .resources[0]
            .fields[0]
            .max,
        Some(3e9)
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"int\", min = 0.5 }}\n"),
        4,
        34,
        "`min` of an integer field must be an integer",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"float\", min = nan }}\n"),
        4,
        36,
        "`min` must be a finite number",
    );
    let error = fails_body(
        &format!("{item}fields.f = {{ type = \"string\", pattern = \"^[A-Z\" }}\n"),
        4,
        41,
        "invalid `pattern`: unclosed character class",
    );
    assert!(hint(&error).contains("regex"));
}

#[test]
fn defaults_and_examples_must_match_the_type() {
    let item: &str = "[resources.item]\n";
    let error = fails_body(
        &format!("{item}fields.f = {{ type = \"string\", default = 5 }}\n"),
        4,
        41,
        "`default` of a `string` field must be a string, found an integer",
    );
    assert_eq!(hint(&error), "quote it to make it a string");
    fails_body(
        &format!("{item}fields.f = {{ type = \"int\", example = \"5\" }}\n"),
        4,
        38,
        "`example` of an `int` field must be an integer, found a string",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"int\", default = 2147483648 }}\n"),
        4,
        38,
        "`default` 2147483648 does not fit in an `int` (32-bit)",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"bool\", default = 1 }}\n"),
        4,
        39,
        "`default` of a `bool` field must be a boolean, found an integer",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"float\", default = \"1.5\" }}\n"),
        4,
        40,
        "`default` of a `float` field must be a number, found a string",
    );
    let error = fails_body(
        &format!(
            "{item}fields.status = {{ type = \"enum\", values = [\"draft\", \"active\", \"archived\"], default = \"activ\" }}\n"
        ),
        4,
        86,
        "default `activ` is not one of the values: draft, active, archived",
    );
    assert_eq!(hint(&error), "did you mean `active`?");
}

#[test]
fn defaults_and_examples_must_satisfy_the_constraints() {
    let item: &str = "[resources.item]\n";
    fails_body(
        &format!("{item}fields.f = {{ type = \"string\", max_length = 3, example = \"abcd\" }}\n"),
        4,
        57,
        "`example` is 4 characters long, longer than `max_length` (3)",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"text\", min_length = 2, default = \"é\" }}\n"),
        4,
        55,
        "`default` is 1 characters long, shorter than `min_length` (2)",
    );
    fails_body(
        &format!(
            "{item}fields.f = {{ type = \"string\", pattern = \"^[A-Z]+$\", example = \"ab\" }}\n"
        ),
        4,
        63,
        "`example` `ab` does not match the pattern `^[A-Z]+$`",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"float\", min = 0.0, default = -1 }}\n"),
        4,
        51,
        "`default` -1 is less than `min` (0)",
    );
    fails_body(
        &format!("{item}fields.f = {{ type = \"int\", max = 10, example = 11 }}\n"),
        4,
        48,
        "`example` 11 is greater than `max` (10)",
    );
}

#[test]
fn formatted_strings_must_be_well_formed() {
    let cases: [(&str, &str, &str); 8] = [
        (
            "time",
            "24:00",
            "`default` `24:00` is not a valid time of day",
        ),
        (
            "time",
            "9:30",
            "`example` `9:30` is not a valid time of day",
        ),
        (
            "date",
            "2023-02-29",
            "`default` `2023-02-29` is not a valid date",
        ),
        (
            "datetime",
            "2024-01-31T10:00:00",
            "`default` `2024-01-31T10:00:00` is not a valid RFC 3339 datetime",
        ),
        ("uuid", "1234", "`example` `1234` is not a valid uuid"),
        (
            "email",
            "ann.example.com",
            "`default` `ann.example.com` is not a valid email address",
        ),
        (
            "url",
            "example.com",
            "`default` `example.com` is not a valid URL",
        ),
        (
            "date",
            "31/01/2024",
            "`example` `31/01/2024` is not a valid date",
        ),
    ];
    for (ty, text, message) in cases {
        let key: &str = if message.starts_with("`default`") {
            "default"
        } else {
            "example"
        };
        let source: String =
            format!("[resources.item]\nfields.f = {{ type = \"{ty}\", {key} = \"{text}\" }}\n");
        let column: usize =
            source.find(&format!("\"{text}\"")).unwrap() - "[resources.item]\n".len() + 1;
        let error = fails_body(&source, 4, column, message);
        assert!(!hint(&error).is_empty());
    }
}

#[test]
fn literal_values_are_converted() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.item]\n\
         fields.price = {{ type = \"float\", default = 2 }}\n\
         fields.big = {{ type = \"bigint\", example = 9000000000 }}\n\
         fields.day = {{ type = \"date\", default = 2024-02-29 }}\n\
         fields.at = {{ type = \"datetime\", example = \"2024-01-31T09:30:00+01:00\" }}\n\
         fields.meta = {{ type = \"json\", default = {{ tags = [\"a\", 1], ok = true }} }}\n\
         fields.home = {{ type = \"url\", example = \"https://example.com/x\" }}\n\
         fields.mail = {{ type = \"email\", default = \"ann@example.com\" }}\n\
         fields.key = {{ type = \"uuid\", example = \"67e55044-10b1-426f-9247-bb680e5fe0c8\" }}\n"
    ));
    let values: Vec<(Option<Value>, Option<Value>)> = parsed.resources[0]
        .fields
        .iter()
        .map(|f| (f.default.clone(), f.example.clone()))
        .collect();
    let text = |s: &str| Some(Value::String(s.to_owned()));
    assert_eq!(
        values,
        vec![
            (Some(Value::Float(2.0)), None),
            (None, Some(Value::Int(9_000_000_000))),
            (text("2024-02-29"), None),
            (None, text("2024-01-31T09:30:00+01:00")),
            (
                Some(Value::Json(
                    serde_json::json!({ "tags": ["a", 1], "ok": true })
                )),
                None
            ),
            (None, text("https://example.com/x")),
            (text("ann@example.com"), None),
            (None, text("67e55044-10b1-426f-9247-bb680e5fe0c8")),
        ]
    );
}

#[test]
fn reference_cycles_are_rejected() {
    let error = fails_body(
        "[resources.product]\nfields.category = { type = \"ref\", to = \"category\" }\n\
         [resources.category]\nfields.featured = { type = \"ref\", to = \"product\", optional = true }\n",
        4,
        8,
        "resources reference each other in a cycle: product -> category -> product",
    );
    assert!(hint(&error).contains("break it"));
    fails_body(
        "[resources.a]\nfields.n = \"int\"\n[resources.b]\nfields.n = \"int\"\nfields.c = { type = \"ref\", to = \"c\" }\n\
         [resources.c]\nfields.d = { type = \"ref\", to = \"d\" }\n[resources.d]\nfields.b = { type = \"ref?\", to = \"b\" }\n",
        7,
        8,
        "resources reference each other in a cycle: b -> c -> d -> b",
    );
}

#[test]
fn creation_order_puts_referenced_resources_first() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.order_line]\nfields.order = {{ type = \"ref\", to = \"order\" }}\n\
         fields.product = {{ type = \"ref\", to = \"product\" }}\n\
         [resources.order]\nfields.customer = {{ type = \"ref\", to = \"customer\" }}\n\
         [resources.note]\nfields.text = \"text\"\n\
         [resources.product]\nfields.parent = {{ type = \"ref?\", to = \"product\" }}\n\
         [resources.customer]\nfields.name = \"string\"\n"
    ));
    let order: Vec<&str> = creation_order(&parsed)
        .into_iter()
        .map(|i| parsed.resources[i].name.as_str())
        .collect();
    assert_eq!(
        order,
        vec!["note", "product", "customer", "order", "order_line"]
    );
    assert_eq!(creation_order(&spec(EXAMPLE)), vec![0, 1]);
}

#[test]
fn resource_names_that_clash_with_generated_types() {
    for name in [
        "row",
        "uuid",
        "state",
        "json",
        "connection",
        "decimal",
        "naive_time",
    ] {
        let source =
            format!("[project]\nname = \"x\"\n\n[resources.{name}]\nfields.a = \"string\"\n");
        let error = parse(&source, "scaffold.toml").unwrap_err();
        assert!(
            error.message().contains("would clash with a type"),
            "{name}: {}",
            error.message()
        );
        assert_eq!((error.line(), error.column()), (4, 12), "{name}");
    }
}

#[test]
fn names_the_auth_feature_uses_are_refused_only_with_auth() {
    let spec = |auth: bool, name: &str| {
        format!(
            "[project]\nname = \"x\"\n\n[auth]\nenabled = {auth}\n\n[resources.{name}]\nfields.a = \"string\"\n"
        )
    };
    for name in ["role", "current_user"] {
        let error = parse(&spec(true, name), "scaffold.toml").unwrap_err();
        assert!(
            error.message().contains("would clash with a type"),
            "{name}: {}",
            error.message()
        );
        assert!(parse(&spec(false, name), "scaffold.toml").is_ok(), "{name}");
    }
    let error = parse(&spec(false, "auth"), "scaffold.toml").unwrap_err();
    assert!(
        error
            .message()
            .contains("reserved for the generated `/auth` endpoints"),
        "{}",
        error.message()
    );
}

/// The documented example of roles, an owned resource and access rules.
const ACCESS_EXAMPLE: &str = r#"[project]
name = "blog"

[auth]
enabled = true
roles = ["admin", "editor", "user"]   # default ["admin", "user"]
default_role = "user"                 # role given at registration; default "user"
token_minutes = 30

[resources.post]
owned = true        # rows get owner_id -> users, set from the token, never from the body
access = { list = "public", read = "public", create = "user", update = "owner", delete = "admin" }
fields.title = "string"
"#;

#[test]
fn access_example_parses() {
    let parsed: Spec = spec(ACCESS_EXAMPLE);
    assert_eq!(
        parsed.auth,
        Auth {
            enabled: true,
            token_minutes: 30,
            roles: roles(&["admin", "editor", "user"]),
            default_role: "user".to_owned(),
        }
    );
    let expected: Access = Access {
        list: AccessLevel::Public,
        read: AccessLevel::Public,
        create: AccessLevel::User,
        update: AccessLevel::Owner,
        delete: AccessLevel::Role("admin".to_owned()),
    };
    assert!(parsed.resources[0].owned);
    assert_eq!(parsed.resources[0].access, expected);

    let head: &str = "[auth]\nroles = [\"admin\", \"editor\", \"user\"]\n[resources.post]\nowned = true\n\
                      fields.title = \"string\"\n";
    let section: Spec = spec(&format!(
        "{HEAD}{head}[resources.post.access]\nlist = \"public\"\nread = \"public\"\ncreate = \"user\"\n\
         update = \"owner\"\ndelete = \"admin\"\n"
    ));
    assert_eq!(section.resources[0].access, expected);
    let dotted: Spec = spec(&format!(
        "{HEAD}[auth]\nroles = [\"admin\", \"editor\", \"user\"]\n[resources.post]\nowned = true\n\
         access.list = \"public\"\naccess.read = \"public\"\naccess.create = \"user\"\n\
         access.update = \"owner\"\naccess.delete = \"admin\"\nfields.title = \"string\"\n"
    ));
    assert_eq!(dotted.resources[0].access, expected);
}

#[test]
fn roles_and_access_defaults() {
    let parsed: Spec = spec(&format!("{HEAD}[auth]\ntoken_minutes = 60\n"));
    assert_eq!(parsed.auth.roles, roles(&["admin", "user"]));
    assert_eq!(parsed.auth.default_role, "user");

    let parsed: Spec = spec(&format!("{HEAD}[auth]\nroles = [\"editor\"]\n"));
    assert_eq!(parsed.auth.roles, roles(&["admin", "editor"]));
    assert_eq!(parsed.auth.default_role, "editor");

    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nroles = [\"editor\", \"user\", \"admin\", \"viewer\"]\n"
    ));
    assert_eq!(
        parsed.auth.roles,
        roles(&["admin", "editor", "user", "viewer"])
    );
    assert_eq!(parsed.auth.default_role, "user");

    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nroles = [\"editor\", \"viewer\"]\ndefault_role = \"viewer\"\n"
    ));
    assert_eq!(parsed.auth.default_role, "viewer");

    let parsed: Spec = spec(&format!("{HEAD}[auth]\nenabled = false\nroles = []\n"));
    assert_eq!(parsed.auth.roles, roles(&["admin"]));

    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.post]\nowned = true\nfields.title = \"string\"\n\
         [resources.tag]\nowned = false\nfields.name = \"string\"\n\
         [resources.note]\nowned = true\naccess = {{ delete = \"none\", list = \"admin\" }}\nfields.text = \"text\"\n"
    ));
    assert_eq!(
        parsed.resources[0].access,
        Access {
            list: AccessLevel::User,
            read: AccessLevel::User,
            create: AccessLevel::User,
            update: AccessLevel::Owner,
            delete: AccessLevel::Owner,
        }
    );
    assert!(!parsed.resources[1].owned);
    assert_eq!(parsed.resources[1].access, Access::defaults(true, false));
    assert_eq!(parsed.resources[1].access.update, AccessLevel::User);
    assert_eq!(
        parsed.resources[2].access,
        Access {
            list: AccessLevel::Role("admin".to_owned()),
            read: AccessLevel::User,
            create: AccessLevel::User,
            update: AccessLevel::Owner,
            delete: AccessLevel::None,
        }
    );

    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nenabled = false\n[resources.post]\nfields.title = \"string\"\n"
    ));
    assert!(!parsed.resources[0].owned);
    assert_eq!(
        parsed.resources[0].access,
        Access {
            list: AccessLevel::Public,
            read: AccessLevel::Public,
            create: AccessLevel::Public,
            update: AccessLevel::Public,
            delete: AccessLevel::Public,
        }
    );
}

#[test]
fn invalid_roles() {
    let error = fails_body(
        "[auth]\nroles = [\"editor\", \"user\", \"editor\"]\n",
        4,
        28,
        "duplicate role `editor`",
    );
    assert_eq!(hint(&error), "list each role once");
    fails_body(
        "[auth]\nroles = [\"admin\", \"user\", \"admin\"]\n",
        4,
        27,
        "duplicate role `admin`",
    );
    for (name, column) in [("owner", 19), ("public", 19), ("none", 19)] {
        let error = fails_body(
            &format!("[auth]\nroles = [\"admin\", \"{name}\"]\n"),
            4,
            column,
            &format!("role name `{name}` is reserved: it is an access level"),
        );
        assert_eq!(
            hint(&error),
            "pick another name; `public`, `owner`, `none` are access levels in `access` rules"
        );
    }
    let error = fails_body(
        "[auth]\nroles = [\"Editor\"]\n",
        4,
        10,
        "invalid role name `Editor`",
    );
    assert_eq!(hint(&error), "names are snake_case: try `editor`");
    fails_body(
        "[auth]\nroles = [\"editor1\", \"editor_1\"]\n",
        4,
        21,
        "roles `editor1` and `editor_1` would both become the Rust variant `Editor1`",
    );
    fails_body(
        "[auth]\nroles = [\"self\"]\n",
        4,
        10,
        "role name `self` cannot be used: its Rust variant would be `Self`",
    );
    let error = fails_body(
        "[auth]\nroles = \"admin\"\n",
        4,
        9,
        "`roles` must be an array of strings, found a string",
    );
    assert_eq!(hint(&error), "write e.g. `roles = [\"admin\", \"editor\"]`");
    fails_body(
        "[auth]\nroles = [\"admin\", 1]\n",
        4,
        19,
        "`roles` must be an array of strings, found an integer",
    );
    let error = fails_body(
        "[auth]\nroles = [\"admin\"]\n",
        4,
        9,
        "`roles` needs a role other than `admin` for registration",
    );
    assert!(hint(&error).starts_with("add one, e.g. `roles = [\"admin\", \"user\"]`"));
    fails_body(
        "[auth]\nroles = []\n",
        4,
        9,
        "`roles` needs a role other than `admin` for registration",
    );
}

#[test]
fn invalid_default_role() {
    let error = fails_body(
        "[auth]\nroles = [\"admin\", \"editor\"]\ndefault_role = \"editr\"\n",
        5,
        16,
        "`default_role` `editr` is not one of the roles",
    );
    assert_eq!(hint(&error), "did you mean `editor`?");
    let error = fails_body(
        "[auth]\nroles = [\"editor\", \"viewer\"]\ndefault_role = \"user\"\n",
        5,
        16,
        "`default_role` `user` is not one of the roles",
    );
    assert_eq!(
        hint(&error),
        "add `user` to `roles`, or pick one of: `editor`, `viewer`"
    );
    let error = fails_body(
        "[auth]\ndefault_role = \"admin\"\n",
        4,
        16,
        "`default_role` cannot be `admin`: registration must not grant admin rights",
    );
    assert_eq!(hint(&error), "pick another role: `user`");
    let error = fails_body(
        "[auth]\nroles = [\"admin\"]\ndefault_role = \"admin\"\n",
        5,
        16,
        "`default_role` cannot be `admin`: registration must not grant admin rights",
    );
    assert_eq!(
        hint(&error),
        "add a role to `roles` (e.g. `roles = [\"admin\", \"user\"]`) and use it"
    );
}

#[test]
fn owned_resources() {
    let error = fails_body(
        "[auth]\nenabled = false\n[resources.post]\nowned = true\nfields.title = \"string\"\n",
        6,
        9,
        "`owned` needs authentication: rows belong to signed-in users",
    );
    assert_eq!(
        hint(&error),
        "set `enabled = true` in `[auth]`, or remove `owned`"
    );
    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nenabled = false\n[resources.post]\nowned = false\nfields.title = \"string\"\n"
    ));
    assert!(!parsed.resources[0].owned);
    let error = fails_body(
        "[resources.post]\nowned = \"yes\"\nfields.title = \"string\"\n",
        4,
        9,
        "`owned` must be a boolean, found a string",
    );
    assert!(hint(&error).contains("true"));
    let error = fails_body(
        "[resources.post]\nowned = true\nfields.title = \"string\"\nfields.owner_id = \"int\"\n",
        6,
        8,
        "field name `owner_id` is reserved on owned resources: `owner_id` holds the user who owns the row",
    );
    assert_eq!(hint(&error), "pick another name, or remove `owned = true`");
    fails_body(
        "[resources.author]\nfields.n = \"string\"\n[resources.post]\nowned = true\n\
         fields.owner = { type = \"ref\", to = \"author\" }\n",
        7,
        8,
        "field name `owner` is reserved on owned resources: `owner_id` holds the user who owns the row",
    );
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.post]\nfields.owner = \"string\"\nfields.owner_id = \"int\"\n"
    ));
    assert_eq!(parsed.resources[0].fields.len(), 2);
}

#[test]
fn invalid_access_rules() {
    let post: &str = "[resources.post]\nfields.title = \"string\"\n";
    let error = fails_body(
        &format!("{post}access = {{ update = \"owner\" }}\n"),
        5,
        21,
        "`update = \"owner\"` needs an owned resource",
    );
    assert_eq!(
        hint(&error),
        "set `owned = true` on this resource, or use `user`"
    );
    let auth: &str = "[auth]\nroles = [\"admin\", \"editor\"]\n";
    let error = fails_body(
        &format!("{auth}{post}access = {{ create = \"editr\" }}\n"),
        7,
        21,
        "unknown access level `editr`",
    );
    assert_eq!(hint(&error), "did you mean `editor`?");
    let error = fails_body(
        &format!("{auth}{post}access = {{ create = \"Admin\" }}\n"),
        7,
        21,
        "unknown access level `Admin`",
    );
    assert_eq!(hint(&error), "did you mean `admin`?");
    let error = fails_body(
        &format!("{auth}{post}access = {{ delete = \"moderator\" }}\n"),
        7,
        21,
        "unknown access level `moderator`",
    );
    assert_eq!(
        hint(&error),
        "use one of `public`, `user`, `owner`, `none`, or a role: `admin`, `editor`"
    );
    let error = fails_body(
        &format!("{post}access = {{ lst = \"public\" }}\n"),
        5,
        12,
        "unknown key `lst` in `access` of resource `post`",
    );
    assert_eq!(hint(&error), "did you mean `list`?");
    let error = fails_body(
        &format!("{post}access = {{ edit = \"public\" }}\n"),
        5,
        12,
        "unknown key `edit` in `access` of resource `post`",
    );
    assert_eq!(
        hint(&error),
        "valid keys are: `list`, `read`, `create`, `update`, `delete`"
    );
    let error = fails_body(
        &format!("{post}access = \"public\"\n"),
        5,
        10,
        "`access` must be a table, found a string",
    );
    assert!(hint(&error).contains("access = { list = \"public\""));
    let error = fails_body(
        &format!("{post}access = {{ list = true }}\n"),
        5,
        19,
        "`list` must be a string, found a boolean",
    );
    assert!(hint(&error).contains("in quotes"));

    let disabled: &str = "[auth]\nenabled = false\n";
    for rules in [
        "access = { list = \"public\" }\n",
        "access.list = \"public\"\n",
        "[resources.post.access]\nlist = \"public\"\n",
    ] {
        let column: usize = if rules.starts_with('[') { 17 } else { 1 };
        let error = fails_body(
            &format!("{disabled}{post}{rules}"),
            7,
            column,
            "access rules need authentication",
        );
        assert_eq!(
            hint(&error),
            "set `enabled = true` in `[auth]`, or remove `access`"
        );
    }
}

#[test]
fn errors_render_with_colour_only_when_asked() {
    let error = parse(
        "[project]\nname = \"x\"\n\n[resources.item]\nfields.name = \"strin\"\n",
        "scaffold.toml",
    )
    .unwrap_err();
    let plain = error.render(false);
    assert_eq!(plain, error.to_string());
    assert!(!plain.contains('\u{1b}'));
    let coloured = error.render(true);
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31merror"),
        "{coloured:?}"
    );
    let stripped: String = {
        let mut out = String::new();
        let mut chars = coloured.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    assert_eq!(stripped, plain);
}

#[test]
fn decimals_keep_to_their_digits() {
    let field = |table: &str| format!("[resources.item]\nfields.f = {{ {table} }}\n");
    let cases: [(&str, usize, &str); 9] = [
        (
            "type = \"float\", precision = 5",
            30,
            "`precision` does not apply to `float` fields",
        ),
        (
            "type = \"decimal\", scale = 2",
            32,
            "`scale` needs a `precision`",
        ),
        (
            "type = \"decimal\", precision = 29",
            44,
            "`precision` must be between 1 and 28, found 29",
        ),
        (
            "type = \"decimal\", precision = 4, scale = 5",
            55,
            "`scale` must be between 0 and `precision` (4), found 5",
        ),
        (
            "type = \"decimal\", precision = 4, scale = 2, default = \"1.234\"",
            68,
            "`default` 1.234 has 3 decimal places, more than `scale` (2)",
        ),
        (
            "type = \"decimal\", precision = 4, scale = 2, example = 123",
            68,
            "`example` 123 has 3 digits before the point, more than `precision` minus `scale` (2)",
        ),
        (
            "type = \"decimal\", precision = 4, scale = 1, min = 0.25",
            64,
            "`min` 0.25 has 2 decimal places, more than `scale` (1)",
        ),
        (
            "type = \"decimal\", min = 0, default = \"-1\"",
            51,
            "`default` -1 is less than `min` (0)",
        ),
        (
            "type = \"decimal\", default = \"1e3\"",
            42,
            "`default` `1e3` is not a decimal number",
        ),
    ];
    for (table, column, message) in cases {
        fails_body(&field(table), 4, column, message);
    }
    let spec = spec(&format!(
        "{HEAD}{}",
        field("type = \"decimal\", precision = 10, scale = 2, default = 9.5, example = \"12\"")
    ));
    let f = &spec.resources[0].fields[0];
    assert_eq!(
        f.digits,
        Some(Digits {
            precision: 10,
            scale: 2
        })
    );
    // Literals are kept as the API answers them: with the column's scale.
    assert_eq!(f.default, Some(Value::String("9.50".to_owned())));
    assert_eq!(f.example, Some(Value::String("12.00".to_owned())));
}

#[test]
fn rules_found_while_deriving_the_project_are_located_in_the_spec() {
    for word in ["public", "none"] {
        let error = fails_body(
            &format!(
                "[resources.note]\nowned = true\naccess = {{ create = \"{word}\" }}\nfields.body = \"text\"\n"
            ),
            5,
            21,
            &format!(
                "an owned resource's rows belong to whoever creates them, so `create` cannot be `{word}`"
            ),
        );
        assert_eq!(hint(&error), "use `user` or a role, or remove `owned`");
    }
    let error = fails_body(
        "[resources.item]\nfields.code = { type = \"string\", pattern = \"^a$\", min_length = 2 }\n",
        4,
        15,
        "no value of field `code` satisfies all of its constraints, so its tests could not make one",
    );
    assert_eq!(hint(&error), "give it an `example` that does");
}
