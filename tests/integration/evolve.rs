//! Changing a project after `new`: `add resource`, `add field` and `generate` keep every user
//! edit, merge where both sides changed a file, report conflicts, and only ever add migrations.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn scaffold(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("scaffold").expect("the binary is built");
    command.current_dir(dir);
    command
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn write(dir: &Path, path: &str, text: &str) {
    std::fs::write(dir.join(path), text).unwrap();
}

/// A new default project (`item` resource) in a temporary directory.
fn project() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("shop");
    Command::cargo_bin("scaffold")
        .unwrap()
        .args(["new", dir.to_str().unwrap(), "-q"])
        .assert()
        .success();
    (out, dir)
}

/// Inserts `line` after the first line of `path`.
fn insert_after_first_line(dir: &Path, path: &str, line: &str) {
    let text = read(dir, path);
    let (first, rest) = text.split_once('\n').unwrap();
    write(dir, path, &format!("{first}\n{line}\n{rest}"));
}

#[test]
fn user_edits_survive_add_resource_add_field_and_generate() {
    let (_out, dir) = project();
    let migrations_before: Vec<(String, String)> = [
        "migrations/0001_create_users.sql",
        "migrations/0002_create_items.sql",
    ]
    .iter()
    .map(|path| (path.to_string(), read(&dir, path)))
    .collect();
    insert_after_first_line(
        &dir,
        "src/api/v1/endpoints/item.rs",
        "//! Edited by hand: items are shown on the front page.",
    );
    let schema = read(&dir, "src/schemas/item.rs").replace(
        "/// An item as the API returns it.",
        "/// An item as the API returns it (hand-written note).",
    );
    write(&dir, "src/schemas/item.rs", &schema);
    let readme =
        read(&dir, "README.md").replacen("\n\n", "\n\n## Deployment\n\nOur own notes.\n\n", 1);
    write(&dir, "README.md", &readme);
    let spec = read(&dir, "scaffold.toml")
        .replace("[resources.item]", "# Items we sell.\n[resources.item]");
    write(&dir, "scaffold.toml", &spec);
    // A file of the user's own is never touched.
    write(&dir, "src/notes.txt", "mine");

    scaffold(&dir)
        .args([
            "add",
            "resource",
            "tag",
            "name:string:unique",
            "color:enum:red|green:default=red",
        ])
        .assert()
        .success();
    scaffold(&dir)
        .args([
            "add",
            "field",
            "item",
            "tag:ref:tag?",
            "stock:int:min=0:default=0",
        ])
        .assert()
        .success();
    scaffold(&dir)
        .arg("generate")
        .assert()
        .success()
        .stdout(predicate::str::contains("Already up to date."));

    assert!(
        read(&dir, "src/api/v1/endpoints/item.rs")
            .contains("//! Edited by hand: items are shown on the front page.")
    );
    assert!(read(&dir, "src/schemas/item.rs").contains("(hand-written note)"));
    assert!(
        read(&dir, "src/schemas/item.rs").contains("pub stock: i32"),
        "the new field is generated"
    );
    assert!(read(&dir, "README.md").contains("## Deployment\n\nOur own notes."));
    assert!(
        read(&dir, "README.md").contains("/api/v1/tags"),
        "the README lists the new resource"
    );
    assert_eq!(read(&dir, "src/notes.txt"), "mine");

    let spec = read(&dir, "scaffold.toml");
    assert!(
        spec.contains("# Items we sell.\n[resources.item]"),
        "comments survive: {spec}"
    );
    assert!(
        spec.contains("fields.stock = { type = \"int\", min = 0, default = 0 }"),
        "{spec}"
    );
    assert!(
        spec.contains("[resources.tag]\nfields.name = { type = \"string\", unique = true }"),
        "{spec}"
    );

    for (path, text) in migrations_before {
        assert_eq!(read(&dir, &path), text, "{path} was rewritten");
    }
    assert!(read(&dir, "migrations/0003_create_tags.sql").contains("CREATE TABLE \"tags\""));
    let alter = read(&dir, "migrations/0004_alter_items.sql");
    assert!(
        alter.contains("ALTER TABLE \"items\" ADD COLUMN \"stock\" INTEGER DEFAULT 0 NOT NULL;"),
        "{alter}"
    );
    assert!(dir.join("src/api/v1/endpoints/tag.rs").is_file());
    assert!(dir.join("tests/api/tag.rs").is_file());
}

