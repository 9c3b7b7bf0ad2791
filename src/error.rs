//! The one error type of the CLI. Each variant carries what a person needs to act on it and knows
//! its exit code.

use std::path::PathBuf;

use crate::spec::SpecError;

/// Exit code for a usage or spec error.
pub(crate) const EXIT_USAGE: i32 = 2;
/// Exit code when regeneration left conflict markers to resolve.
pub(crate) const EXIT_CONFLICTS: i32 = 3;
/// Exit code for a runtime failure (I/O, a template that fails to render).
pub(crate) const EXIT_FAILURE: i32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Spec(#[from] Box<SpecError>),

    #[error("{0}")]
    Io(#[from] std::io::Error),

    #[error("target directory `{}` is not empty (pass --force to generate into it anyway)", .0.display())]
    TargetNotEmpty(PathBuf),

    #[error("refusing to write `{}`: it is outside the target directory", .0.display())]
    OutsideTarget(PathBuf),

    #[error("{0}")]
    Usage(String),

    #[error("template `{template}` failed to render: {message}")]
    Template { template: String, message: String },

    /// The generator's record in `.scaffold/` is missing or unreadable.
    #[error("{0}")]
    State(String),

    #[error(transparent)]
    Migration(#[from] crate::model::MigrationError),

    /// A field argument of `scaffold add`.
    #[error(transparent)]
    Field(#[from] crate::spec::shorthand::ShorthandError),

    /// `scaffold add` could not edit the spec.
    #[error(transparent)]
    Edit(#[from] crate::spec::EditError),

    /// Files were written with conflict markers.
    #[error(
        "{} file(s) have conflicts between your changes and the generated code; resolve the \
         `<<<<<<<` markers in:\n{}",
        .0.len(),
        .0.iter().map(|path| format!("  {path}")).collect::<Vec<_>>().join("\n")
    )]
    Conflicts(Vec<String>),

    /// Generated files still hold conflict markers from an earlier run.
    #[error(
        "{} file(s) still hold conflict markers from an earlier run; resolve them (remove every \
         `<<<<<<<`, `=======` and `>>>>>>>` line) before generating again:\n{}",
        .0.len(),
        .0.iter().map(|path| format!("  {path}")).collect::<Vec<_>>().join("\n")
    )]
    UnresolvedConflicts(Vec<String>),

    /// Already reported to the user (e.g. by clap); only the exit code is left to give.
    #[error("exit {0}")]
    Reported(i32),
}

impl From<SpecError> for Error {
    fn from(error: SpecError) -> Self {
        Error::Spec(Box::new(error))
    }
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Spec(_)
            | Error::TargetNotEmpty(_)
            | Error::OutsideTarget(_)
            | Error::Usage(_) => EXIT_USAGE,
            Error::Io(_) | Error::Template { .. } => EXIT_FAILURE,
            Error::Reported(code) => *code,
            Error::State(_) | Error::Migration(_) | Error::Field(_) | Error::Edit(_) => EXIT_USAGE,
            Error::Conflicts(_) | Error::UnresolvedConflicts(_) => EXIT_CONFLICTS,
        }
    }
}
