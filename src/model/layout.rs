//! Layout that depends on the length of names, decided as `rustfmt --edition 2024` (default
//! configuration) would print it, so that generated files need no formatter.
//!
//! Templates are written so that most code has one layout whatever the names; the few places
//! where the length of a name decides between one line and several are laid out here, and the
//! templates print the finished text.

use std::cmp::Ordering;

use serde::Serialize;

/// `max_width`: the longest line rustfmt makes.
pub(crate) const MAX_WIDTH: usize = 100;
/// `fn_call_width`: the longest argument list of a call that stays on one line.
pub(crate) const FN_CALL_WIDTH: usize = 60;
/// `attr_fn_like_width`: the same for the arguments of an attribute.
pub(crate) const ATTR_FN_LIKE_WIDTH: usize = 70;
/// `array_width`: the longest array literal that stays on one line.
pub(crate) const ARRAY_WIDTH: usize = 60;
/// `chain_width`: the longest chain of method calls that stays on one line.
pub(crate) const CHAIN_WIDTH: usize = 60;
/// One level of indentation.
const INDENT: usize = 4;

/// The order rustfmt sorts `mod` items and the names in a `use` list by (the 2024 style's
/// "version sort"): raw identifiers by their name, runs of digits by their value, otherwise
/// character by character.
pub(crate) fn version_cmp(a: &str, b: &str) -> Ordering {
    let a = a.strip_prefix("r#").unwrap_or(a);
    let b = b.strip_prefix("r#").unwrap_or(b);
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (n, m) = (digits(a), digits(b));
                let value = |s: &[u8]| {
                    std::str::from_utf8(s)
                        .ok()
                        .and_then(|s| s.parse::<u128>().ok())
                        .unwrap_or(u128::MAX)
                };
                match value(&a[..n]).cmp(&value(&b[..m])) {
                    Ordering::Equal => {}
                    other => return other,
                }
                a = &a[n..];
                b = &b[m..];
            }
            (Some(x), Some(y)) => match x.cmp(y) {
                Ordering::Equal => {
                    a = &a[1..];
                    b = &b[1..];
                }
                other => return other,
            },
        }
    }
}

/// `names`, sorted as rustfmt orders `mod` items.
pub(crate) fn sorted(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort_by(|a, b| version_cmp(a, b));
    names
}

/// The `mod` items of each folder of a project, in rustfmt's order.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Modules {
    /// `src/api/v1/endpoints/mod.rs`.
    pub endpoints: Vec<String>,
    /// `src/schemas/mod.rs`.
    pub schemas: Vec<String>,
    /// `src/models/mod.rs` and `src/crud/mod.rs`.
    pub tables: Vec<String>,
    /// `tests/api/main.rs`, after `mod helpers;`.
    pub tests: Vec<String>,
}

impl Modules {
    /// The modules of a project with `resources` (module names), with or without auth.
    pub(crate) fn new(resources: &[&str], auth: bool) -> Modules {
        let with = |fixed: &[&str], auth_only: &[&str]| {
            let auth_only = auth_only.iter().filter(|_| auth);
            sorted(
                fixed
                    .iter()
                    .chain(auth_only)
                    .chain(resources)
                    .map(|name| (*name).to_owned()),
            )
        };
        Modules {
            endpoints: with(&[], &["auth", "users"]),
            schemas: with(&["validation"], &["auth", "user"]),
            tables: with(&[], &["user"]),
            tests: with(&["health", "migrations", "openapi"], &["auth", "security"]),
        }
    }
}

/// What a list of arguments belongs to, which decides its width and whether it ends in a comma
/// when it takes one argument a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Args {
    /// A function or method call: [`FN_CALL_WIDTH`], trailing comma.
    Call,
    /// An attribute (`#[response(..)]`): [`ATTR_FN_LIKE_WIDTH`], no trailing comma.
    Attribute,
    /// An array literal: [`ARRAY_WIDTH`], trailing comma.
    Array,
}

