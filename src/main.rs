use std::io::IsTerminal;
use std::process::ExitCode;

use scaffold::Error;

fn main() -> ExitCode {
    match scaffold::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if !matches!(error, Error::Reported(_)) {
                eprintln!("{}", render_error(&error, colour()));
            }
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

/// Colour on a terminal, unless `NO_COLOR` says otherwise.
fn colour() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Spec errors are rendered like compiler diagnostics; others get an `error:` prefix.
fn render_error(error: &Error, colour: bool) -> String {
    match error {
        Error::Spec(spec) => spec.render(colour),
        other if colour => {
            let red = anstyle::AnsiColor::Red.on_default().bold();
            format!("{red}error{red:#}: {other}")
        }
        other => format!("error: {other}"),
    }
}
