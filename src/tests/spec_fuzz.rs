//! The spec pipeline never panics: arbitrary text, and real specs with random damage, either
//! become a project model or are rejected with a location inside the file.
//!
//! CI runs a bounded number of cases; `PROPTEST_CASES=100000 cargo test --release --lib
//! spec_fuzz` is the long run.

use crate::model::Model;
use crate::spec;
use proptest::prelude::*;

const SEEDS: [&str; 8] = [
    include_str!("../../examples/shop.toml"),
    include_str!("../../examples/blog.toml"),
    include_str!("../../examples/awkward.toml"),
    include_str!("../../examples/inventory_pg.toml"),
    include_str!("../../examples/awkward_pg.toml"),
    include_str!("../../presets/saas.toml"),
    include_str!("../../presets/shop.toml"),
    include_str!("../../presets/default.toml"),
];

/// Pieces that are likely to reach deep into validation when spliced into a spec.
const TOKENS: [&str; 24] = [
    "\"string?\"",
    "\"ref\"",
    "type = \"enum\"",
    "values = []",
    "to = \"nope\"",
    "optional = true",
    "unique = true",
    "min = 5",
    "max = -5",
    "max_length = 0",
    "pattern = \"[\"",
    "default = \"x\"",
    "[resources.x]",
    "fields.id = \"uuid\"",
    "owned = true",
    "access = { list = \"owner\" }",
    "roles = [\"admin\", \"admin\"]",
    "enabled = false",
    "=",
    "\"",
    "\n",
    "[",
    "]",
    "{",
];

fn check(source: &str) -> Result<(), TestCaseError> {
    match spec::parse(source, "scaffold.toml") {
        Ok(spec) => {
            // A valid spec must also make a model (or be refused with a message, not a panic).
            let _ = Model::new(&spec);
        }
        Err(error) => {
            let lines = source.lines().count().max(1);
            prop_assert!(
                error.line() >= 1 && error.line() <= lines + 1,
                "line {} of {lines}",
                error.line()
            );
            prop_assert!(error.column() >= 1, "column {}", error.column());
            prop_assert!(!error.message().is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(2000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,400}") {
        check(&source)?;
    }

    #[test]
    fn damaged_specs_never_panic(
        seed in 0..SEEDS.len(),
        edits in prop::collection::vec((0.0..1.0f64, 0usize..40, prop::sample::select(TOKENS.to_vec()), any::<bool>()), 1..4),
    ) {
        let mut source = SEEDS[seed].to_owned();
        for (at, remove, token, insert) in edits {
            let mut start = ((source.len() as f64) * at) as usize;
            while !source.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + remove).min(source.len());
            while !source.is_char_boundary(end) {
                end += 1;
            }
            let replacement = if insert { token } else { "" };
            source.replace_range(start..end, replacement);
        }
        check(&source)?;
    }
}
