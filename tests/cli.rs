//! The command line, as a user meets it: exit codes, messages, what is (and is not) written.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn scaffold() -> Command {
    Command::cargo_bin("scaffold").expect("the binary is built")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `root`, relative and sorted.
fn tree(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn invalid_specs_get_a_located_error_exit_2_and_nothing_written() {
    insta::glob!("specs/invalid/*.toml", |path| {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("project");
        let name = path.file_name().unwrap().to_str().unwrap();
        let output = scaffold()
            .current_dir(path.parent().unwrap())
            .args(["new", target.to_str().unwrap(), "--spec", name])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(!target.exists(), "{name}: something was written");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("--> {name}:")),
            "{name}: no location in {stderr}"
        );
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn check_accepts_every_example_and_names_its_routes() {
    for example in ["shop", "blog", "awkward", "inventory_pg", "awkward_pg"] {
        let spec = repo().join(format!("examples/{example}.toml"));
        scaffold()
            .args(["check", spec.to_str().unwrap()])
            .assert()
            .success()
            .stdout(predicate::str::contains(": valid."));
    }
    let spec = repo().join("examples/shop.toml");
    scaffold()
        .args(["check", spec.to_str().unwrap()])
        .assert()
        .stdout(predicate::str::contains("/api/v1/products"))
        .stdout(predicate::str::contains("/api/v1/auth/token"));
}

#[test]
fn check_rejects_a_bad_spec_with_exit_2() {
    let spec = repo().join("tests/specs/invalid/unknown_type.toml");
    scaffold()
        .args(["check", spec.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field type `strin`"))
        .stderr(predicate::str::contains("did you mean `string`?"));
}

#[test]
fn dry_run_lists_the_plan_and_writes_nothing() {
    for example in ["shop", "blog", "awkward", "inventory_pg", "awkward_pg"] {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join(example);
        let spec = repo().join(format!("examples/{example}.toml"));
        let output = scaffold()
            .args([
                "new",
                target.to_str().unwrap(),
                "--spec",
                spec.to_str().unwrap(),
                "--dry-run",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(!target.exists(), "--dry-run wrote {}", target.display());
        let stdout = String::from_utf8(output.stdout).unwrap();
        insta::assert_snapshot!(format!("dry_run_{example}"), stdout);
    }
}

#[test]
fn new_without_a_spec_makes_the_default_project_named_after_its_directory() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("my-api");
    scaffold()
        .args(["new", target.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("cargo run"));
    let spec = std::fs::read_to_string(target.join("scaffold.toml")).unwrap();
    assert!(spec.contains("name = \"my-api\""), "{spec}");
    assert!(
        spec.contains("# The spec of this project"),
        "comments are kept: {spec}"
    );
    let cargo = std::fs::read_to_string(target.join("Cargo.toml")).unwrap();
    assert!(cargo.contains("name = \"my-api\""));
    assert!(target.join("src/api/v1/endpoints/item.rs").is_file());
    assert!(target.join(".scaffold/state.json").is_file());
}

#[test]
fn flags_override_the_spec() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("api");
    scaffold()
        .args([
            "new",
            target.to_str().unwrap(),
            "--db",
            "postgres",
            "--no-auth",
            "-q",
        ])
        .assert()
        .success();
    let spec = std::fs::read_to_string(target.join("scaffold.toml")).unwrap();
    assert!(spec.contains("backend = \"postgres\""), "{spec}");
    assert!(spec.contains("enabled = false"), "{spec}");
    let files = tree(&target);
    assert!(
        !files.iter().any(|f| f.contains("security")),
        "auth files generated: {files:?}"
    );
    let cargo = std::fs::read_to_string(target.join("Cargo.toml")).unwrap();
    assert!(cargo.contains("\"postgres\""), "{cargo}");
    assert!(!cargo.contains("argon2"), "{cargo}");
}

#[test]
fn a_non_empty_directory_is_refused_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("project");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    scaffold()
        .args(["new", target.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    assert_eq!(tree(&target), ["notes.txt"]);

    scaffold()
        .args(["new", target.to_str().unwrap(), "--force", "-q"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(target.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(target.join("Cargo.toml").is_file());
}

#[test]
fn the_same_spec_gives_byte_identical_projects() {
    let out = tempfile::tempdir().unwrap();
    let spec = repo().join("examples/shop.toml");
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    for target in [&a, &b] {
        scaffold()
            .args([
                "new",
                target.to_str().unwrap(),
                "--spec",
                spec.to_str().unwrap(),
                "-q",
            ])
            .assert()
            .success();
    }
    let files = tree(&a);
    assert_eq!(files, tree(&b));
    for file in &files {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    scaffold()
        .arg("new")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<DIR>"));
    scaffold()
        .args(["new", "x", "--db", "mysql"])
        .assert()
        .code(2);
    scaffold().arg("frobnicate").assert().code(2);
    scaffold()
        .args(["check", "/no/such/spec.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/spec.toml"));
}

#[test]
fn version_and_help_exit_0() {
    scaffold()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    scaffold()
        .args(["new", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
}
