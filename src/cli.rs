//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::spec::Backend;

#[derive(Debug, Parser)]
#[command(
    name = "scaffold",
    version,
    about = "Generate a production-grade axum + sqlx REST API from a TOML spec"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project in DIR.
    #[command(
        after_help = "Examples:\n  scaffold new myapi\n  scaffold new shop --spec shop.toml --db postgres\n  scaffold new myapi --dry-run"
    )]
    New {
        /// Directory to create the project in (its name names the project when no spec is given).
        dir: PathBuf,
        /// Spec to generate from (default: one `item` resource).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Database backend, overriding the spec.
        #[arg(long, value_enum)]
        db: Option<DbArg>,
        /// Generate without authentication, overriding the spec.
        #[arg(long)]
        no_auth: bool,
        /// Generate into a directory that is not empty.
        #[arg(long)]
        force: bool,
        /// Show what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Validate a spec and show what it would generate.
    #[command(after_help = "Examples:\n  scaffold check\n  scaffold check examples/shop.toml")]
    Check {
        /// The spec to check.
        #[arg(default_value = "scaffold.toml")]
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DbArg {
    Sqlite,
    Postgres,
}

impl From<DbArg> for Backend {
    fn from(arg: DbArg) -> Self {
        match arg {
            DbArg::Sqlite => Backend::Sqlite,
            DbArg::Postgres => Backend::Postgres,
        }
    }
}
