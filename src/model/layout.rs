//! Layout that depends on the length of names, decided as `rustfmt --edition 2024` (default
//! configuration) would print it, so that generated files need no formatter.
//!
//! Templates are written so that most code has one layout whatever the names; the few places
//! where the length of a name decides between one line and several are laid out here, and the
//! templates print the finished text.

use std::cmp::Ordering;

use serde::Serialize;

use crate::feature::Feature;

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
pub(crate) const INDENT: usize = 4;

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
    /// `src/models/mod.rs`.
    pub tables: Vec<String>,
    /// `src/crud/mod.rs`: the tables', and `listing` where there are resources.
    pub crud: Vec<String>,
    /// `tests/api/main.rs`, after `mod helpers;`.
    pub tests: Vec<String>,
}

impl Modules {
    /// The modules of a project with `resources` (module names) and `features`: each folder's
    /// resource modules and the files the features put there.
    pub(crate) fn new(resources: &[&str], features: &[Feature]) -> Modules {
        let files: Vec<&str> = features
            .iter()
            .flat_map(|feature| feature.info().files.iter().copied())
            .collect();
        // `mod.rs`, a test crate's `main.rs` and its `helpers.rs` (declared apart) are no items.
        let with = |folder: &str| {
            let stems = files.iter().filter_map(|path| {
                let stem = path.strip_prefix(folder)?.strip_suffix(".rs")?;
                (!stem.contains('/') && !["mod", "main", "helpers"].contains(&stem)).then_some(stem)
            });
            sorted(stems.chain(resources.iter().copied()).map(str::to_owned))
        };
        let mut crud = with("src/crud/");
        // The list queries serve resources only.
        if resources.is_empty() {
            crud.retain(|module| module != "listing");
        }
        Modules {
            endpoints: with("src/api/v1/endpoints/"),
            schemas: with("src/schemas/"),
            tables: with("src/models/"),
            crud,
            tests: with("tests/api/"),
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
    /// A function-like macro (`concat!(..)`, `format!(..)`): [`FN_CALL_WIDTH`], no trailing comma.
    Macro,
    /// The parameters of a function: only [`MAX_WIDTH`] limits them, trailing comma.
    Params,
}

/// A call (or attribute, or macro) whose arguments never break inside: `open` and the arguments
/// on one line when they fit the width of `kind` and the line fits in [`MAX_WIDTH`], otherwise
/// one argument a line. `indent` is the column `open` starts at; `close` holds everything after
/// the arguments up to the end of the line (`)`, `);`, `)]`, `))?;` ...). The first line is not
/// indented: the template puts it where it belongs.
pub(crate) fn call(indent: usize, open: &str, args: &[String], close: &str, kind: Args) -> String {
    let limit = match kind {
        Args::Call | Args::Macro => FN_CALL_WIDTH,
        Args::Attribute => ATTR_FN_LIKE_WIDTH,
        Args::Array => ARRAY_WIDTH,
        Args::Params => MAX_WIDTH,
    };
    let one_line = args.join(", ");
    // A single argument stays on the line whenever the line holds it.
    let limit = if args.len() == 1 { MAX_WIDTH } else { limit };
    if one_line.len() <= limit
        && indent + open.len() + one_line.len() + close.len() <= MAX_WIDTH
        && !one_line.contains('\n')
    {
        return format!("{open}{one_line}{close}");
    }
    let pad = " ".repeat(indent + INDENT);
    let mut text = open.to_owned();
    for (index, arg) in args.iter().enumerate() {
        text.push('\n');
        text.push_str(&pad);
        text.push_str(arg);
        if matches!(kind, Args::Call | Args::Array | Args::Params) || index + 1 < args.len() {
            text.push(',');
        }
    }
    text.push('\n');
    text.push_str(&" ".repeat(indent));
    text.push_str(close);
    text
}

/// `lhs` (`let x = `) and a chain on `head`, as rustfmt lays out an assignment: the chain after
/// `lhs` when the whole fits on the line; otherwise on the next line, one level deeper, when it
/// fits there and is at most [`CHAIN_WIDTH`] wide; otherwise broken one call a line
/// ([`chain_after`]).
pub(crate) fn assign_chain(
    indent: usize,
    lhs: &str,
    head: &str,
    calls: &[String],
    close: &str,
) -> String {
    let chain = format!("{head}.{}", calls.join("."));
    if chain.len() <= CHAIN_WIDTH {
        if indent + lhs.len() + chain.len() + close.len() <= MAX_WIDTH {
            return format!("{lhs}{chain}{close}");
        }
        if indent + INDENT + chain.len() + close.len() <= MAX_WIDTH {
            let pad = " ".repeat(indent + INDENT);
            return format!("{}\n{pad}{chain}{close}", lhs.trim_end());
        }
    }
    chain_after(indent, lhs, head, calls, close)
}

/// An array literal, as rustfmt lays it out: on one line when it fits; otherwise one element a
/// line, unless every element is short (at most 10 characters), when as many fill each line as
/// fit. `indent` is the column `open` starts at.
pub(crate) fn array(indent: usize, open: &str, items: &[String], close: &str) -> String {
    let one_line = call(indent, open, items, close, Args::Array);
    if !one_line.contains('\n') || items.iter().any(|item| item.len() > 10) {
        return one_line;
    }
    let pad = " ".repeat(indent + INDENT);
    let mut text = open.to_owned();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && pad.len() + line.len() + 1 + item.len() + 1 > MAX_WIDTH {
            text.push_str(&format!("\n{pad}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(item);
        line.push(',');
    }
    text.push_str(&format!("\n{pad}{line}\n{}{close}", " ".repeat(indent)));
    text
}

/// A chain of method calls on `head` (its root: `self`, a path, a call) whose parts never break
/// inside: on one line when it fits, and, for more than one call, when it is at most
/// [`CHAIN_WIDTH`] wide; otherwise one call a line. `close` is what follows the chain on its last
/// line.
pub(crate) fn chain(indent: usize, head: &str, calls: &[String], close: &str) -> String {
    chain_after(indent, "", head, calls, close)
}

/// [`chain`] after `prefix` on its first line (`None => `, `let x = `): the calls that do not
/// fit go one level deeper than `indent`, the start of the line.
pub(crate) fn chain_after(
    indent: usize,
    prefix: &str,
    head: &str,
    calls: &[String],
    close: &str,
) -> String {
    let one_line: String = calls.iter().map(|call| format!(".{call}")).collect();
    let width = head.len() + one_line.len();
    if indent + prefix.len() + width + close.len() <= MAX_WIDTH
        && (calls.len() < 2 || width <= CHAIN_WIDTH)
    {
        return format!("{prefix}{head}{one_line}{close}");
    }
    let pad = " ".repeat(indent + INDENT);
    let mut text = format!("{prefix}{head}");
    // A root no wider than an indent (`self`) at the start of its line keeps its first call
    // on that line.
    let mut calls = calls.iter();
    if prefix.is_empty()
        && head.len() <= INDENT
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

/// `use path::{names};` (`use path::name;` for one name): when the line is too long, the names
/// fill lines of their own, as many a line as fit.
pub(crate) fn use_list(path: &str, names: &[&str]) -> String {
    match names {
        ["self"] => return format!("use {path};"),
        [name] => return format!("use {path}::{name};"),
        _ => {}
    }
    let line = format!("use {path}::{{{}}};", names.join(", "));
    // rustfmt breaks a braced list two characters short of the width (measured: a 98-character
    // line stays, a 99-character one breaks).
    if line.len() <= MAX_WIDTH - 2 {
        return line;
    }
    let mut text = format!("use {path}::{{");
    // Measured: names that fit on one line of 100 characters with their commas take it; spread
    // over several lines, each line stays within 99.
    let one_line = format!("{},", names.join(", "));
    if INDENT + one_line.len() <= MAX_WIDTH {
        return format!("{text}\n    {one_line}\n}};");
    }
    let mut current = String::new();
    for name in names {
        if !current.is_empty() && INDENT + current.len() + 1 + name.len() + 2 > MAX_WIDTH {
            text.push_str(&format!("\n    {current}"));
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(name);
        current.push(',');
    }
    text.push_str(&format!("\n    {current}\n}};"));
    text
}

/// `outer inner args) close`: a call (or macro) that is the one argument of `outer`, as in
/// `problems.push(ErrorDetail::new(..));` or `.routes(routes!(..))`. It stays on one line when
/// the inner call, whole, fits the call width and the line fits; otherwise its arguments take
/// a line each (with a trailing comma for [`Args::Call`]). `indent` is the column `outer`
/// starts at; `close` follows the inner call's `)`.
pub(crate) fn nested(
    indent: usize,
    outer: &str,
    inner: &str,
    args: &[String],
    close: &str,
    kind: Args,
) -> String {
    let call = format!("{inner}{})", args.join(", "));
    if call.len() <= FN_CALL_WIDTH && indent + outer.len() + call.len() + close.len() <= MAX_WIDTH {
        return format!("{outer}{call}{close}");
    }
    let pad = " ".repeat(indent + INDENT);
    let end = " ".repeat(indent);
    let mut lines = args.join(&format!(",\n{pad}"));
    if kind != Args::Macro {
        lines.push(',');
    }
    format!("{outer}{inner}\n{pad}{lines}\n{end}){close}")
}

/// A match arm `pattern => body,` whose body never breaks inside: on the arm's line when it
/// fits, otherwise in a block on a line of its own. `indent` is the column of `pattern`.
pub(crate) fn arm(indent: usize, pattern: &str, body: &str) -> String {
    // ` => ` and the comma.
    let line = indent + pattern.len() + 4 + body.len() + 1;
    if line <= MAX_WIDTH {
        format!("{pattern} => {body},")
    } else {
        let pad = " ".repeat(indent + INDENT);
        let end = " ".repeat(indent);
        format!("{pattern} => {{\n{pad}{body}\n{end}}}")
    }
}

/// `) -> Result<(items), error> {`, the end of a signature returning a tuple: the tuple's items
/// on one line while they fit the call width, otherwise one a line.
pub(crate) fn returns_tuple(items: &[String], error: &str) -> String {
    let one_line = items.join(", ");
    let line = format!(") -> Result<({one_line}), {error}> {{");
    if one_line.len() <= FN_CALL_WIDTH && line.len() <= MAX_WIDTH {
        return line;
    }
    let items: String = items
        .iter()
        .map(|item| format!("\n        {item},"))
        .collect();
    format!(") -> Result<\n    ({items}\n    ),\n    {error},\n> {{")
}

/// The arguments of the call a [`query`] chain starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// One literal (a statement): it stays on the call's line while the line holds it.
    Literal(String),
    /// `concat!` of the pieces of a statement: on one line while it fits the call width.
    Concat(Vec<String>),
    /// Ordinary arguments: on one line while they fit the call width.
    List(Vec<String>),
}

/// `prefix callee(arg)` followed by a chain of `calls` and `close` (`?;`, `;` or nothing), as
/// rustfmt lays out a query: on one line when the chain fits; otherwise the call on the first
/// line and one method a line below it; when the call itself does not fit after `prefix` (a
/// `let .. = `) but does on the next line, there; otherwise the call's arguments are broken
/// (one a line) and the methods follow at the statement's indent. `callee` ends with `(`.
///
/// `calls` gives the methods laid out for the column their `.` starts at.
pub(crate) fn query(
    indent: usize,
    prefix: &str,
    callee: &str,
    arg: &Arg,
    calls: &dyn Fn(usize) -> Vec<String>,
    close: &str,
) -> String {
    let (one_line, arg_fits) = match arg {
        Arg::Literal(literal) => (literal.clone(), true),
        Arg::Concat(pieces) => {
            let arg = format!("concat!({})", pieces.join(", "));
            let fits = arg.len() <= FN_CALL_WIDTH;
            (arg, fits)
        }
        Arg::List(args) => {
            let arg = args.join(", ");
            let fits = args.len() < 2 || arg.len() <= FN_CALL_WIDTH;
            (arg, fits)
        }
    };
    let head = format!("{callee}{one_line})");
    let flat = calls(0);
    let tail: String = flat.iter().map(|call| format!(".{call}")).collect();
    let column = indent + prefix.len();
    // rustfmt counts a `?` after a chain of methods twice: such a line ends one column earlier.
    let width = if close.starts_with('?') && !flat.is_empty() {
        MAX_WIDTH - 1
    } else {
        MAX_WIDTH
    };
    if arg_fits
        && column + head.len() + tail.len() + close.len() <= width
        && (flat.len() < 2 || head.len() + tail.len() <= CHAIN_WIDTH)
    {
        return format!("{prefix}{head}{tail}{close}");
    }
    // After `let .. = `, the whole chain on the next line when it fits there on one line.
    let assigned = prefix.ends_with("= ");
    if assigned
        && arg_fits
        && indent + INDENT + head.len() + tail.len() + close.len() <= width
        && (flat.len() < 2 || head.len() + tail.len() <= CHAIN_WIDTH)
    {
        let pad = " ".repeat(indent + INDENT);
        return format!("{}\n{pad}{head}{tail}{close}", prefix.trim_end());
    }
    let methods = |indent: usize| -> String {
        let pad = " ".repeat(indent);
        let mut text: String = calls(indent)
            .iter()
            .map(|call| format!("\n{pad}.{call}"))
            .collect();
        text.push_str(close);
        text
    };
    if arg_fits && column + head.len() <= MAX_WIDTH {
        return format!("{prefix}{head}{}", methods(indent + INDENT));
    }
    if assigned && arg_fits && indent + INDENT + head.len() <= MAX_WIDTH {
        let pad = " ".repeat(indent + INDENT);
        return format!(
            "{}\n{pad}{head}{}",
            prefix.trim_end(),
            methods(indent + 2 * INDENT)
        );
    }
    let pad = " ".repeat(indent + INDENT);
    let end = " ".repeat(indent);
    let broken = match arg {
        Arg::Literal(literal) => format!("{prefix}{callee}\n{pad}{literal},\n{end})"),
        Arg::Concat(pieces) => {
            let lines = pieces.join(&format!(",\n{pad}"));
            format!("{prefix}{callee}concat!(\n{pad}{lines}\n{end}))")
        }
        Arg::List(args) => {
            let lines: String = args.iter().map(|arg| format!("\n{pad}{arg},")).collect();
            format!("{prefix}{callee}{lines}\n{end})")
        }
    };
    format!("{broken}{}", methods(indent))
}

/// An expression that breaks only between the parts of its chain: `head.calls[0].calls[1]..`
/// (a field is a part too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chain {
    pub head: String,
    pub calls: Vec<String>,
}

impl Chain {
    /// An expression that never breaks.
    pub(crate) fn plain(text: String) -> Chain {
        Chain {
            head: text,
            calls: Vec::new(),
        }
    }
}

/// `name(arg)`, a method of a chain whose `.` is at `indent`, where `arg` is a [`Chain`]: on
/// one line when the argument stays on one, otherwise the argument on lines of its own.
pub(crate) fn method_of_chain(indent: usize, name: &str, arg: &Chain) -> String {
    let open = format!("{name}(");
    let one_line = chain(indent + 1 + open.len(), &arg.head, &arg.calls, ")");
    if !one_line.contains('\n') {
        return format!("{open}{one_line}");
    }
    let pad = " ".repeat(indent + INDENT);
    let inner = chain(indent + INDENT, &arg.head, &arg.calls, ",");
    format!("{open}\n{pad}{inner}\n{})", " ".repeat(indent))
}

/// `name: ty` followed by `close` (a field, `,`): the type on the next line, one level deeper,
/// when the line is too long and the type fits there.
pub(crate) fn typed(indent: usize, name: &str, ty: &str, close: &str) -> String {
    break_after(indent, name, ":", ty, close)
}

/// `head -> ty` and `close` (` {`), the end of a signature without parameters to break: the
/// return type on a line of its own, at `indent`, when the line is too long.
pub(crate) fn returns(indent: usize, head: &str, ty: &str, close: &str) -> String {
    if indent + head.len() + 4 + ty.len() + close.len() <= MAX_WIDTH {
        format!("{head} -> {ty}{close}")
    } else {
        format!("{head}\n{}-> {ty}{close}", " ".repeat(indent))
    }
}

/// `lhs = rhs` followed by `close` (`;`, `,`), where `rhs` never breaks inside: on one line when
/// it fits, otherwise `rhs` on the next line, one level deeper, if it fits there.
pub(crate) fn assign(indent: usize, lhs: &str, rhs: &str, close: &str) -> String {
    break_after(indent, lhs, " =", rhs, close)
}

/// `head`, `separator`, a space and `tail` followed by `close`, where `tail` never breaks inside:
/// on one line when it fits, otherwise `tail` on the next line, one level deeper, if it fits
/// there (when it does not fit there either, it stays on the line of `head`).
fn break_after(indent: usize, head: &str, separator: &str, tail: &str, close: &str) -> String {
    let fits = |column: usize| column + tail.len() + close.len() <= MAX_WIDTH;
    if fits(indent + head.len() + separator.len() + 1) || !fits(indent + INDENT) {
        format!("{head}{separator} {tail}{close}")
    } else {
        let pad = " ".repeat(indent + INDENT);
        format!("{head}{separator}\n{pad}{tail}{close}")
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
        let auth = [Feature::Core, Feature::Auth, Feature::Resources];
        let modules = Modules::new(&["warehouse", "stock_item"], &auth);
        assert_eq!(
            modules.endpoints,
            ["auth", "stock_item", "users", "warehouse"]
        );
        assert_eq!(modules.tables, ["stock_item", "user", "warehouse"]);
        let modules = Modules::new(&["note"], &[Feature::Core, Feature::Resources]);
        assert_eq!(modules.tests, ["health", "migrations", "note", "openapi"]);
        assert_eq!(modules.schemas, ["note", "validation"]);
        assert_eq!(modules.crud, ["listing", "note"]);
        let modules = Modules::new(&[], &[Feature::Core, Feature::Resources, Feature::Jobs]);
        assert_eq!(modules.endpoints, ["jobs", "tasks"]);
        assert_eq!(modules.crud, ["task"]);
        assert_eq!(modules.tests, ["health", "jobs", "migrations", "openapi"]);
    }

    // Expected layouts below are what rustfmt 1.9 (edition 2024) prints for the same code.

    #[test]
    fn a_nested_call_that_fits_stays_on_one_line() {
        let push = |args: &[&str]| {
            nested(
                8,
                "problems.push(",
                "ErrorDetail::new(",
                &strings(args),
                ");",
                Args::Call,
            )
        };
        assert_eq!(
            push(&["&[\"body\", \"id\"]", "\"G\"", "\"foreign_key\""]),
            "problems.push(ErrorDetail::new(&[\"body\", \"id\"], \"G\", \"foreign_key\"));"
        );
        // The inner call is 62 wide: over the call width, though its arguments are not.
        assert_eq!(
            push(&["&[\"body\", \"idxxxxxxxxx\"]", "\"G\"", "\"foreign_key\""]),
            "problems.push(ErrorDetail::new(
            &[\"body\", \"idxxxxxxxxx\"],
            \"G\",
            \"foreign_key\",
        ));"
        );
    }

    #[test]
    fn a_call_over_the_call_width_takes_one_argument_a_line() {
        let short = strings(&["\"tower_http\"", "LevelFilter::INFO"]);
        assert_eq!(
            call(12, ".with_target(", &short, ")", Args::Call),
            ".with_target(\"tower_http\", LevelFilter::INFO)"
        );
        let long = strings(&[
            "\"international_freight_logistics_platform_backend\"",
            "LevelFilter::INFO",
        ]);
        assert_eq!(
            call(12, ".with_target(", &long, ")", Args::Call),
            ".with_target(
                \"international_freight_logistics_platform_backend\",
                LevelFilter::INFO,
            )"
        );
    }

    #[test]
    fn an_arm_too_long_for_its_line_takes_a_block() {
        let body = "crud::note::list_owned(&state.pool, owner, page.limit, page.offset).await?";
        assert_eq!(
            arm(8, "Some(owner)", body),
            format!("Some(owner) => {body},")
        );
        let body = "crud::comment::list_owned(&state.pool, owner, page.limit, page.offset).await?";
        assert_eq!(
            arm(8, "Some(owner)", body),
            format!("Some(owner) => {{\n            {body}\n        }}")
        );
    }

    #[test]
    fn a_returned_tuple_breaks_over_the_call_width() {
        let items = |read: &str| {
            strings(&[
                "StatusCode",
                "[(header::HeaderName, String); 1]",
                &format!("Json<{read}>"),
            ])
        };
        assert_eq!(
            returns_tuple(&items("TagRead"), "AppError"),
            ") -> Result<(StatusCode, [(header::HeaderName, String); 1], Json<TagRead>), AppError> {"
        );
        assert_eq!(
            returns_tuple(&items("NoteRead"), "AppError"),
            ") -> Result<
    (
        StatusCode,
        [(header::HeaderName, String); 1],
        Json<NoteRead>,
    ),
    AppError,
> {"
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

    fn select(table: &str) -> Arg {
        Arg::Concat(strings(&[
            "\"SELECT \"",
            "columns!()",
            &format!("r#\" FROM \"{table}\"\"#"),
        ]))
    }

    /// rustfmt lets `..).await?` reach column 99 only (checked with rustfmt 1.9): at 100 the
    /// match arm below goes into a block, while `..).await` or `..)?` alone may reach 100.
    #[test]
    fn a_chain_ending_in_a_question_mark_ends_a_column_early() {
        let arm = |module: &str| {
            let callee = format!("crud::{module}::list(");
            let args = Arg::List(strings(&["&state.pool", "page.limit", "page.offset"]));
            query(
                8,
                "None => ",
                &callee,
                &args,
                &|_| strings(&["await"]),
                "?,",
            )
        };
        let fits = arm("other_thing_with_long_nam");
        assert_eq!(8 + fits.len(), 99);
        assert!(!fits.contains('\n'), "{fits}");
        assert!(arm("other_thing_with_long_name").contains('\n'));
    }

    #[test]
    fn a_query_keeps_its_call_on_one_line_while_it_fits() {
        let calls = strings(&["bind(id)", "fetch_optional(db)", "await"]);
        let callee = "sqlx::query_as::<_, N>(";
        assert_eq!(
            query(
                4,
                "",
                callee,
                &select(&"x".repeat(15)),
                &|_| calls.clone(),
                ""
            ),
            format!(
                "sqlx::query_as::<_, N>(concat!(\"SELECT \", columns!(), r#\" FROM \"{}\"\"#))
        .bind(id)
        .fetch_optional(db)
        .await",
                "x".repeat(15)
            )
        );
        assert_eq!(
            query(
                4,
                "",
                callee,
                &select(&"x".repeat(16)),
                &|_| calls.clone(),
                ""
            ),
            format!(
                "sqlx::query_as::<_, N>(concat!(
        \"SELECT \",
        columns!(),
        r#\" FROM \"{}\"\"#
    ))
    .bind(id)
    .fetch_optional(db)
    .await",
                "x".repeat(16)
            )
        );
    }

    #[test]
    fn a_query_moves_below_its_let_when_only_that_keeps_it_on_one_line() {
        let calls = strings(&["bind(id)", "fetch_one(db)", "await"]);
        let callee = "sqlx::query_scalar(";
        let prefix = "let count: i64 = ";
        let short = Arg::Literal(r##"r#"SELECT COUNT(*) FROM "n""#"##.to_owned());
        assert_eq!(
            query(4, prefix, callee, &short, &|_| calls.clone(), "?;"),
            "let count: i64 = sqlx::query_scalar(r#\"SELECT COUNT(*) FROM \"n\"\"#)
        .bind(id)
        .fetch_one(db)
        .await?;"
        );
        let middle = r##"r#"SELECT COUNT(*) FROM "cross_border_freig" WHERE "id" = $1"#"##;
        assert_eq!(
            query(
                4,
                prefix,
                callee,
                &Arg::Literal(middle.to_owned()),
                &|_| calls.clone(),
                "?;"
            ),
            format!(
                "let count: i64 =
        sqlx::query_scalar({middle})
            .bind(id)
            .fetch_one(db)
            .await?;"
            )
        );
        let long = format!(
            r##"r#"SELECT COUNT(*) FROM "{}" WHERE "id" = $1"#"##,
            "x".repeat(50)
        );
        assert_eq!(
            query(
                4,
                prefix,
                callee,
                &Arg::Literal(long.clone()),
                &|_| calls.clone(),
                "?;"
            ),
            format!(
                "let count: i64 = sqlx::query_scalar(
        {long},
    )
    .bind(id)
    .fetch_one(db)
    .await?;"
            )
        );
    }

    #[test]
    fn a_long_use_list_takes_a_line_of_its_own() {
        let names = ["ConfigError", "DEVELOPMENT_SECRET", "Settings"];
        assert_eq!(
            use_list("shop::config", &names),
            "use shop::config::{ConfigError, DEVELOPMENT_SECRET, Settings};"
        );
        let long = "international_freight_logistics_platform_backend::config";
        assert_eq!(
            use_list(long, &names),
            format!("use {long}::{{\n    ConfigError, DEVELOPMENT_SECRET, Settings,\n}};")
        );
    }

    #[test]
    fn use_lists_fill_their_lines() {
        assert_eq!(
            use_list("crate::error", &["AppError"]),
            "use crate::error::AppError;"
        );
        let names = [
            "InvalidBodyIdOrReference",
            "InvalidBodyOrReference",
            "InvalidId",
            "InvalidPage",
            "NotFound",
            "NotJson",
            "StillReferenced",
            "Unauthenticated",
            "UniqueTaken",
        ];
        assert_eq!(
            use_list("crate::api::responses", &names),
            "use crate::api::responses::{
    InvalidBodyIdOrReference, InvalidBodyOrReference, InvalidId, InvalidPage, NotFound, NotJson,
    StillReferenced, Unauthenticated, UniqueTaken,
};"
        );
    }

    #[test]
    fn a_macro_over_the_call_width_takes_one_argument_a_line() {
        let routes =
            |args: &[&str]| nested(8, ".routes(", "routes!(", &strings(args), ")", Args::Macro);
        assert_eq!(
            routes(&["list_notes", "create_note"]),
            ".routes(routes!(list_notes, create_note))"
        );
        assert_eq!(
            routes(&[
                "read_review",
                "replace_review",
                "update_review",
                "delete_review"
            ]),
            ".routes(routes!(
            read_review,
            replace_review,
            update_review,
            delete_review
        ))"
        );
    }

