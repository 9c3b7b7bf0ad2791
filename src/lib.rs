//! `scaffold` turns a TOML resource spec into a complete axum + sqlx REST API project.
//!
//! Data flows one way: [`spec`] (parse, validate) → [`model`] (every decision) → [`render`]
//! (templates) → [`plan`] (file operations) → [`apply`] (the only writer).

pub mod apply;
pub mod cli;
pub mod commands;
pub mod error;
pub mod generate;
pub mod merge;
pub mod model;
pub mod naming;
pub mod plan;
pub mod render;
pub mod spec;
pub mod state;

use clap::Parser;

use crate::cli::{AddCommand, Cli, Command, RegenerateArgs};
use crate::commands::generate::Flags;
use crate::commands::new::NewOptions;
use crate::error::Error;
use crate::generate::RegenerateOptions;

/// Runs the command line given in `args`.
pub fn run<I, T>(args: I) -> Result<(), Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let usage = error.use_stderr();
            let _ = error.print();
            return if usage {
                Err(Error::Reported(error::EXIT_USAGE))
            } else {
                Ok(())
            };
        }
    };
    match cli.command {
        Command::New {
            dir,
            spec,
            db,
            no_auth,
            force,
            dry_run,
            quiet,
        } => commands::new::run(&NewOptions {
            dir,
            spec,
            backend: db.map(Into::into),
            no_auth,
            force,
            dry_run,
            quiet,
        }),
        Command::Check { file } => commands::check::run(&file),
        Command::Generate { common } => commands::generate::run(&common.dir, flags(&common)),
        Command::Add(AddCommand::Resource {
            name,
            owned,
            fields,
            common,
        }) => commands::add::resource(&common.dir, &name, owned, &fields, flags(&common)),
        Command::Add(AddCommand::Field {
            resource,
            fields,
            common,
        }) => commands::add::field(&common.dir, &resource, &fields, flags(&common)),
    }
}

fn flags(args: &RegenerateArgs) -> Flags {
    Flags {
        options: RegenerateOptions {
            force: args.force,
            allow_drop: args.allow_drop,
        },
        dry_run: args.dry_run,
        quiet: args.quiet,
    }
}
