//! One module per subcommand.

pub(crate) mod add;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod generate;
pub(crate) mod new;
pub(crate) mod templates;
