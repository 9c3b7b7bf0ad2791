//! `scaffold add resource`, `scaffold add field` and `scaffold add job`: edit `scaffold.toml` (keeping its comments
//! and layout) and regenerate the project from it, in one plan.

use std::path::Path;

use super::generate::{Flags, run_with_source};
use crate::error::Error;
use crate::pipeline::SPEC_FILE;
use crate::spec::shorthand::{FieldArg, parse_field};
use crate::spec::{JobOptions, add_fields, add_job, add_resource};

fn parse_fields(args: &[String]) -> Result<Vec<FieldArg>, Error> {
    args.iter().map(|arg| Ok(parse_field(arg)?)).collect()
}

fn spec_source(root: &Path) -> Result<String, Error> {
    let path = root.join(SPEC_FILE);
    if !path.is_file() {
        return Err(Error::Usage(format!(
            "no {SPEC_FILE} in {}: run this inside a project made by `scaffold new` (or pass --dir)",
            root.display()
        )));
    }
    Ok(fs_err::read_to_string(path)?)
}

pub(crate) fn resource(
    root: &Path,
    name: &str,
    owned: bool,
    fields: &[String],
    flags: Flags,
) -> Result<(), Error> {
    let fields = parse_fields(fields)?;
    let source = add_resource(&spec_source(root)?, name, owned, &fields)?;
    run_with_source(root, &source, flags)
}

pub(crate) fn field(
    root: &Path,
    resource: &str,
    fields: &[String],
    flags: Flags,
) -> Result<(), Error> {
    if fields.is_empty() {
        return Err(Error::Usage(
            "give at least one field, e.g. `price:decimal:precision=10:scale=2`".to_owned(),
        ));
    }
    let fields = parse_fields(fields)?;
    let source = add_fields(&spec_source(root)?, resource, &fields)?;
    run_with_source(root, &source, flags)
}

pub(crate) fn job(
    root: &Path,
    name: &str,
    args: &[String],
    options: &JobOptions,
    flags: Flags,
) -> Result<(), Error> {
    let args = parse_fields(args)?;
    let source = add_job(&spec_source(root)?, name, &args, options)?;
    run_with_source(root, &source, flags)
}