/// A call (or attribute, or macro) whose arguments never break inside: `open` and the arguments
/// on one line when they fit the width of `kind` and the line fits in [`MAX_WIDTH`], otherwise
/// one argument a line. `indent` is the column `open` starts at; `close` holds everything after
/// the arguments up to the end of the line (`)`, `);`, `)]`, `))?;` ...). The first line is not
/// indented: the template puts it where it belongs.
pub(crate) fn call(indent: usize, open: &str, args: &[String], close: &str, kind: Args) -> String {
    let limit = match kind {
        Args::Call => FN_CALL_WIDTH,
        Args::Attribute => ATTR_FN_LIKE_WIDTH,
        Args::Array => ARRAY_WIDTH,
    };
    let one_line = args.join(", ");
    if one_line.len() <= limit && indent + open.len() + one_line.len() + close.len() <= MAX_WIDTH {
        return format!("{open}{one_line}{close}");
    }
    let pad = " ".repeat(indent + INDENT);
    let mut text = open.to_owned();
    for (index, arg) in args.iter().enumerate() {
        text.push('\n');
        text.push_str(&pad);
        text.push_str(arg);
        if matches!(kind, Args::Call | Args::Array) || index + 1 < args.len() {
            text.push(',');
        }
    }
    text.push('\n');
    text.push_str(&" ".repeat(indent));
    text.push_str(close);
    text
}

/// A chain of method calls on `head` (its root: `self`, a path, a call) whose parts never break
/// inside: on one line when it fits, and, for more than one call, when it is at most
/// [`CHAIN_WIDTH`] wide; otherwise one call a line. `close` is what follows the chain on its last
/// line.
pub(crate) fn chain(indent: usize, head: &str, calls: &[String], close: &str) -> String {
    let one_line: String = calls.iter().map(|call| format!(".{call}")).collect();
    let width = head.len() + one_line.len();
    if indent + width + close.len() <= MAX_WIDTH && (calls.len() < 2 || width <= CHAIN_WIDTH) {
        return format!("{head}{one_line}{close}");
    }
    let pad = " ".repeat(indent + INDENT);
    let mut text = head.to_owned();
    // A root no wider than an indent (`self`) keeps its first call on its line.
    let mut calls = calls.iter();
    if head.len() <= INDENT
        && let Some(first) = calls.next()
    {
        text.push('.');
        text.push_str(first);
    }
    for call in calls {
        text.push('\n');
        text.push_str(&pad);
        text.push('.');
        text.push_str(call);
    }
    text.push_str(close);
    text
}