    #[test]
    fn a_chain_in_an_argument_breaks_on_lines_of_its_own() {
        let optional = Chain {
            head: "input".to_owned(),
            calls: strings(&[
                "budget",
                "map(|value| crate::models::with_scale(value, 2).to_string())",
            ]),
        };
        assert_eq!(
            method_of_chain(4, "bind", &optional),
            "bind(
        input
            .budget
            .map(|value| crate::models::with_scale(value, 2).to_string()),
    )"
        );
        let scaled = |field: &str| Chain {
            head: format!("crate::models::with_scale(input.{field}, 3)"),
            calls: strings(&["to_string()"]),
        };
        assert_eq!(
            method_of_chain(4, "bind", &scaled("weight")),
            "bind(crate::models::with_scale(input.weight, 3).to_string())"
        );
        assert_eq!(
            method_of_chain(
                4,
                "bind",
                &scaled("declared_gross_consignment_weight_in_kilograms")
            ),
            "bind(
        crate::models::with_scale(input.declared_gross_consignment_weight_in_kilograms, 3)
            .to_string(),
    )"
        );
    }

    #[test]
    fn a_short_root_after_a_prefix_does_not_keep_its_first_call() {
        let calls = strings(&[
            "request(Method::POST, COLLECTION, Some(&body), Some(&outsider))",
            "await",
        ]);
        assert_eq!(
            chain_after(4, "let response = ", "app", &calls, ";"),
            "let response = app
        .request(Method::POST, COLLECTION, Some(&body), Some(&outsider))
        .await;"
        );
    }

    #[test]
    fn a_long_field_type_goes_on_the_next_line() {
        assert_eq!(typed(4, "pub name", "String", ","), "pub name: String,");
        let ty = "CrossBorderFreightShipmentConsignmentCurrentConsignmentCustomsClearanceStatus";
        assert_eq!(
            typed(
                4,
                "pub current_consignment_customs_clearance_status",
                ty,
                ","
            ),
            format!("pub current_consignment_customs_clearance_status:\n        {ty},")
        );
    }

    #[test]
    fn a_long_return_type_takes_a_line_of_its_own() {
        assert_eq!(
            returns(0, "fn default_views()", "i64", " {"),
            "fn default_views() -> i64 {"
        );
        let ty = "CrossBorderFreightShipmentConsignmentCurrentConsignmentCustomsClearanceStatus";
        let head = "fn default_current_consignment_customs_clearance_status()";
        assert_eq!(returns(0, head, ty, " {"), format!("{head}\n-> {ty} {{"));
    }

    #[test]
    fn a_call_moves_below_its_let_when_it_then_fits_on_one_line() {
        let args = Arg::List(strings(&["&state.pool", "user.id", "&input"]));
        let create = |module: &str| {
            query(
                4,
                "let row = ",
                &format!("crud::{module}::create("),
                &args,
                &|_| strings(&["await"]),
                "?;",
            )
        };
        assert_eq!(
            create("post"),
            "let row = crud::post::create(&state.pool, user.id, &input).await?;"
        );
        assert_eq!(
            create("international_freight_carrier_company"),
            "let row =
        crud::international_freight_carrier_company::create(&state.pool, user.id, &input).await?;"
        );
        assert_eq!(
            create("cross_border_freight_shipment_consignment"),
            "let row = crud::cross_border_freight_shipment_consignment::create(&state.pool, user.id, &input)
        .await?;"
        );
        assert_eq!(
            create("cross_border_freight_shipment_consignment_items"),
            "let row =
        crud::cross_border_freight_shipment_consignment_items::create(&state.pool, user.id, &input)
            .await?;"
        );
    }

    #[test]
    fn a_chain_after_a_match_arm_breaks_one_level_deeper() {
        let calls = strings(&["await", "map_err(|error| error.to_string())"]);
        assert_eq!(
            chain_after(8, "None => ", "shop::run()", &calls, ","),
            "None => shop::run().await.map_err(|error| error.to_string()),"
        );
        assert_eq!(
            chain_after(8, "None => ", "preset_minimal::run()", &calls, ","),
            "None => preset_minimal::run()\n            .await\n            .map_err(|error| error.to_string()),"
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
