//! What a resource's lists let clients filter on and sort by (the `impl Listed` of its `crud`
//! module), and the lists of one parent's rows that each `ref` gives it
//! (`GET /categories/{id}/products`).

use heck::ToPascalCase;
use serde::Serialize;

use super::access::ActionModel;
use super::field::enum_type_name;
use super::layout::{self, Args};
use super::operation::ErrorResponse;
use crate::kind::{FieldKind, ListKind};
use crate::naming;
use crate::spec::{Field, FieldType, Pagination, Resource, Spec};

/// A column of a resource's filters or sorts.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListColumnModel {
    /// In the query string and the table: `category_id`.
    pub name: String,
    /// `Column::new("price", Kind::Decimal)`, as the generated code builds it.
    pub rust: String,
    pub nullable: bool,
}

impl ListColumnModel {
    /// The column of `name` (a field of `resource`, or a timestamp); `None` for types lists do
    /// not compare (validation keeps those out).
    fn new(resource: &Resource, name: &str) -> Option<ListColumnModel> {
        let Some(field) = resource.fields.iter().find(|field| field.name == name) else {
            return Some(ListColumnModel {
                rust: format!("Column::new(\"{name}\", Kind::DateTime)"),
                name: name.to_owned(),
                nullable: false,
            });
        };
        let kind = field.ty.info().list?;
        let kind = match kind {
            ListKind::Enum => format!(
                "Kind::Enum({}::VALUES)",
                enum_type_name(&resource.name.to_pascal_case(), field)
            ),
            kind => format!("Kind::{}", kind.variant()),
        };
        let constructor = if field.optional { "nullable" } else { "new" };
        Some(ListColumnModel {
            rust: format!("Column::{constructor}(\"{}\", {kind})", field.column()),
            name: field.column(),
            nullable: field.optional,
        })
    }
}

/// The `impl Listed` of a resource's `crud` module.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListingModel {
    /// The items of `impl Listed for ..`, laid out one level deep: `TABLE`, `COLUMNS`, then
    /// `FILTERS` and `SORTS` where the spec gives them.
    pub items: Vec<String>,
    /// `use crate::crud::listing::{..};`, laid out.
    pub listing_use: String,
    /// The `crud` module's `use crate::models::<resource>::{..};`: the row, and the enums
    /// filters name, laid out.
    pub models_use: String,
    pub filters: Vec<ListColumnModel>,
    pub sorts: Vec<ListColumnModel>,
    /// For the filter test: `"column": [values..]` of each filtered column whose values tests
    /// can choose (not references, not timestamps), JSON.
    pub samples: Vec<(String, String)>,
    /// The filter and sort tests' calls of `check_filters` and `check_sorts`, laid out.
    pub check_filters: String,
    pub check_sorts: String,
    /// Lists page by cursor.
    pub cursor: bool,
    /// `GET /<plural>/export` streams the list as CSV or NDJSON.
    pub export: bool,
    /// The export handler's `Ok(listing::export::<..>(..))`, laid out.
    pub export_call: String,
    /// The OpenAPI test's item for the export, where there is one, laid out.
    pub export_operation: Option<String>,
    /// A text field that can hold `=1+2`, for the export test's formula.
    pub formula_field: Option<String>,
    /// The type of a page: `Page` or `CursorPage`.
    pub page: &'static str,
    /// The cursor test's call of `check_cursor_pages`, laid out.
    pub check_cursor_pages: String,
    /// Lists search the table's text (`?q=`).
    pub search: bool,
    /// The search test's call of `check_search`, where some searched field holds any few
    /// words (no pattern, room for two words), laid out.
    pub check_search: Option<String>,
}

