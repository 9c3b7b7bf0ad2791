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
    /// Bring the project in line with its edited scaffold.toml, keeping your changes.
    #[command(
        visible_alias = "sync",
        after_help = "Each generated file is replaced if you never changed it, kept if only you changed it,\n\
                      and three-way merged if both you and the generator did (conflicts get standard\n\
                      markers and exit code 3). Migrations are added, never rewritten.\n\n\
                      Examples:\n  scaffold generate --dry-run\n  scaffold generate --allow-drop"
    )]
    Generate {
        #[command(flatten)]
        common: RegenerateArgs,
    },
    /// Add a resource or fields to the spec and the project.
    #[command(subcommand)]
    Add(AddCommand),
    /// Validate a spec and show what it would generate.
    #[command(after_help = "Examples:\n  scaffold check\n  scaffold check examples/shop.toml")]
    Check {
        /// The spec to check.
        #[arg(default_value = "scaffold.toml")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Add a resource: `scaffold add resource item title:string price:float`.
    #[command(after_help = FIELD_HELP)]
    Resource {
        /// Singular snake_case name (`item`, `order_line`).
        name: String,
        /// Rows belong to the user who creates them (`owned = true`).
        #[arg(long)]
        owned: bool,
        /// Fields as `name:type[?][:modifier...]`.
        fields: Vec<String>,
        #[command(flatten)]
        common: RegenerateArgs,
    },
    /// Add fields to a resource: `scaffold add field item stock:int:min=0`.
    #[command(after_help = FIELD_HELP)]
    Field {
        /// The resource to extend.
        resource: String,
        /// Fields as `name:type[?][:modifier...]`.
        fields: Vec<String>,
        #[command(flatten)]
        common: RegenerateArgs,
    },
}

const FIELD_HELP: &str = "Fields: name:type[?][:modifier...]\n  \
    title:string   notes:text?   sku:string:unique   price:float:min=0:example=9.5\n  \
    category:ref:category   parent:ref:node?:on_delete=set_null   status:enum:draft|active|archived\n\
    Modifiers: unique, index, optional, default=, example=, min=, max=, min_length=, max_length=,\n\
    on_delete=, pattern= (takes the rest of the argument).";

/// Options shared by the commands that change an existing project.
#[derive(Debug, Clone, clap::Args)]
pub struct RegenerateArgs {
    /// The project directory.
    #[arg(long, short = 'C', value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Print the plan and a diff of every file it would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Bring back generated files you deleted.
    #[arg(long)]
    pub force: bool,
    /// Write migrations that drop tables and columns removed from the spec.
    #[arg(long)]
    pub allow_drop: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
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
