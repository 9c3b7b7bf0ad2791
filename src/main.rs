use std::process::ExitCode;

fn main() -> ExitCode {
    match scaffold::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if !matches!(error, scaffold::error::Error::Reported(_)) {
                eprintln!("{}", render_error(&error));
            }
            ExitCode::from(error.exit_code() as u8)
        }
    }
}

/// Spec errors are rendered like compiler diagnostics already; others get an `error:` prefix.
fn render_error(error: &scaffold::error::Error) -> String {
    match error {
        scaffold::error::Error::Spec(spec) => spec.to_string(),
        other => format!("error: {other}"),
    }
}