#[test]
fn lines_added_where_the_generator_adds_lines_are_kept_without_conflicts() {
    let (_out, dir) = project();
    let readme = read(&dir, "README.md") + "\n## Deployment\n\nOur own notes.\n";
    write(&dir, "README.md", &readme);
    let endpoints = read(&dir, "src/api/v1/endpoints/mod.rs") + "// Our own endpoints follow.\n";
    write(&dir, "src/api/v1/endpoints/mod.rs", &endpoints);

    scaffold(&dir)
        .args(["add", "resource", "widget", "name:string"])
        .assert()
        .success();
    scaffold(&dir)
        .args(["add", "field", "widget", "color:string?"])
        .assert()
        .success();

    let readme = read(&dir, "README.md");
    assert!(
        readme.ends_with("## Deployment\n\nOur own notes.\n"),
        "{readme}"
    );
    assert!(readme.contains("/api/v1/widgets"), "{readme}");
    assert!(readme.contains("`color`"), "{readme}");
    let endpoints = read(&dir, "src/api/v1/endpoints/mod.rs");
    // Both added lines at the end: the user's first.
    assert!(
        endpoints.ends_with("// Our own endpoints follow.\npub mod widget;\n"),
        "{endpoints}"
    );
    for text in [&readme, &endpoints] {
        assert!(!text.contains("<<<<<<<"), "{text}");
    }
}

#[test]
fn changes_to_the_same_lines_conflict_and_must_be_resolved_before_the_next_run() {
    let (_out, dir) = project();
    // The user edits the README's line about items; the new field changes that line too.
    let readme = read(&dir, "README.md").replace(": items (", ": items, our best sellers (");
    write(&dir, "README.md", &readme);
    scaffold(&dir)
        .args(["add", "field", "item", "color:string?"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "resolve the `<<<<<<<` markers in:\n  README.md",
        ));
    let conflicted = read(&dir, "README.md");
    assert!(conflicted.contains("<<<<<<< yours\n"), "{conflicted}");
    assert!(conflicted.contains("our best sellers"), "{conflicted}");
    assert!(conflicted.contains("`color`"), "{conflicted}");
    assert!(conflicted.contains(">>>>>>> generated\n"), "{conflicted}");
    // Files only the generator changed are written as usual.
    assert!(read(&dir, "src/schemas/item.rs").contains("color"));

    // Another run while the markers are there is refused, and writes nothing.
    let spec = read(&dir, "scaffold.toml");
    scaffold(&dir)
        .args(["add", "field", "item", "size:int?"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "1 file(s) still hold conflict markers from an earlier run",
        ))
        .stderr(predicate::str::contains("\n  README.md"));
    assert_eq!(read(&dir, "README.md"), conflicted);
    assert_eq!(read(&dir, "scaffold.toml"), spec);

    // Resolved (here: the user's line kept), the next run goes through.
    let resolved: String = conflicted
        .split_inclusive('\n')
        .scan(None, |side, line| {
            let keep = match line.trim_end() {
                "<<<<<<< yours" => {
                    *side = Some(true);
                    false
                }
                "=======" => {
                    *side = Some(false);
                    false
                }
                ">>>>>>> generated" => {
                    *side = None;
                    false
                }
                _ => *side != Some(false),
            };
            Some(if keep { line } else { "" })
        })
        .collect();
    write(&dir, "README.md", &resolved);
    scaffold(&dir)
        .args(["add", "resource", "tag", "name:string"])
        .assert()
        .success();
    let readme = read(&dir, "README.md");
    assert!(readme.contains("our best sellers"), "{readme}");
    assert!(readme.contains("/api/v1/tags"), "{readme}");
}