impl ListingModel {
    /// `table` holds the columns `fields`, in the order the API sends a row's keys.
    pub(super) fn new(resource: &Resource, table: &str, fields: &[String]) -> ListingModel {
        let struct_name = resource.name.to_pascal_case();
        let samples = resource
            .filter
            .iter()
            .filter_map(|name| {
                let field = resource.fields.iter().find(|field| &field.name == name)?;
                let values = crate::spec::samples::valid_values(field)?;
                Some((field.column(), serde_json::Value::Array(values).to_string()))
            })
            .collect();
        let check = |callee: &str, args: &[&str]| {
            layout::query(
                4,
                "",
                &format!("{callee}::<{struct_name}>("),
                &layout::Arg::List(args.iter().map(|arg| (*arg).to_owned()).collect()),
                &|_| vec!["await".to_owned()],
                ";",
            )
        };
        let body = format!("{}_body", resource.name);
        let columns = |names: &[String]| -> Vec<ListColumnModel> {
            names
                .iter()
                .filter_map(|name| ListColumnModel::new(resource, name))
                .collect()
        };
        let filters = columns(&resource.filter);
        let sorts = columns(&resource.sort);
        let mut items = vec![
            layout::assign(4, "const TABLE: &'static str", &format!("\"{table}\""), ";"),
            if resource.many.is_empty() {
                "const COLUMNS: &'static str = columns!();".to_owned()
            } else {
                "const COLUMNS: &'static str = selected!();".to_owned()
            },
        ];
        let cursor = resource.pagination == Pagination::Cursor;
        for (name, list) in [("FILTERS", &filters), ("SORTS", &sorts)] {
            if list.is_empty() {
                continue;
            }
            let open = format!("const {name}: &'static [Column] = &[");
            let elements: Vec<String> = list.iter().map(|column| element(&column.rust)).collect();
            items.push(layout::call(4, &open, &elements, "];", Args::Array));
        }
        if cursor {
            items.push("const CURSOR: bool = true;".to_owned());
        }
        let search = !resource.search.is_empty();
        if search {
            items.push("const SEARCH: bool = true;".to_owned());
        }
        if !resource.include.is_empty() {
            let names: Vec<String> = resource
                .include
                .iter()
                .map(|name| format!("\"{name}\""))
                .collect();
            items.push(layout::array(
                4,
                "const INCLUDES: &'static [&'static str] = &[",
                &names,
                "];",
            ));
        }
        if resource.export {
            let names: Vec<String> = fields.iter().map(|name| format!("\"{name}\"")).collect();
            items.push(layout::call(
                4,
                "const FIELDS: &'static [&'static str] = &[",
                &names,
                "];",
                Args::Array,
            ));
        }
        let mut names = vec!["ListQuery", "Listed"];
        if cursor {
            names.push("Slice");
        }
        if !filters.is_empty() || !sorts.is_empty() {
            names.extend(["Column", "Kind"]);
        }
        names.sort_by(|a, b| layout::version_cmp(a, b));
        let mut models = vec![struct_name.clone()];
        models.extend(resource.fields.iter().filter_map(|field| {
            let filtered = resource.filter.contains(&field.name);
            (filtered && matches!(field.ty, FieldType::Enum(_)))
                .then(|| enum_type_name(&struct_name, field))
        }));
        models.sort_by(|a, b| layout::version_cmp(a, b));
        ListingModel {
            models_use: layout::use_list(
                &format!("crate::models::{}", naming::rust_ident(&resource.name)),
                &models.iter().map(String::as_str).collect::<Vec<_>>(),
            ),
            samples,
            check_filters: check(
                "check_filters",
                &["&app", "COLLECTION", "&filter_samples()", &body],
            ),
            check_sorts: check("check_sorts", &["&app", "COLLECTION"]),
            check_cursor_pages: check("check_cursor_pages", &["&app", "COLLECTION", &body]),
            search,
            check_search: ListingModel::search_test_field(resource).map(|field| {
                let column = format!("\"{}\"", field.column());
                check("check_search", &["&app", "COLLECTION", &column, &body])
            }),
            cursor,
            export: resource.export,
            export_operation: None,
            formula_field: resource
                .fields
                .iter()
                .find(|field| {
                    matches!(
                        field.ty,
                        FieldType::Plain(FieldKind::String | FieldKind::Text)
                    ) && field.pattern.is_none()
                        && field.min_length.is_none_or(|min| min <= 4)
                        && field.max_length.is_none_or(|max| max >= 4)
                })
                .map(Field::column),
            export_call: layout::nested(
                4,
                "Ok(",
                &format!("listing::export::<_, {struct_name}Read>("),
                &[
                    "export".to_owned(),
                    "state.pool.clone()".to_owned(),
                    format!("\"{}\"", resource.plural),
                ],
                ")",
                Args::Call,
            ),
            page: if cursor { "CursorPage" } else { "Page" },
            items,
            listing_use: layout::use_list("crate::crud::listing", &names),
            filters,
            sorts,
        }
    }

