//! The pipeline every writing command shares: spec source → validated spec → render model →
//! rendered files (plus the spec and the generator's state) → a plan against the disk.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;
use crate::model::Model;
use crate::plan::Plan;
use crate::render;
use crate::spec::{self, Spec};
use crate::state::{self, State};

/// The spec file every project keeps at its root.
pub const SPEC_FILE: &str = "scaffold.toml";

/// A spec, parsed and rendered: everything a project made from it consists of.
#[derive(Debug, Clone)]
pub struct Generation {
    pub spec: Spec,
    pub model: Model,
    /// Path → contents, including `scaffold.toml` and the state under `.scaffold/`.
    pub files: BTreeMap<String, String>,
}

impl Generation {
    /// Validates `source` (named `origin` in errors) and renders the project.
    pub fn from_source(source: &str, origin: &str) -> Result<Generation, Error> {
        let spec = spec::parse(source, origin)?;
        let model = Model::new(&spec).map_err(|error| Error::Usage(error.to_string()))?;
        let mut files = render::render(&model)?;
        let mut spec_text = source.to_owned();
        if !spec_text.ends_with('\n') {
            spec_text.push('\n');
        }
        files.insert(SPEC_FILE.to_owned(), spec_text.clone());
        // The state describes the generated files, including the spec as written.
        let state = State::of(&files);
        files.insert(state::SPEC_SNAPSHOT.to_owned(), spec_text);
        files.insert(state::STATE_FILE.to_owned(), state.to_json());
        Ok(Generation { spec, model, files })
    }

    /// What writing this generation under `root` would do.
    pub fn plan(&self, root: &Path) -> Result<Plan, Error> {
        Plan::compute(root, self.files.clone())
    }
}
