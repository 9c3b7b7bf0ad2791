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
        .stdout(predicate::str::contains("PATCH  /api/v1/products/{id}"))
        .stdout(predicate::str::contains("/api/v1/auth/token"));
}

#[test]
fn check_rejects_a_bad_spec_with_exit_2() {
    let spec = repo().join("tests/integration/specs/invalid/unknown_type.toml");
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
    // awkward.toml has modules named by raw identifiers (`mod r#match;`).
    for example in ["shop", "awkward"] {
        let out = tempfile::tempdir().unwrap();
        let spec = repo().join(format!("examples/{example}.toml"));
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
            let contents = std::fs::read(a.join(file)).unwrap();
            assert_eq!(
                contents,
                std::fs::read(b.join(file)).unwrap(),
                "{example}: {file} differs"
            );
            assert!(
                !contents.iter().all(u8::is_ascii_whitespace),
                "{example}: {file} is empty"
            );
        }
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

#[test]
fn help_is_snapshotted_for_every_command() {
    for args in [
        &["--help"][..],
        &["new", "--help"],
        &["check", "--help"],
        &["generate", "--help"],
        &["diff", "--help"],
        &["add", "resource", "--help"],
        &["add", "field", "--help"],
        &["presets", "--help"],
        &["templates", "eject", "--help"],
        &["completions", "--help"],
    ] {
        let output = scaffold().args(args).env("NO_COLOR", "1").output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let name = format!("help_{}", args[..args.len() - 1].join("_"));
        let name = if name == "help_" {
            "help".to_owned()
        } else {
            name
        };
        insta::assert_snapshot!(name, String::from_utf8(output.stdout).unwrap());
    }
}

#[test]
fn presets_are_listed_and_generate() {
    scaffold()
        .arg("presets")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "blog       Users, posts owned by their authors",
        ))
        .stdout(predicate::str::contains("minimal"))
        .stdout(predicate::str::contains("saas"))
        .stdout(predicate::str::contains("shop"));
    for preset in ["minimal", "blog", "shop", "saas"] {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join(preset);
        let output = scaffold()
            .args([
                "new",
                target.to_str().unwrap(),
                "--preset",
                preset,
                "--yes",
                "--dry-run",
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{preset}");
        insta::assert_snapshot!(
            format!("preset_tree_{preset}"),
            String::from_utf8(output.stdout).unwrap()
        );
    }
    scaffold()
        .args(["new", "x", "--preset", "blgo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown preset `blgo`; presets: blog, minimal, saas, shop",
        ));
}

#[test]
fn spec_only_writes_just_the_spec() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("press");
    scaffold()
        .args([
            "new",
            target.to_str().unwrap(),
            "--preset",
            "blog",
            "--spec-only",
            "--yes",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Edit it"));
    assert_eq!(tree(&target), ["scaffold.toml"]);
    let spec = std::fs::read_to_string(target.join("scaffold.toml")).unwrap();
    assert!(
        spec.contains("name = \"press\"") && spec.contains("[resources.post]"),
        "{spec}"
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = scaffold().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            text.contains("scaffold") && text.contains("generate"),
            "{shell}"
        );
    }
}

#[test]
fn an_ejected_template_is_used_and_a_broken_one_is_named() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("shop");
    scaffold()
        .args(["new", dir.to_str().unwrap(), "-q"])
        .assert()
        .success();
    let template = "src/api/v1/endpoints/resource.rs.tera";
    scaffold()
        .args(["templates", "eject", template, "-C", dir.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "ejected  .scaffold/templates/{template}"
        )));
    scaffold()
        .args(["templates", "list", "-C", dir.to_str().unwrap()])
        .assert()
        .stdout(predicate::str::contains(format!(
            "{template}  (ejected, unchanged)"
        )));

    let ejected = dir.join(".scaffold/templates").join(template);
    let text = std::fs::read_to_string(&ejected).unwrap();
    std::fs::write(
        &ejected,
        text.replacen("use axum::Json;", "// Our house style.\nuse axum::Json;", 1),
    )
    .unwrap();
    scaffold()
        .args(["templates", "list", "-C", dir.to_str().unwrap()])
        .assert()
        .stdout(predicate::str::contains(format!(
            "{template}  (overridden)"
        )));
    scaffold()
        .args(["generate", "-C", dir.to_str().unwrap(), "-q"])
        .assert()
        .success();
    let endpoint = std::fs::read_to_string(dir.join("src/api/v1/endpoints/item.rs")).unwrap();
    assert!(endpoint.contains("// Our house style."), "{endpoint}");

    std::fs::write(&ejected, "{% if r.name %}\nunclosed\n").unwrap();
    scaffold()
        .args(["generate", "-C", dir.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "template `{template}` failed to render"
        )))
        .stderr(predicate::str::contains("3:1"));
    assert!(
        std::fs::read_to_string(dir.join("src/api/v1/endpoints/item.rs"))
            .unwrap()
            .contains("// Our house style.")
    );
}

/// Generated bytes depend on the spec and the scaffold version only: no formatter or other tool
/// on the machine takes part. The minimal preset, generated with an empty `PATH`, is the
/// snapshot, file by file.
#[test]
fn a_project_is_the_same_bytes_on_every_machine() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("notes");
    scaffold()
        .env("PATH", "")
        .args([
            "new",
            dir.to_str().unwrap(),
            "--preset",
            "minimal",
            "--yes",
            "--no-git",
            "-q",
        ])
        .assert()
        .success();
    let mut all = String::new();
    for path in tree(&dir) {
        if path.starts_with(".scaffold/") {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&path)).unwrap();
        all.push_str(&format!("==> {path} <==\n{text}"));
    }
    insta::assert_snapshot!("minimal_project_bytes", all);
}
