//! What the generator remembers about a project, kept in `.scaffold/` inside it (meant to be
//! committed): the spec it last generated from, and a fingerprint of every file it wrote. Later
//! runs use it to tell the user's edits from generated code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Folder of the state, relative to the project root.
pub const STATE_DIR: &str = ".scaffold";
/// The record of generated files.
pub const STATE_FILE: &str = ".scaffold/state.json";
/// The spec as it was when the project was last generated.
pub const SPEC_SNAPSHOT: &str = ".scaffold/spec.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Version of `scaffold` that generated the files.
    pub generator: String,
    /// SHA-256 (hex) of each generated file, by path.
    pub files: BTreeMap<String, String>,
}

impl State {
    /// The state after generating `files`.
    pub fn of(files: &BTreeMap<String, String>) -> State {
        State {
            generator: env!("CARGO_PKG_VERSION").to_owned(),
            files: files
                .iter()
                .map(|(path, contents)| (path.clone(), fingerprint(contents)))
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("state serialises");
        text.push('\n');
        text
    }
}

/// SHA-256 of `contents`, in hex.
pub fn fingerprint(contents: &str) -> String {
    Sha256::digest(contents.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_fingerprints_every_file() {
        let files = BTreeMap::from([("a.rs".to_owned(), "fn main() {}\n".to_owned())]);
        let state = State::of(&files);
        assert_eq!(state.files.len(), 1);
        assert_eq!(state.files["a.rs"].len(), 64);
        assert_ne!(state.files["a.rs"], fingerprint("fn main() {}"));
        let parsed: State = serde_json::from_str(&state.to_json()).unwrap();
        assert_eq!(parsed, state);
    }
}
