//! The questions `scaffold new` asks on a terminal. Each has a default, so pressing Enter
//! throughout gives a working project, and a flag, which skips it. The questions go through the
//! [`Prompter`] trait: dialoguer on a terminal, scripted answers in tests.

use std::io;

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use crate::presets;
use crate::spec::Backend;

/// Asks one question at a time.
pub(crate) trait Prompter {
    fn input(&mut self, prompt: &str, default: &str) -> io::Result<String>;
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> io::Result<usize>;
    fn confirm(&mut self, prompt: &str, default: bool) -> io::Result<bool>;
}

/// dialoguer prompts on the terminal.
pub(crate) struct Terminal;

impl Prompter for Terminal {
    fn input(&mut self, prompt: &str, default: &str) -> io::Result<String> {
        Input::with_theme(&ColorfulTheme::default())
            .with_prompt(prompt)
            .default(default.to_owned())
            .allow_empty(true)
            .interact_text()
            .map_err(io::Error::other)
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> io::Result<usize> {
        Select::with_theme(&ColorfulTheme::default())
            .with_prompt(prompt)
            .items(items)
            .default(default)
            .interact()
            .map_err(io::Error::other)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> io::Result<bool> {
        Confirm::with_theme(&ColorfulTheme::default())
            .with_prompt(prompt)
            .default(default)
            .interact()
            .map_err(io::Error::other)
    }
}

/// What the command line already says; `None` means "ask".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Given {
    /// `--spec` or `--preset` was given: no preset question.
    pub spec_chosen: bool,
    pub backend: Option<Backend>,
    pub auth: Option<bool>,
    pub git: Option<bool>,
}

/// The answers, each `None` where the spec's own value stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Answers {
    pub preset: Option<String>,
    pub description: Option<String>,
    pub backend: Option<Backend>,
    pub auth: Option<bool>,
    pub roles: Option<Vec<String>>,
    pub git: bool,
}

/// What the chosen spec says, for the defaults of the questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Defaults {
    pub description: String,
    pub backend: Backend,
    pub auth: bool,
    pub roles: Vec<String>,
}

