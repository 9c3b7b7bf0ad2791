//! `scaffold` turns a TOML resource spec into a complete axum + sqlx REST API project.
//!
//! Data flows one way: [`spec`] (parse, validate) → [`model`] (every decision) → [`render`]
//! (templates) → [`plan`] (file operations) → [`apply`] (the only writer).

mod apply;
mod cli;
mod commands;
mod error;
mod feature;
mod kind;
mod merge;
mod model;
mod naming;
mod pipeline;
mod plan;
mod presets;
mod prompt;
mod render;
mod spec;
mod state;
#[cfg(test)]
mod tests;

pub use error::Error;

use clap::Parser;

use crate::cli::{AddCommand, Cli, Command, RegenerateArgs, TemplatesCommand};
use crate::commands::generate::Flags;
use crate::commands::new::NewOptions;

use crate::pipeline::RegenerateOptions;

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
            preset,
            db,
            auth,
            no_auth,
            git,
            no_git,
            yes,
            spec_only,
            check,
            force,
            dry_run,
            quiet,
        } => {
            let options = NewOptions {
                dir,
                spec,
                preset,
                backend: db.map(Into::into),
                auth: flag_pair(auth, no_auth),
                git: flag_pair(git, no_git),
                force,
                dry_run,
                quiet,
                yes,
                spec_only,
                check,
            };
            if commands::new::interactive(&options) {
                commands::new::run(&options, Some(&mut prompt::Terminal))
            } else {
                commands::new::run(&options, None)
            }
        }
        Command::Presets => {
            for preset in presets::all() {
                println!("{:<10} {}", preset.name, preset.description());
            }
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "scaffold",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Templates(TemplatesCommand::List { dir }) => commands::templates::list(&dir),
        Command::Templates(TemplatesCommand::Eject {
            paths,
            all,
            dir,
            force,
        }) => commands::templates::eject(&dir, &paths, all, force),
        Command::Check { file } => commands::check::run(&file),
        Command::Diff { paths, stat, dir } => commands::diff::run(&dir, &paths, stat),
        Command::Generate { common } => commands::generate::run(&common.dir, flags(&common)),
        Command::Add(AddCommand::Resource {
            name,
            owned,
            fields,
            common,
        }) => commands::add::resource(&common.dir, &name, owned, &fields, flags(&common)),
        Command::Add(AddCommand::Job {
            name,
            args,
            access,
            cron,
            max_attempts,
            timeout_secs,
            common,
        }) => commands::add::job(
            &common.dir,
            &name,
            &args,
            &spec::JobOptions {
                access,
                cron,
                max_attempts,
                timeout_secs,
            },
            flags(&common),
        ),
        Command::Add(AddCommand::Field {
            resource,
            fields,
            common,
        }) => commands::add::field(&common.dir, &resource, &fields, flags(&common)),
    }
}

/// `Some(true)` for `--x`, `Some(false)` for `--no-x`, `None` for neither.
fn flag_pair(yes: bool, no: bool) -> Option<bool> {
    match (yes, no) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
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