    /// The searched field the search test writes its words in: one that takes any few words.
    pub(super) fn search_test_field(resource: &Resource) -> Option<&Field> {
        resource
            .search
            .iter()
            .filter_map(|name| resource.fields.iter().find(|field| &field.name == name))
            .find(|field| {
                field.pattern.is_none()
                    && field
                        .min_length
                        .is_none_or(|min| min <= SEARCH_SAMPLE_LENGTH)
                    && field
                        .max_length
                        .is_none_or(|max| max >= SEARCH_SAMPLE_LENGTH)
            })
    }

    /// Whether lists filter on `field`.
    pub(super) fn filters_on(resource: &Resource, field: &str) -> bool {
        resource.filter.iter().any(|name| name == field)
    }
}

/// The length of the longest text the search test writes (`"quokka axolotl"`).
const SEARCH_SAMPLE_LENGTH: u32 = 14;

/// An element of a `FILTERS` or `SORTS` array, 8 deep: `Column::new(..)` on its line when it
/// fits, otherwise its arguments on lines of their own.
fn element(rust: &str) -> String {
    if 8 + rust.len() < layout::MAX_WIDTH {
        return rust.to_owned();
    }
    let (open, rest) = rust.split_once('(').expect("a constructor call");
    let args = rest.strip_suffix(')').expect("a constructor call");
    let (name, kind) = args.split_once(", ").expect("two arguments");
    layout::call(
        8,
        &format!("{open}("),
        &[name.to_owned(), kind.to_owned()],
        ")",
        Args::Call,
    )
}

/// A list of one parent's rows: `GET /categories/{id}/products` for `product.category`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RelatedListModel {
    /// `list_category_products`.
    pub handler: String,
    /// Below the API prefix: `/categories/{id}/products`.
    pub path: String,
    /// The parent's words (`category`), module and `.ok_or(..)` of its 404, laid out.
    pub parent_words: String,
    pub parent_article: &'static str,
    pub parent_module: String,
    pub parent_not_found: String,
    /// The column that holds the parent's id: `category_id`.
    pub column: String,
    /// The handler takes the signed-in user, and uses it (otherwise `_user`).
    pub needs_user: bool,
    pub uses_user: bool,
    /// Roles the list (403) and the parent's read rule (403) require, as Rust variants.
    pub role: Option<String>,
    pub parent_role: Option<String>,
    /// Only the parent's owner (or an admin) sees its rows; others get 404.
    pub parent_owner_only: bool,
    /// Non-admins see only their own rows among them.
    pub scoped: bool,
    /// The `responses(..)` items of its errors, as Rust types.
    pub errors: String,
    #[serde(skip)]
    pub error_list: Vec<ErrorResponse>,
    /// The OpenAPI test's item for it, laid out.
    pub operation: String,
    /// The parent's singular name, for `create_<parent>` in tests.
    pub parent: String,
    /// The name of its test.
    pub test_name: String,
    /// Its call of `with_includes`, where the resource has includes, laid out.
    pub include_call: String,
    /// Its test's `let uri = format!(..);` of the list of `parent`'s rows, and
    /// `let missing = format!(..);` of an unknown parent's, laid out.
    pub test_uri: String,
    pub missing_uri: String,
    /// For the rows a many-to-many relation of the parent links (`GET /posts/{id}/tags`): the
    /// handler's `query.linked(..);`, laid out; `None` for the rows that reference the parent.
    pub linked: Option<String>,
    /// For those: the key of the parent's bodies (`tag_ids`), whether its test can create a
    /// parent through the API, and its `let parents = format!(..);`, laid out.
    pub key: String,
    pub parent_creates: bool,
    pub parents_uri: String,
}

