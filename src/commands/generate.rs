//! `scaffold generate`: bring a project in line with its (edited) spec, keeping the user's edits.
//! `scaffold add` edits the spec in memory and ends here too.

use std::path::Path;

use crate::apply::apply;
use crate::error::Error;
use crate::pipeline::{RegenerateOptions, SPEC_FILE, regenerate};
use crate::plan::Action;

/// How a regeneration was asked for.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flags {
    pub options: RegenerateOptions,
    pub dry_run: bool,
    pub quiet: bool,
}

/// Regenerates the project at `root` from its `scaffold.toml`.
pub(crate) fn run(root: &Path, flags: Flags) -> Result<(), Error> {
    let spec_path = root.join(SPEC_FILE);
    let source = fs_err::read_to_string(&spec_path)?;
    run_with_source(root, &source, flags)
}

/// Regenerates the project at `root` from `source` (which becomes its `scaffold.toml`).
pub(crate) fn run_with_source(root: &Path, source: &str, flags: Flags) -> Result<(), Error> {
    let (_, plan) = regenerate(root, source, flags.options)?;
    if flags.dry_run {
        print!("{}", plan.diff());
        println!("{plan}");
        println!("(dry run: nothing was written)");
        return Ok(());
    }
    apply(&plan)?;
    if !flags.quiet {
        for op in plan
            .ops
            .iter()
            .filter(|op| op.action != Action::Unchanged && !op.is_base())
        {
            println!(
                "{:>9}  {}",
                format!("{:?}", op.action).to_lowercase(),
                op.path
            );
        }
        let orphans: Vec<&str> = plan
            .ops
            .iter()
            .filter(|op| op.action == Action::Orphan)
            .map(|op| op.path.as_str())
            .collect();
        if !orphans.is_empty() {
            println!(
                "These files are no longer generated but hold your changes, so they were left in place:"
            );
            for path in orphans {
                println!("  {path}");
            }
        }
        if plan.changes().all(|op| op.is_base()) {
            println!("Already up to date.");
        }
    }
    let conflicts = plan.conflicts();
    if conflicts.is_empty() {
        Ok(())
    } else {
        Err(Error::Conflicts(
            conflicts.into_iter().map(str::to_owned).collect(),
        ))
    }
}