#[test]
fn a_changed_template_merges_with_user_edits_instead_of_conflicting() {
    let (_out, dir) = project();
    insert_after_first_line(&dir, "src/db.rs", "//! Edited by hand.");
    scaffold(&dir)
        .args(["templates", "eject", "src/db.rs.tera"])
        .assert()
        .success();
    let template = dir.join(".scaffold/templates/src/db.rs.tera");
    let text = std::fs::read_to_string(&template).unwrap() + "\n// A line the new template adds.\n";
    std::fs::write(&template, text).unwrap();

    scaffold(&dir).arg("generate").assert().success();
    let db = read(&dir, "src/db.rs");
    assert!(db.contains("//! Edited by hand."), "{db}");
    assert!(db.contains("// A line the new template adds."), "{db}");
    assert!(!db.contains("<<<<<<<"), "{db}");
    // The base is the new text: the next run has nothing to merge.
    assert!(read(&dir, ".scaffold/base/src/db.rs").contains("// A line the new template adds."));
    scaffold(&dir)
        .arg("generate")
        .assert()
        .success()
        .stdout(predicate::str::contains("Already up to date."));
}

#[test]
fn diff_shows_what_the_user_changed_in_generated_files() {
    let (_out, dir) = project();
    scaffold(&dir)
        .arg("diff")
        .assert()
        .success()
        .stdout(predicate::str::contains("No changes"));
    insert_after_first_line(&dir, "src/db.rs", "//! Edited by hand.");
    std::fs::remove_file(dir.join("src/api/v1/endpoints/item.rs")).unwrap();
    scaffold(&dir)
        .arg("diff")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "--- a/src/db.rs\n+++ b/src/db.rs\n",
        ))
        .stdout(predicate::str::contains("\n+//! Edited by hand.\n"))
        .stdout(predicate::str::contains("+++ /dev/null"));
    scaffold(&dir)
        .args(["diff", "--stat"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" changed  src/db.rs (+1 -0)\n"))
        .stdout(predicate::str::contains(
            " deleted  src/api/v1/endpoints/item.rs",
        ));
    scaffold(&dir)
        .args(["diff", "src/nothing.rs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a file scaffold generated"));
}

#[test]
fn a_deleted_file_stays_deleted_unless_forced() {
    let (_out, dir) = project();
    std::fs::remove_file(dir.join("README.md")).unwrap();
    scaffold(&dir).arg("generate").assert().success();
    assert!(!dir.join("README.md").exists());
    scaffold(&dir)
        .args(["generate", "--force"])
        .assert()
        .success();
    assert!(dir.join("README.md").is_file());
}

#[test]
fn dry_run_shows_a_diff_and_writes_nothing() {
    let (_out, dir) = project();
    let spec = read(&dir, "scaffold.toml");
    let state = read(&dir, ".scaffold/state.json");
    let output = scaffold(&dir)
        .args(["add", "field", "item", "sku:string?:unique", "--dry-run"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("--- a/scaffold.toml\n+++ b/scaffold.toml\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+fields.sku = { type = \"string\", unique = true, optional = true }"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+++ b/migrations/0003_alter_items.sql"),
        "{stdout}"
    );
    assert!(stdout.contains("(dry run: nothing was written)"));
    assert_eq!(read(&dir, "scaffold.toml"), spec);
    assert_eq!(read(&dir, ".scaffold/state.json"), state);
    assert!(!dir.join("migrations/0003_alter_items.sql").exists());
}

#[test]
fn removing_a_resource_needs_allow_drop() {
    let (_out, dir) = project();
    scaffold(&dir)
        .args(["add", "resource", "tag", "name:string"])
        .assert()
        .success();
    let spec = read(&dir, "scaffold.toml");
    let without_tag = spec.split("[resources.tag]").next().unwrap().to_owned();
    write(&dir, "scaffold.toml", &without_tag);
    scaffold(&dir)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "resource `tag` (table `tags`) was removed from the spec",
        ))
        .stderr(predicate::str::contains("--allow-drop"));
    assert!(
        dir.join("src/models/tag.rs").is_file(),
        "nothing changes without consent"
    );

    scaffold(&dir)
        .args(["generate", "--allow-drop"])
        .assert()
        .success();
    assert!(read(&dir, "migrations/0004_drop_tags.sql").contains("DROP TABLE \"tags\";"));
    assert!(
        !dir.join("src/models/tag.rs").exists(),
        "the unchanged generated files go"
    );
    assert!(
        dir.join("migrations/0003_create_tags.sql").is_file(),
        "migrations stay"
    );
}