impl RelatedListModel {
    /// The lists of `resource`'s rows by each of its references, where its list and the
    /// parent's read are generated.
    pub(super) fn all(
        resource: &Resource,
        list: &ActionModel,
        spec: &Spec,
        parent_read: &dyn Fn(&str) -> Option<ActionModel>,
    ) -> Vec<RelatedListModel> {
        if !list.enabled {
            return Vec::new();
        }
        let refs: Vec<(&Field, &str)> = resource
            .fields
            .iter()
            .filter_map(|field| match &field.ty {
                FieldType::Ref { to, .. } => Some((field, to.as_str())),
                _ => None,
            })
            .collect();
        // Lists by reference, then the lists of rows that a parent's many-to-many relation
        // links (`GET /posts/{id}/tags`).
        let sources = refs
            .iter()
            .map(|&(field, to)| Source::Reference(field, to))
            .chain(spec.resources.iter().flat_map(|parent| {
                parent
                    .many
                    .iter()
                    .filter(|many| many.to == resource.name)
                    .map(move |many| Source::Link(parent, many))
            }));
        sources
            .filter_map(|source| {
                let to = match source {
                    Source::Reference(_, to) => to,
                    Source::Link(parent, _) => parent.name.as_str(),
                };
                let parent = spec.resources.iter().find(|r| r.name == to)?;
                let read = parent_read(to).filter(|read| read.enabled)?;
                let (handler, last, test_stem) = match source {
                    Source::Reference(field, _) => {
                        let last = resource.list_segment(field, &parent.name);
                        let handler = if last == resource.plural {
                            format!("list_{}_{}", parent.name, resource.plural)
                        } else {
                            format!("list_{last}")
                        };
                        (
                            handler,
                            naming::kebab(&last),
                            format!("list_by_{}", field.name),
                        )
                    }
                    Source::Link(_, many) => (
                        format!("list_{}_{}", parent.name, many.name),
                        naming::kebab(&many.name),
                        format!("list_{}_of_a_{}", many.name, parent.name),
                    ),
                };
                let path = format!("/{}/{{id}}/{last}", naming::kebab(&parent.plural));
                let needs_user = list.needs_user || read.needs_user;
                let parent_owner_only = read.owner_only;
                let mut errors = Vec::new();
                if needs_user {
                    errors.push(ErrorResponse::Unauthenticated);
                }
                if list.role.is_some() || read.role.is_some() {
                    errors.push(ErrorResponse::Forbidden);
                }
                errors.push(if parent_owner_only {
                    ErrorResponse::NotFoundOrNotYours
                } else {
                    ErrorResponse::NotFound
                });
                errors.push(ErrorResponse::InvalidIdOrPage);
                let parent_words = parent.name.replace('_', " ");
                let uri = |id: &str| format!("\"{{API}}{}\"", path.replace("{id}", id));
                let long = format!("{test_stem}_holds_only_that_parents_rows");
                let (column, linked, key) = match source {
                    Source::Reference(field, _) => (field.column(), None, String::new()),
                    Source::Link(parent, many) => {
                        let args = [
                            format!(
                                "crud::{}::{}",
                                naming::rust_ident(&parent.name),
                                many.name.to_uppercase()
                            ),
                            "id".to_owned(),
                        ];
                        let call = layout::call(4, "query.linked(", &args, ");", Args::Call);
                        (String::new(), Some(call), many.ids_key())
                    }
                };
                let parent_creates = super::access::actions(parent, &spec.auth)
                    .get(crate::spec::Action::Create)
                    .enabled;
                Some(RelatedListModel {
                    include_call: String::new(),
                    // `async fn <name>() {` fits on its line.
                    test_name: if long.len() + 14 <= layout::MAX_WIDTH {
                        long
                    } else {
                        test_stem
                    },
                    linked,
                    key,
                    parent_creates,
                    parents_uri: layout::call(
                        4,
                        "let parents = format!(",
                        &[format!("\"{{API}}/{}\"", naming::kebab(&parent.plural))],
                        ");",
                        Args::Macro,
                    ),
                    parent: parent.name.clone(),
                    test_uri: layout::call(
                        4,
                        "let uri = format!(",
                        &[
                            uri("{}"),
                            "parent[\"id\"].as_str().expect(\"an id\")".to_owned(),
                        ],
                        ");",
                        Args::Macro,
                    ),
                    missing_uri: layout::call(
                        4,
                        "let missing = format!(",
                        &[uri("{UNKNOWN_ID}")],
                        ");",
                        Args::Macro,
                    ),
                    operation: super::access::operation_tuple(
                        &format!("{}{path}", spec.project.api_prefix),
                        "get",
                        needs_user,
                    ),
                    handler,
                    path,
                    parent_article: naming::article(&parent_words),
                    parent_not_found: layout::nested(
                        8,
                        ".ok_or(",
                        "AppError::NotFound(",
                        &[format!(
                            "\"{}\"",
                            heck::ToTitleCase::to_title_case(parent.name.as_str())
                        )],
                        ")?;",
                        Args::Call,
                    ),
                    parent_words,
                    parent_module: naming::rust_ident(&parent.name),
                    column,
                    needs_user,
                    uses_user: needs_user
                        && (list.role.is_some()
                            || read.role.is_some()
                            || parent_owner_only
                            || list.scoped),
                    role: list.role.clone(),
                    parent_role: read.role.clone(),
                    parent_owner_only,
                    scoped: list.scoped && list.needs_user,
                    error_list: errors.clone(),
                    errors: errors
                        .iter()
                        .map(|error| error.info().name)
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            })
            .collect()
    }
}

/// Where a list of one parent's rows comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// A `ref` field of the listed resource, to the parent.
    Reference(&'a Field, &'a str),
    /// A many-to-many relation of the parent, to the listed resource.
    Link(&'a Resource, &'a crate::spec::Many),
}

/// A reference whose rows `?include=` embeds: `?include=category` on products.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IncludeModel {
    /// The field's name, the key of the embedded row and the value of `?include=`: `category`.
    pub name: String,
    /// The field as a Rust identifier (raw where it is a keyword), in the detail struct.
    pub ident: String,
    /// The column that holds the parent's id: `category_id` (a many-to-many relation's ids:
    /// `tag_ids`).
    pub column: String,
    pub optional: bool,
    /// A many-to-many relation: a list of rows is embedded.
    pub many: bool,
    /// The include test sets the relation in the bodies it posts (an optional reference, or
    /// linked ids).
    pub sets_body: bool,
    /// The parent's module and row type: `category`, `Category`.
    pub parent_module: String,
    pub parent_struct: String,
    /// Who may read the parent's rows: a role (Rust variant), any signed-in user, only the
    /// owner; none of these: anyone.
    pub role: Option<String>,
    pub signed_in: bool,
    pub owner_only: bool,
    /// `use crate::schemas::<parent>::<Parent>Read;` in the resource's schemas, unless the
    /// parent is the resource itself.
    pub schema_use: Option<String>,
    /// `with_includes`: `let ids: Vec<Uuid> = ..;` of the page's parents, laid out; whether
    /// reading them depends on who asks, as a Rust condition on `user`.
    pub ids_let: String,
    pub allowed: Option<String>,
    /// `let related: HashMap<Uuid, ..> = ..;`: the parents the caller may read, by id, laid out.
    pub related_let: String,
    /// The parent's singular name, for `create_<parent>` in tests.
    pub parent: String,
    /// Whether the test user (an admin) sees the embedded rows in lists and reads: the list and
    /// the read of a public resource do not know who asks.
    pub visible_in_list: bool,
    pub visible_in_read: bool,
    /// Its field in the detail struct, laid out.
    pub detail_decl: String,
    /// The include test's `body[..] = create_<parent>(..)..;` for an optional reference, laid
    /// out.
    pub test_parent_set: String,
}