/// Asks what `given` leaves open. `defaults_for(preset)` gives the defaults of a preset (or of
/// the chosen spec, for `None`).
pub(crate) fn ask(
    prompter: &mut dyn Prompter,
    given: &Given,
    defaults_for: &dyn Fn(Option<&str>) -> Defaults,
) -> io::Result<Answers> {
    let mut answers = Answers::default();
    if !given.spec_chosen {
        let presets = presets::all();
        let mut items = vec!["blank: one `item` resource".to_owned()];
        items.extend(
            presets
                .iter()
                .map(|preset| format!("{}: {}", preset.name, preset.description())),
        );
        let choice = prompter.select("Start from", &items, 0)?;
        answers.preset = choice
            .checked_sub(1)
            .map(|index| presets[index].name.to_owned());
    }
    let defaults = defaults_for(answers.preset.as_deref());

    let description = prompter.input("Description", &defaults.description)?;
    answers.description = (description != defaults.description).then_some(description);

    answers.backend = match given.backend {
        Some(backend) => Some(backend),
        None => {
            let items = [
                "SQLite (embedded, no server)".to_owned(),
                "PostgreSQL".to_owned(),
            ];
            let default = usize::from(defaults.backend == Backend::Postgres);
            let choice = prompter.select("Database", &items, default)?;
            Some(if choice == 1 {
                Backend::Postgres
            } else {
                Backend::Sqlite
            })
        }
    };

    let auth = match given.auth {
        Some(auth) => auth,
        None => prompter.confirm("Authentication (users, JWT login, roles)?", defaults.auth)?,
    };
    answers.auth = Some(auth);
    if auth && given.auth.is_none() {
        let default = defaults.roles.join(", ");
        let roles = prompter.input("Roles (comma-separated; `admin` always exists)", &default)?;
        if roles != default {
            answers.roles = Some(
                roles
                    .split(',')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }

    answers.git = match given.git {
        Some(git) => git,
        None => prompter.confirm("Initialise a git repository?", true)?,
    };
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;

    /// Answers given in advance, in order; an empty answer takes the default. For tests.
    #[derive(Debug, Default)]
    struct Scripted {
        answers: VecDeque<String>,
        /// The prompts seen, in order.
        asked: Vec<String>,
    }

    impl Scripted {
        fn new<I: IntoIterator<Item = S>, S: Into<String>>(answers: I) -> Self {
            Self {
                answers: answers.into_iter().map(Into::into).collect(),
                asked: Vec::new(),
            }
        }

        fn next(&mut self, prompt: &str) -> String {
            self.asked.push(prompt.to_owned());
            self.answers.pop_front().unwrap_or_default()
        }
    }

    impl Prompter for Scripted {
        fn input(&mut self, prompt: &str, default: &str) -> io::Result<String> {
            let answer = self.next(prompt);
            Ok(if answer.is_empty() {
                default.to_owned()
            } else {
                answer
            })
        }

        fn select(&mut self, prompt: &str, items: &[String], default: usize) -> io::Result<usize> {
            let answer = self.next(prompt);
            if answer.is_empty() {
                return Ok(default);
            }
            items
                .iter()
                .position(|item| item.starts_with(&answer))
                .ok_or_else(|| io::Error::other(format!("no choice `{answer}` for `{prompt}`")))
        }

        fn confirm(&mut self, prompt: &str, default: bool) -> io::Result<bool> {
            Ok(match self.next(prompt).as_str() {
                "" => default,
                "y" | "yes" => true,
                _ => false,
            })
        }
    }

    fn defaults(preset: Option<&str>) -> Defaults {
        Defaults {
            description: format!("{} description", preset.unwrap_or("blank")),
            backend: Backend::Sqlite,
            auth: preset != Some("minimal"),
            roles: vec!["admin".into(), "user".into()],
        }
    }

    #[test]
    fn pressing_enter_throughout_takes_every_default() {
        let mut prompter = Scripted::new(Vec::<String>::new());
        let answers = ask(&mut prompter, &Given::default(), &defaults).unwrap();
        assert_eq!(
            answers,
            Answers {
                backend: Some(Backend::Sqlite),
                auth: Some(true),
                git: true,
                ..Answers::default()
            }
        );
        assert_eq!(
            prompter.asked,
            [
                "Start from",
                "Description",
                "Database",
                "Authentication (users, JWT login, roles)?",
                "Roles (comma-separated; `admin` always exists)",
                "Initialise a git repository?"
            ]
        );
    }

    #[test]
    fn answers_are_taken_and_presets_change_the_defaults() {
        let mut prompter = Scripted::new([
            "blog",
            "My blog",
            "PostgreSQL",
            "",
            "admin, editor, user",
            "n",
        ]);
        let answers = ask(&mut prompter, &Given::default(), &defaults).unwrap();
        assert_eq!(answers.preset.as_deref(), Some("blog"));
        assert_eq!(answers.description.as_deref(), Some("My blog"));
        assert_eq!(answers.backend, Some(Backend::Postgres));
        assert_eq!(answers.auth, Some(true));
        assert_eq!(
            answers.roles,
            Some(vec!["admin".into(), "editor".into(), "user".into()])
        );
        assert!(!answers.git);
    }

    #[test]
    fn flags_skip_their_questions() {
        let given = Given {
            spec_chosen: true,
            backend: Some(Backend::Postgres),
            auth: Some(false),
            git: Some(false),
        };
        let mut prompter = Scripted::new(Vec::<String>::new());
        let answers = ask(&mut prompter, &given, &defaults).unwrap();
        assert_eq!(prompter.asked, ["Description"]);
        assert_eq!(answers.auth, Some(false));
        assert_eq!(answers.backend, Some(Backend::Postgres));
    }
}
