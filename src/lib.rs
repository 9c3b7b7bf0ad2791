//! `scaffold` turns a TOML resource spec into a complete axum + sqlx REST API project.
//!
//! Data flows one way: [`spec`] (parse, validate) → [`model`] (every decision) → [`render`]
//! (templates) → [`plan`] (file operations) → [`apply`] (the only writer).

pub mod apply;
pub mod cli;
pub mod commands;
pub mod error;
pub mod generate;
pub mod model;
pub mod naming;
pub mod plan;
pub mod render;
pub mod spec;
pub mod state;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::new::NewOptions;
use crate::error::Error;

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
    }
}