#[test]
fn a_new_required_field_needs_a_default() {
    let (_out, dir) = project();
    scaffold(&dir)
        .args(["add", "field", "item", "sku:string"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "new field `item.sku` is required but has no default",
        ));
    assert!(
        !read(&dir, "scaffold.toml").contains("sku"),
        "the spec is not changed on error"
    );
}

#[test]
fn bad_field_arguments_name_the_bad_part() {
    let (_out, dir) = project();
    scaffold(&dir)
        .args(["add", "resource", "tag", "name:strng"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid field `name:strng`: unknown type `strng` (did you mean `string`?)",
        ));
    scaffold(&dir)
        .args(["add", "field", "nope", "x:int"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no resource `nope` in the spec (resources: item)",
        ));
}

#[test]
fn missing_or_corrupt_state_is_a_clear_error() {
    let (_out, dir) = project();
    write(&dir, ".scaffold/state.json", "{ not json");
    scaffold(&dir)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a valid state file"))
        .stderr(predicate::str::contains(
            "restore `.scaffold/` from version control",
        ));
    std::fs::remove_dir_all(dir.join(".scaffold")).unwrap();
    scaffold(&dir)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is missing"));
    let outside = tempfile::tempdir().unwrap();
    scaffold(outside.path())
        .args(["add", "resource", "tag", "name:string"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no scaffold.toml"));
}

#[test]
fn owned_resources_are_added_with_owned_and_ownership_cannot_change_later() {
    let (_out, dir) = project();
    scaffold(&dir)
        .args(["add", "resource", "note", "--owned", "body:text"])
        .assert()
        .success();
    let spec = read(&dir, "scaffold.toml");
    assert!(
        spec.contains("[resources.note]\nowned = true\nfields.body = \"text\""),
        "{spec}"
    );
    assert!(read(&dir, "migrations/0003_create_notes.sql").contains("\"owner_id\""));

    write(&dir, "scaffold.toml", &spec.replace("owned = true\n", ""));
    scaffold(&dir)
        .arg("generate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("resource `note` changed `owned`"))
        .stderr(predicate::str::contains("scaffold.toml:"))
        .stderr(predicate::str::contains("^^^^"));
}

#[test]
fn changed_roles_get_a_migration() {
    let (_out, dir) = project();
    let spec = read(&dir, "scaffold.toml").replace(
        "[auth]\n",
        "[auth]\nroles = [\"admin\", \"editor\", \"user\"]\n",
    );
    write(&dir, "scaffold.toml", &spec);
    scaffold(&dir).arg("generate").assert().success();
    let migration = read(&dir, "migrations/0003_alter_users.sql");
    assert!(migration.starts_with("-- no-transaction\n"), "{migration}");
    assert!(
        migration.contains("CHECK (\"role\" IN ('admin', 'editor', 'user'))"),
        "{migration}"
    );
    assert!(read(&dir, "src/models/user.rs").contains("Editor"));
}

#[test]
fn migrations_added_by_hand_are_numbered_around() {
    let (_out, dir) = project();
    write(
        &dir,
        "migrations/0042_index_item_titles.sql",
        "CREATE INDEX \"items_title_idx\" ON \"items\" (\"title\");\n",
    );
    scaffold(&dir)
        .args(["add", "resource", "tag", "name:string"])
        .assert()
        .success();
    assert!(read(&dir, "migrations/0043_create_tags.sql").contains("CREATE TABLE \"tags\""));
    assert!(read(&dir, "migrations/0042_index_item_titles.sql").contains("items_title_idx"));
    // The project finds its migrations when it builds: none is listed by hand.
    assert!(!read(&dir, "src/db.rs").contains("0002_create_items"));
    assert!(read(&dir, "build.rs").contains("read_dir(\"migrations\")"));
}

#[test]
fn add_job_brings_the_queue_and_keeps_the_body_of_perform() {
    let (_out, dir) = project();
    let cargo_before = read(&dir, "Cargo.toml");
    assert!(!dir.join("src/jobs").exists());
    scaffold(&dir)
        .args([
            "add",
            "job",
            "send_receipt",
            "item:ref:item",
            "note:text?",
            "--max-attempts",
            "3",
        ])
        .assert()
        .success();
    let spec = read(&dir, "scaffold.toml");
    assert!(
        spec.contains("[jobs.send_receipt]\nmax_attempts = 3\nargs.item = { type = \"ref\", to = \"item\" }\nargs.note = \"text?\""),
        "{spec}"
    );
    let migration = read(&dir, "migrations/0003_create_tasks.sql");
    assert!(migration.contains("CREATE TABLE \"tasks\""), "{migration}");
    assert!(read(&dir, "src/lib.rs").contains("pub mod jobs;"));
    assert!(read(&dir, "Cargo.toml").contains("fastrand"));
    assert!(
        !read(&dir, "Cargo.toml").contains("cron"),
        "no schedule, no cron crate"
    );
    let job = read(&dir, "src/jobs/send_receipt.rs");
    assert!(job.contains("pub item_id: Uuid,"), "{job}");
    assert!(job.contains("pub const MAX_ATTEMPTS: i32 = 3;"), "{job}");

    // The user writes the job's body; adding another job keeps it.
    let body = "    Ok(json!({ \"done\": NAME }))";
    assert!(job.contains(body), "{job}");
    write(
        &dir,
        "src/jobs/send_receipt.rs",
        &job.replace(body, "    Ok(json!({ \"sent_to\": args.item_id }))"),
    );
    scaffold(&dir)
        .args([
            "add",
            "job",
            "cleanup",
            "--access",
            "none",
            "--cron",
            "0 0 4 * * *",
        ])
        .assert()
        .success();
    assert!(read(&dir, "src/jobs/send_receipt.rs").contains("\"sent_to\": args.item_id"));
    assert!(read(&dir, "src/jobs/mod.rs").contains("(cleanup::NAME, \"0 0 4 * * *\")"));
    assert!(read(&dir, "Cargo.toml").contains("cron = "));
    scaffold(&dir)
        .arg("generate")
        .assert()
        .success()
        .stdout(predicate::str::contains("Already up to date."));

    scaffold(&dir)
        .args(["add", "job", "cleanup"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("job `cleanup` already exists"));
    scaffold(&dir)
        .args(["add", "job", "nightly", "--cron", "every night"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid cron expression"));
    assert!(!read(&dir, "scaffold.toml").contains("nightly"));
    // Removing every job takes the feature away again, but never an applied migration.
    let spec = read(&dir, "scaffold.toml");
    let without_jobs = spec[..spec.find("[jobs.send_receipt]").expect("the job")].to_owned();
    write(&dir, "scaffold.toml", &without_jobs);
    scaffold(&dir)
        .args(["generate", "--allow-drop"])
        .assert()
        .success();
    assert_eq!(read(&dir, "Cargo.toml"), cargo_before);
    assert!(read(&dir, "migrations/0003_create_tasks.sql").contains("CREATE TABLE"));
}
