//! One module per subcommand.

pub mod add;
pub mod check;
pub mod generate;
pub mod new;
pub mod templates;
