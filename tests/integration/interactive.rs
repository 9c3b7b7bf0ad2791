//! `scaffold new` on a real pseudo-terminal: the questions appear and the answers reach the spec.

#![cfg(unix)]

use std::path::Path;
use std::time::Duration;

use rexpect::session::spawn_command;

const DOWN: &str = "\x1b[B";
const TIMEOUT: u64 = 30_000;

/// Waits for `prompt`, gives the terminal a moment to switch modes, then types `keys`.
fn answer(session: &mut rexpect::session::PtySession, prompt: &str, keys: &[&str]) {
    session
        .exp_string(prompt)
        .unwrap_or_else(|e| panic!("waiting for `{prompt}`: {e}"));
    for key in keys {
        std::thread::sleep(Duration::from_millis(300));
        session.send(key).unwrap();
        session.flush().unwrap();
    }
}

fn spawn_new(dir: &Path) -> rexpect::session::PtySession {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_scaffold"));
    command
        .args(["new", dir.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(command, Some(TIMEOUT)).expect("spawn scaffold in a pty")
}

#[test]
fn pressing_enter_through_the_prompts_gives_the_default_project() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("myapi");
    let mut session = spawn_new(&dir);
    answer(&mut session, "shop: Categories", &["\r"]);
    answer(&mut session, "Description", &["\r"]);
    answer(&mut session, "PostgreSQL", &["\r"]);
    answer(&mut session, "Authentication", &["\r"]);
    answer(&mut session, "Roles", &["\r"]);
    answer(&mut session, "git repository", &["n"]);
    session.exp_string("cargo run").unwrap();
    session.exp_eof().unwrap();
    let spec = std::fs::read_to_string(dir.join("scaffold.toml")).unwrap();
    assert!(spec.contains("name = \"myapi\""), "{spec}");
    assert!(spec.contains("backend = \"sqlite\""), "{spec}");
    assert!(spec.contains("[resources.item]"), "{spec}");
    assert!(dir.join("src/api/v1/endpoints/item.rs").is_file());
    assert!(!dir.join(".git").exists());
}

#[test]
fn answers_choose_a_preset_postgres_and_roles() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("press");
    let mut session = spawn_new(&dir);
    // The list is: blank, blog, minimal, saas, shop.
    answer(&mut session, "shop: Categories", &[DOWN, "\r"]);
    answer(&mut session, "Description", &["Our newsroom\r"]);
    answer(&mut session, "PostgreSQL", &[DOWN, "\r"]);
    answer(&mut session, "Authentication", &["\r"]);
    answer(&mut session, "Roles", &["admin, editor, writer, user\r"]);
    answer(&mut session, "git repository", &["y"]);
    session.exp_string("cargo run").unwrap();
    session.exp_eof().unwrap();
    let spec = std::fs::read_to_string(dir.join("scaffold.toml")).unwrap();
    assert!(spec.contains("description = \"Our newsroom\""), "{spec}");
    assert!(spec.contains("backend = \"postgres\""), "{spec}");
    assert!(
        spec.contains("roles = [\"admin\", \"editor\", \"writer\", \"user\"]"),
        "{spec}"
    );
    assert!(spec.contains("[resources.post]"), "the blog preset: {spec}");
    assert!(dir.join(".git").is_dir());
}