impl IncludeModel {
    /// Sets who sees the embedded rows: in lists, in reads.
    pub(super) fn set_visible(&mut self, in_list: bool, in_read: bool) {
        self.visible_in_list = in_list;
        self.visible_in_read = in_read;
    }
}

impl IncludeModel {
    /// The includes of `resource`, where the parents' read rules are `parent_read`.
    pub(super) fn all(
        resource: &Resource,
        spec: &Spec,
        parent_read: &dyn Fn(&str) -> Option<ActionModel>,
    ) -> Vec<IncludeModel> {
        resource
            .include
            .iter()
            .filter_map(|name| {
                let (to, column, optional, many) =
                    match resource.fields.iter().find(|field| &field.name == name) {
                        Some(field) => {
                            let FieldType::Ref { to, .. } = &field.ty else {
                                return None;
                            };
                            (to, field.column(), field.optional, false)
                        }
                        None => {
                            let many = resource.many.iter().find(|many| &many.name == name)?;
                            (&many.to, many.ids_key(), false, true)
                        }
                    };
                let parent = spec.resources.iter().find(|r| &r.name == to)?;
                let read = parent_read(to)?;
                let parent_struct = parent.name.to_pascal_case();
                let parent_module = naming::rust_ident(&parent.name);
                let pick = if many {
                    format!("flat_map(|detail| detail.row.{column}.iter().copied())")
                } else if optional {
                    format!("filter_map(|detail| detail.row.{column})")
                } else {
                    format!("map(|detail| detail.row.{column})")
                };
                let allowed = match (&read.role, read.needs_user) {
                    (Some(role), _) => Some(format!(
                        "user.is_some_and(|user| user.require(Role::{role}).is_ok())"
                    )),
                    (None, true) => Some("user.is_some()".to_owned()),
                    (None, false) => None,
                };
                let mut calls = vec!["into_iter()".to_owned()];
                if read.owner_only {
                    calls.push(
                        "filter(|row| user.is_some_and(|user| user.may_act_on(row.owner_id)))"
                            .to_owned(),
                    );
                }
                calls.extend([
                    "map(|row| (row.id, row))".to_owned(),
                    "collect()".to_owned(),
                ]);
                let ident = naming::rust_ident(name);
                let ty = if many {
                    format!("Option<Vec<{parent_struct}Read>>,")
                } else {
                    format!("Option<Option<{parent_struct}Read>>,")
                };
                let decl = format!("pub {ident}: {ty}");
                Some(IncludeModel {
                    detail_decl: if 4 + decl.len() <= layout::MAX_WIDTH {
                        decl
                    } else {
                        format!("pub {ident}:\n        {ty}")
                    },
                    test_parent_set: layout::assign(
                        8,
                        &format!("body[\"{column}\"]"),
                        &if many {
                            format!("json!([create_{}(&app).await[\"id\"]])", parent.name)
                        } else {
                            format!("create_{}(&app).await[\"id\"].clone()", parent.name)
                        },
                        ";",
                    ),
                    many,
                    sets_body: optional || many,
                    parent: parent.name.clone(),
                    visible_in_list: true,
                    visible_in_read: true,
                    related_let: layout::assign_chain(
                        8,
                        &format!("let related: HashMap<Uuid, {parent_struct}> = "),
                        "parents",
                        &calls,
                        ";",
                    ),
                    ids_let: layout::assign_chain(
                        8,
                        "let ids: Vec<Uuid> = ",
                        "details",
                        &if allowed.is_some() {
                            // Nothing to read when the caller may not read it.
                            vec![
                                "iter()".to_owned(),
                                "filter(|_| allowed)".to_owned(),
                                pick,
                                "collect()".to_owned(),
                            ]
                        } else {
                            vec!["iter()".to_owned(), pick, "collect()".to_owned()]
                        },
                        ";",
                    ),
                    allowed,
                    name: name.clone(),
                    ident,
                    column,
                    optional,
                    schema_use: (parent.name != resource.name).then(|| {
                        format!("use crate::schemas::{parent_module}::{parent_struct}Read;")
                    }),
                    parent_module,
                    parent_struct,
                    signed_in: read.needs_user,
                    role: read.role.clone(),
                    owner_only: read.owner_only,
                })
            })
            .collect()
    }

    /// Whether reading the parent depends on who asks.
    pub(super) fn needs_viewer(&self) -> bool {
        self.signed_in || self.role.is_some() || self.owner_only
    }
}
