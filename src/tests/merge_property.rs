//! Properties: whatever lines a user adds to generated files, and whatever the spec gains, a
//! regeneration keeps every one of those lines, and a file only holds conflict markers when it
//! is reported as a conflict; lines a user appends to files never conflict.

use std::path::Path;

use crate::apply::apply;
use crate::pipeline::{Generation, RegenerateOptions, regenerate};
use crate::spec::shorthand::parse_field;
use crate::spec::{add_fields, add_resource};
use proptest::prelude::*;

/// Generated files a user is likely to edit.
const FILES: [&str; 8] = [
    "src/api/v1/endpoints/item.rs",
    "src/schemas/item.rs",
    "src/models/item.rs",
    "src/crud/item.rs",
    "src/api/v1/mod.rs",
    "src/db.rs",
    "README.md",
    "tests/api/helpers.rs",
];

#[derive(Debug, Clone)]
enum SpecChange {
    AddField(&'static str, &'static str),
    AddResource(&'static str),
}

fn spec_change() -> impl Strategy<Value = SpecChange> {
    prop_oneof![
        (
            prop::sample::select(vec!["sku", "weight", "notes", "rating", "released"]),
            prop::sample::select(vec!["string?", "float?", "text?", "int:default=0", "date?"]),
        )
            .prop_map(|(name, ty)| SpecChange::AddField(name, ty)),
        prop::sample::select(vec!["tag", "review", "supplier"]).prop_map(SpecChange::AddResource),
    ]
}

/// (file index, line position as a fraction of the file, marker number)
fn edits() -> impl Strategy<Value = Vec<(usize, f64)>> {
    prop::collection::vec((0..FILES.len(), 0.0..1.0f64), 1..6)
}

fn insert_line(root: &Path, path: &str, at: f64, line: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let index = ((lines.len() as f64) * at) as usize;
    lines.insert(index.min(lines.len()), line);
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
}

/// The project's spec with `changes` made.
fn changed_spec(root: &Path, changes: &[SpecChange]) -> String {
    let mut source = std::fs::read_to_string(root.join("scaffold.toml")).unwrap();
    for change in changes {
        source = match change {
            SpecChange::AddField(name, ty) => {
                let field = parse_field(&format!("{name}:{ty}")).unwrap();
                add_fields(&source, "item", &[field]).unwrap_or(source)
            }
            SpecChange::AddResource(name) => {
                let field = parse_field("name:string").unwrap();
                add_resource(&source, name, false, &[field]).unwrap_or(source)
            }
        };
    }
    source
}

/// A new project from the default preset, in a temporary directory.
fn new_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let root = out.path().join("shop");
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/presets/default.toml"))
            .unwrap();
    let generation = Generation::new_project(&source, "scaffold.toml").unwrap();
    apply(&generation.plan_new(&root).unwrap()).unwrap();
    (out, root)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_user_line_is_lost(edits in edits(), changes in prop::collection::vec(spec_change(), 1..4)) {
        let (_out, root) = new_project();

        let mut markers = Vec::new();
        for (number, (file, at)) in edits.iter().enumerate() {
            let marker = format!("// user line {number}");
            insert_line(&root, FILES[*file], *at, &marker);
            markers.push((FILES[*file], marker));
        }

        let source = changed_spec(&root, &changes);
        let (_, plan) = regenerate(&root, &source, RegenerateOptions::default()).unwrap();
        apply(&plan).unwrap();
        let conflicts = plan.conflicts();

        for (path, marker) in &markers {
            let text = std::fs::read_to_string(root.join(path)).unwrap();
            prop_assert!(text.contains(marker.as_str()), "{marker} lost from {path}");
        }
        for path in FILES {
            let text = std::fs::read_to_string(root.join(path)).unwrap();
            let marked = text.contains("<<<<<<< yours");
            prop_assert_eq!(marked, conflicts.contains(&path), "{} conflict markers vs report", path);
        }
    }

    #[test]
    fn lines_appended_to_files_never_conflict(
        files in prop::collection::btree_set(0..FILES.len(), 1..5),
        changes in prop::collection::vec(spec_change(), 1..4),
    ) {
        let (_out, root) = new_project();
        for &file in &files {
            insert_line(&root, FILES[file], 1.0, &format!("// appended to {}", FILES[file]));
        }
        let source = changed_spec(&root, &changes);
        let (_, plan) = regenerate(&root, &source, RegenerateOptions::default()).unwrap();
        apply(&plan).unwrap();
        prop_assert!(plan.conflicts().is_empty(), "conflicts: {:?}", plan.conflicts());
        for &file in &files {
            let text = std::fs::read_to_string(root.join(FILES[file])).unwrap();
            let line = format!("// appended to {}", FILES[file]);
            prop_assert!(text.contains(&line), "{} lost", line);
        }
    }
}