/// `lhs = rhs` followed by `close` (`;`, `,`), where `rhs` never breaks inside: on one line when
/// it fits, otherwise `rhs` on the next line, one level deeper.
pub(crate) fn assign(indent: usize, lhs: &str, rhs: &str, close: &str) -> String {
    if indent + lhs.len() + 3 + rhs.len() + close.len() <= MAX_WIDTH {
        format!("{lhs} = {rhs}{close}")
    } else {
        let pad = " ".repeat(indent + INDENT);
        format!("{lhs} =\n{pad}{rhs}{close}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    #[test]
    fn modules_sort_as_rustfmt_sorts_them() {
        assert_eq!(
            sorted(strings(&[
                "person",
                "r#match",
                "group",
                "item10",
                "item9",
                "stock_item",
                "stockist"
            ])),
            [
                "group",
                "item9",
                "item10",
                "r#match",
                "person",
                "stock_item",
                "stockist"
            ]
        );
        let modules = Modules::new(&["warehouse", "stock_item"], true);
        assert_eq!(
            modules.endpoints,
            ["auth", "stock_item", "users", "warehouse"]
        );
        assert_eq!(modules.tables, ["stock_item", "user", "warehouse"]);
        let modules = Modules::new(&["note"], false);
        assert_eq!(modules.tests, ["health", "migrations", "note", "openapi"]);
        assert_eq!(modules.schemas, ["note", "validation"]);
    }

    // Expected layouts below are what rustfmt 1.9 (edition 2024) prints for the same code.

    #[test]
    fn a_call_that_fits_stays_on_one_line() {
        let args = strings(&["&[\"body\", \"category_id\"]", "\"Category not found\""]);
        assert_eq!(
            call(
                8,
                "problems.push(ErrorDetail::new(",
                &args,
                "));",
                Args::Call
            ),
            "problems.push(ErrorDetail::new(&[\"body\", \"category_id\"], \"Category not found\"));"
        );
    }

    #[test]
    fn a_call_over_the_call_width_takes_one_argument_a_line() {
        let args = strings(&[
            "&[\"body\", \"category_id\"]",
            "\"Category not found\"",
            "\"foreign_key\"",
        ]);
        assert_eq!(
            call(
                8,
                "problems.push(ErrorDetail::new(",
                &args,
                "));",
                Args::Call
            ),
            "problems.push(ErrorDetail::new(
            &[\"body\", \"category_id\"],
            \"Category not found\",
            \"foreign_key\",
        ));"
        );
    }

    #[test]
    fn an_attribute_has_its_own_width() {
        let args = strings(&["status = 404", "description = \"Nothing has this id\""]);
        assert_eq!(
            call(0, "#[response(", &args, ")]", Args::Attribute),
            "#[response(status = 404, description = \"Nothing has this id\")]"
        );
        let args = strings(&[
            "status = 404",
            "description = \"Nothing has this id, or it belongs to another user\"",
        ]);
        assert_eq!(
            call(0, "#[response(", &args, ")]", Args::Attribute),
            "#[response(
    status = 404,
    description = \"Nothing has this id, or it belongs to another user\"
)]"
        );
    }

    #[test]
    fn a_long_value_goes_on_the_next_line() {
        let short = "\"sqlite://shop.db\"";
        assert_eq!(
            assign(0, "const DEFAULT_DATABASE_URL: &str", short, ";"),
            "const DEFAULT_DATABASE_URL: &str = \"sqlite://shop.db\";"
        );
        let long = format!("\"sqlite://{}.db\"", "x".repeat(60));
        assert_eq!(
            assign(0, "const DEFAULT_DATABASE_URL: &str", &long, ";"),
            format!("const DEFAULT_DATABASE_URL: &str =\n    {long};")
        );
    }

    #[test]
    fn an_array_over_the_array_width_takes_one_item_a_line() {
        let items = strings(&[
            "\"NoteCreate\"",
            "\"NoteUpdate\"",
            "\"NoteRead\"",
            "\"Page_NoteRead\"",
        ]);
        assert_eq!(
            call(4, "[", &items, "]", Args::Array),
            "[\"NoteCreate\", \"NoteUpdate\", \"NoteRead\", \"Page_NoteRead\"]"
        );
        let items = strings(&[
            "\"PersonCreate\"",
            "\"PersonUpdate\"",
            "\"PersonRead\"",
            "\"Page_PersonRead\"",
        ]);
        assert_eq!(
            call(4, "[", &items, "]", Args::Array),
            "[\n        \"PersonCreate\",\n        \"PersonUpdate\",\n        \"PersonRead\",\n        \"Page_PersonRead\",\n    ]"
        );
    }

    #[test]
    fn a_chain_of_one_call_ignores_the_chain_width() {
        let calls = strings(&["merge(endpoints::stock_items_long::router())"]);
        assert_eq!(
            chain(4, "OpenApiRouter::new()", &calls, ""),
            "OpenApiRouter::new().merge(endpoints::stock_items_long::router())"
        );
    }

    #[test]
    fn a_chain_over_the_chain_width_takes_one_call_a_line() {
        let calls = strings(&["request(Method::GET, uri, None, None)", "await"]);
        assert_eq!(
            chain(8, "self", &calls, ""),
            "self.request(Method::GET, uri, None, None).await"
        );
        let calls = strings(&[
            "request(Method::GET, uri, None, Some(self.token()))",
            "await",
        ]);
        assert_eq!(
            chain(8, "self", &calls, ""),
            "self.request(Method::GET, uri, None, Some(self.token()))\n            .await"
        );
    }
}
