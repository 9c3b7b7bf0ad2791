//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::spec::Backend;

#[derive(Debug, Parser)]
#[command(
    name = "scaffold",
    version,
    about = "Generate a production-grade axum + sqlx REST API from a TOML spec",
    after_help = "Examples:\n  scaffold new myapi                        # a new API (asks a few questions on a terminal)\n  \
        scaffold add resource tag name:string     # inside a project\n  \
        scaffold generate --dry-run               # after editing scaffold.toml\n\n\
        Exit codes: 0 success, 1 failure, 2 usage or spec error, 3 merge conflicts to resolve."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a new project in DIR (asks a few questions on a terminal).
    #[command(
        after_help = "On a terminal, `new` asks for what the flags leave open (press Enter for the defaults);\n\
        with --yes, or when not on a terminal, it asks nothing.\n\n\
        Examples:\n  scaffold new myapi\n  scaffold new myapi --preset blog --db postgres --yes\n  \
        scaffold new shop --spec shop.toml --no-git\n  scaffold new myapi --preset saas --spec-only"
    )]
    New {
        /// Directory to create the project in (its name names the project unless --spec names it).
        dir: PathBuf,
        /// Spec to generate from (default: one `item` resource).
        #[arg(long, value_name = "FILE", conflicts_with = "preset")]
        spec: Option<PathBuf>,
        /// Start from a preset (see `scaffold presets`).
        #[arg(long, value_name = "NAME")]
        preset: Option<String>,
        /// Database backend, overriding the spec.
        #[arg(long, value_enum)]
        db: Option<DbArg>,
        /// Generate with authentication, overriding the spec.
        #[arg(long, conflicts_with = "no_auth")]
        auth: bool,
        /// Generate without authentication, overriding the spec.
        #[arg(long)]
        no_auth: bool,
        /// Run `git init` in the new project.
        #[arg(long, conflicts_with = "no_git")]
        git: bool,
        /// Do not run `git init`.
        #[arg(long)]
        no_git: bool,
        /// Ask nothing: take the defaults and the flags.
        #[arg(long, short)]
        yes: bool,
        /// Write only scaffold.toml, to edit before generating.
        #[arg(long)]
        spec_only: bool,
        /// Run `cargo check` in the new project.
        #[arg(long)]
        check: bool,
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
    /// List the presets `new --preset` starts from.
    #[command(after_help = "Examples:\n  scaffold presets\n  scaffold new myapi --preset blog")]
    Presets,
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  scaffold completions bash > ~/.local/share/bash-completion/completions/scaffold\n  \
        scaffold completions zsh > ~/.zfunc/_scaffold"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// List the templates, or copy them into the project to change them.
    #[command(subcommand)]
    Templates(TemplatesCommand),
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
    /// Show what you changed in generated files since they were last generated.
    #[command(
        after_help = "Compares each generated file with the text scaffold last wrote (kept in\n\
                      `.scaffold/base/`): what a regeneration or an upgrade of scaffold will merge.\n\n\
                      Examples:\n  scaffold diff\n  scaffold diff --stat\n  scaffold diff src/api/v1/endpoints/product.rs"
    )]
    Diff {
        /// Only these files (paths relative to the project).
        paths: Vec<String>,
        /// One line per changed file instead of the changes.
        #[arg(long)]
        stat: bool,
        /// The project directory.
        #[arg(long, short = 'C', value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Validate a spec and show what it would generate.
    #[command(after_help = "Examples:\n  scaffold check\n  scaffold check examples/shop.toml")]
    Check {
        /// The spec to check.
        #[arg(default_value = "scaffold.toml")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum TemplatesCommand {
    /// List the built-in templates and which ones the project overrides.
    List {
        /// The project directory.
        #[arg(long, short = 'C', value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Copy built-in templates into `.scaffold/templates/`; generation then uses the copies.
    #[command(
        after_help = "Examples:\n  scaffold templates eject src/api/v1/endpoints/resource.rs.tera\n  scaffold templates eject --all"
    )]
    Eject {
        /// Template paths as `templates list` shows them.
        #[arg(required_unless_present = "all")]
        paths: Vec<String>,
        /// Every template.
        #[arg(long, conflicts_with = "paths")]
        all: bool,
        /// The project directory.
        #[arg(long, short = 'C', value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Overwrite copies that exist already.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AddCommand {
    /// Add a resource: `scaffold add resource item title:string price:decimal`.
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
    /// Add a background job: `scaffold add job send_receipt order:ref:order note:text?`.
    #[command(after_help = FIELD_HELP)]
    Job {
        /// snake_case name (`send_receipt`).
        name: String,
        /// Its arguments, as `name:type[?][:modifier...]` like fields.
        args: Vec<String>,
        /// Who may queue it over HTTP: `user`, a role, `public` (without auth) or `none`.
        #[arg(long, value_name = "LEVEL")]
        access: Option<String>,
        /// Also queue it on this schedule: six fields, seconds first, UTC (`"0 0 3 * * *"`).
        #[arg(long, value_name = "EXPR")]
        cron: Option<String>,
        /// Attempts before a task fails for good (default 5).
        #[arg(long, value_name = "N")]
        max_attempts: Option<i64>,
        /// How long one attempt may run, in seconds (default 300).
        #[arg(long, value_name = "SECS")]
        timeout_secs: Option<i64>,
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
    title:string   notes:text?   sku:string:unique   price:decimal:precision=10:scale=2:min=0\n  \
    category:ref:category   parent:ref:node?:on_delete=set_null   status:enum:draft|active|archived\n  \
    opens:time:default=08:30   weight:float:min=0:example=9.5\n\
    Modifiers: unique, index, optional, default=, example=, min=, max=, precision=, scale=,\n\
    min_length=, max_length=, on_delete=, pattern= (takes the rest of the argument).";

/// Options shared by the commands that change an existing project.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RegenerateArgs {
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
pub(crate) enum DbArg {
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
