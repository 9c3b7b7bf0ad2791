//! The model of a resource's generated API tests (`tests/api/<resource>.rs`): which keys a body
//! needs, which values each field refuses, and the statements whose layout depends on names.

use serde::Serialize;

use super::FieldModel;
use super::layout::{self, Args};
use crate::spec::{Resource, samples};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TestModel {
    pub uses_n: bool,
    pub required_keys: Vec<String>,
    pub optional_keys: Vec<String>,
    /// Keys a body may leave out: optional fields and fields with a default.
    pub omittable_keys: Vec<String>,
    pub optional_body: bool,
    pub defaults: Vec<KeyValue>,
    pub unique_keys: Vec<String>,
    pub invalid_cases: Vec<InvalidCase>,
    pub patch: Option<KeyValue>,
    /// Up to two fields, each with two values (JSON literals), for concurrent updates.
    pub concurrent_patches: Vec<(String, [String; 2])>,
    /// `for key in [..] {` over the required, unique and reference keys, laid out.
    pub required_keys_loop: String,
    pub unique_keys_loop: String,
    pub ref_keys_loop: String,
    /// `assert_eq!(..);` that each optional key reads `null` after a create, laid out.
    pub null_asserts: Vec<String>,
    /// `assert_eq!(..);` that each default was applied, laid out.
    pub default_asserts: Vec<String>,
    /// `let firsts = [..];` and `let seconds = [..];`: the bodies of the concurrent updates of
    /// each of the two fields, laid out.
    pub concurrent_bodies: Vec<String>,
    /// `let cases: Vec<..> = vec![..];` of the invalid cases, laid out.
    pub cases_vec: String,
    /// A required integer field, to send as an integral number (`32.0`).
    pub integral: Option<String>,
    /// `let value = body[..].as_i64().expect(..);` of that field, laid out.
    pub integral_value: String,
    /// `assert_eq!(response.body[..], json!(value));` of that field, laid out.
    pub integral_assert: String,
    /// A required text field, to send a NUL in.
    pub nul_key: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct KeyValue {
    pub key: String,
    /// A JSON literal, for `json!(..)`.
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct InvalidCase {
    /// `let (key, value, kind) = ("key", json!(value), "kind");`, laid out.
    pub binding: String,
    /// The tuple `("key", json!(value), "kind"),` as an item of a `vec!`, laid out.
    pub item: String,
    /// The tuple on one line.
    #[serde(skip)]
    pub tuple: String,
}

impl TestModel {
    pub(super) fn new(resource: &Resource, fields: &[FieldModel]) -> TestModel {
        let mut test = TestModel {
            uses_n: fields.iter().any(|f| !f.is_ref),
            required_keys: Vec::new(),
            optional_keys: Vec::new(),
            omittable_keys: Vec::new(),
            optional_body: false,
            defaults: Vec::new(),
            unique_keys: Vec::new(),
            invalid_cases: Vec::new(),
            cases_vec: String::new(),
            patch: None,
            concurrent_patches: Vec::new(),
            concurrent_bodies: Vec::new(),
            required_keys_loop: String::new(),
            unique_keys_loop: String::new(),
            ref_keys_loop: String::new(),
            null_asserts: Vec::new(),
            default_asserts: Vec::new(),
            integral: None,
            integral_value: String::new(),
            integral_assert: String::new(),
            nul_key: None,
        };
        for (field, model) in resource.fields.iter().zip(fields) {
            let key = model.json_name.clone();
            if field.optional {
                test.omittable_keys.push(key.clone());
                if field.default.is_none() {
                    test.optional_keys.push(key.clone());
                }
            } else if field.default.is_none() {
                test.required_keys.push(key.clone());
            }
            if let Some(default) = &field.default {
                if !field.optional {
                    test.omittable_keys.push(key.clone());
                }
                test.defaults.push(KeyValue {
                    key: key.clone(),
                    value: samples::to_json(default).to_string(),
                });
            }
            if field.unique {
                test.unique_keys.push(key.clone());
            }
            if test.nul_key.is_none()
                && !field.optional
                && field.ty.info().format_check == Some("text")
            {
                test.nul_key = Some(key.clone());
            }
            if test.integral.is_none()
                && !field.optional
                && field.ty.info().deserialize_with == Some("integer")
            {
                test.integral = Some(key.clone());
            }
            for case in samples::invalid_values(field) {
                let value = case.value.to_string();
                let kind = format!("\"{}\"", case.kind);
                test.invalid_cases.push(InvalidCase {
                    binding: case_tuple(4, "let (key, value, kind) = (", &key, &value, &kind, ");"),
                    item: case_tuple(8, "(", &key, &value, &kind, "),"),
                    tuple: format!("(\"{key}\", json!({value}), {kind})"),
                });
            }
            if !model.is_ref
                && let Some(values) = samples::valid_values(field)
                && values.len() > 1
            {
                let change = KeyValue {
                    key: key.clone(),
                    value: values[values.len() - 1].to_string(),
                };
                if test.patch.is_none() {
                    test.patch = Some(change.clone());
                }
                if test.concurrent_patches.len() < 2 {
                    let pair = [&values[values.len() - 2], &values[values.len() - 1]];
                    test.concurrent_patches
                        .push((key.clone(), pair.map(|value| value.to_string())));
                }
            }
        }
        let open = "let cases: Vec<(&str, Value, &str)> = vec![";
        let tuples: Vec<String> = test.invalid_cases.iter().map(|c| c.tuple.clone()).collect();
        let one_line = layout::call(4, open, &tuples, "];", layout::Args::Array);
        test.cases_vec = if one_line.contains('\n') {
            let items: Vec<String> = test
                .invalid_cases
                .iter()
                .map(|case| format!("        {}", case.item))
                .collect();
            format!("{open}\n{}\n    ];", items.join("\n"))
        } else {
            one_line
        };
        test.optional_body = !test.omittable_keys.is_empty();
        if let Some(key) = &test.integral {
            test.integral_value = layout::chain_after(
                4,
                "let value = ",
                &format!("body[\"{key}\"]"),
                &["as_i64()".to_owned(), "expect(\"an integer\")".to_owned()],
                ";",
            );
            test.integral_assert = layout::call(
                4,
                "assert_eq!(",
                &[
                    format!("response.body[\"{key}\"]"),
                    "json!(value)".to_owned(),
                ],
                ");",
                Args::Macro,
            );
        }
        let keys_loop = |keys: Vec<String>| {
            let keys: Vec<String> = keys.iter().map(|key| format!("\"{key}\"")).collect();
            layout::call(4, "for key in [", &keys, "] {", Args::Array)
        };
        test.required_keys_loop = keys_loop(test.required_keys.clone());
        test.unique_keys_loop = keys_loop(test.unique_keys.clone());
        test.ref_keys_loop = keys_loop(
            fields
                .iter()
                .filter(|f| f.is_ref)
                .map(|f| f.json_name.clone())
                .collect(),
        );
        let assert_key = |key: &str, value: String| {
            let args = [format!("response.body[\"{key}\"]"), value];
            layout::call(4, "assert_eq!(", &args, ");", Args::Macro)
        };
        test.null_asserts = test
            .optional_keys
            .iter()
            .map(|key| assert_key(key, "Value::Null".to_owned()))
            .collect();
        test.default_asserts = test
            .defaults
            .iter()
            .map(|d| assert_key(&d.key, format!("json!({})", d.value)))
            .collect();
        test.concurrent_bodies = ["let firsts = [", "let seconds = ["]
            .into_iter()
            .zip(&test.concurrent_patches)
            .map(|(open, (key, values))| {
                let bodies = values
                    .iter()
                    .map(|value| format!("json!({{\"{key}\": {value}}})"))
                    .collect::<Vec<_>>();
                layout::call(4, open, &bodies, "];", Args::Array)
            })
            .collect();
        test
    }
}

/// The tuple `("key", json!(value), "kind")` of an invalid case, laid out: on one line when it
/// fits, otherwise one item a line, where a long `json!` breaks inside too.
fn case_tuple(
    indent: usize,
    open: &str,
    key: &str,
    value: &str,
    kind: &str,
    close: &str,
) -> String {
    let mut items = [
        format!("\"{key}\""),
        format!("json!({value})"),
        kind.to_owned(),
    ];
    let one_line = layout::call(indent, open, &items, close, Args::Call);
    if !one_line.contains('\n') {
        return one_line;
    }
    // The item and its comma, one level deeper.
    let json = layout::call(indent + 4, "json!(", &[value.to_owned()], "),", Args::Macro);
    items[1] = json.trim_end_matches(',').to_owned();
    layout::call(indent, open, &items, close, Args::Call)
}
