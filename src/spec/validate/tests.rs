//! Tests of spec parsing: the documented example, defaults, ordering and what valid specs mean.
//! Every rule's error (message, location and hint) is a case in
//! `tests/integration/specs/invalid/`, with its snapshot.

use crate::kind::FieldKind;
use crate::spec::{
    Access, AccessLevel, ArgSource, Auth, Backend, Database, Digits, Field, FieldType, Job,
    OnDelete, Pagination, Project, Resource, Spec, Value, creation_order, parse,
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
                many: Vec::new(),
                owned: false,
                access: Access::defaults(true, false),
                after_create: Vec::new(),
                filter: Vec::new(),
                sort: Vec::new(),
                search: Vec::new(),
                pagination: Pagination::Offset,
                export: false,
                events: false,
                include: Vec::new(),
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
                many: Vec::new(),
                owned: false,
                access: Access::defaults(true, false),
                after_create: Vec::new(),
                filter: Vec::new(),
                sort: Vec::new(),
                search: Vec::new(),
                pagination: Pagination::Offset,
                export: false,
                events: false,
                include: vec!["category".to_owned()],
            },
        ],
        jobs: Vec::new(),
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
}

#[test]
fn project_names_may_hold_dashes_underscores_and_digits() {
    assert!(spec("[project]\nname = \"my-shop_2\"\n").project.name == "my-shop_2");
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
fn users_is_a_free_resource_name_without_auth() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nenabled = false\n[resources.user]\nfields.n = \"int\"\n"
    ));
    assert_eq!(parsed.resources[0].plural, "users");
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
fn an_optional_self_reference_is_allowed() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.employee]\nfields.manager = {{ type = \"ref\", to = \"employee\", optional = true }}\n"
    ));
    assert_eq!(creation_order(&parsed), vec![0]);
}

#[test]
fn unique_and_index_may_be_false_on_any_type() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.item]\nfields.f = {{ type = \"json\", unique = false, index = false }}\n"
    ));
    assert!(!parsed.resources[0].fields[0].unique);
}

#[test]
fn bigint_bounds_beyond_32_bits_are_kept() {
    let item: &str = "[resources.item]\n";
    assert_eq!(
        spec(&format!(
            "{HEAD}{item}fields.f = {{ type = \"bigint\", max = 3000000000 }}\n"
        ))
        .resources[0]
            .fields[0]
            .max,
        Some(3e9)
    );
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
        "page",
        "not_found",
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
fn owned_needs_auth_only_when_true_and_owner_is_a_free_field_name() {
    let parsed: Spec = spec(&format!(
        "{HEAD}[auth]\nenabled = false\n[resources.post]\nowned = false\nfields.title = \"string\"\n"
    ));
    assert!(!parsed.resources[0].owned);
    let parsed: Spec = spec(&format!(
        "{HEAD}[resources.post]\nfields.owner = \"string\"\nfields.owner_id = \"int\"\n"
    ));
    assert_eq!(parsed.resources[0].fields.len(), 2);
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
fn decimal_literals_take_the_column_scale() {
    let field = |table: &str| format!("[resources.item]\nfields.f = {{ {table} }}\n");
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
fn jobs_take_their_defaults_and_after_create_names_them() {
    let spec = spec(
        r#"
[project]
name = "shop"

[resources.order]
owned = true
fields.note = "text?"
after_create = ["send_receipt"]

[jobs.send_receipt]
args.order = { type = "ref", to = "order" }
args.note = "text?"
args.copies = { type = "int", default = 1 }

[jobs.nightly]
access = "admin"
max_attempts = 2
timeout_secs = 10
cron = "0 0 3 * * *"
"#,
    );
    let [receipt, nightly] = spec.jobs.as_slice() else {
        panic!("two jobs: {:?}", spec.jobs);
    };
    assert_eq!(receipt.name, "send_receipt");
    assert_eq!(
        (receipt.max_attempts, receipt.timeout_secs),
        (5, 300),
        "the defaults"
    );
    assert_eq!(receipt.access, AccessLevel::User);
    assert_eq!(receipt.cron, None);
    let order = &spec.resources[0];
    assert_eq!(order.after_create, ["send_receipt"]);
    let sources: Vec<Option<ArgSource<'_>>> = receipt
        .args
        .iter()
        .map(|arg| Job::source(arg, order))
        .collect();
    assert_eq!(
        sources,
        [
            Some(ArgSource::Id),
            Some(ArgSource::Field(&order.fields[0])),
            Some(ArgSource::Absent)
        ]
    );
    assert_eq!(nightly.access, AccessLevel::Role("admin".to_owned()));
    assert_eq!((nightly.max_attempts, nightly.timeout_secs), (2, 10));
    assert_eq!(nightly.cron.as_deref(), Some("0 0 3 * * *"));
}
