//! [`SpecError`]: one problem in a spec, located at a line and column and rendered like a rustc
//! diagnostic (message, `-->` location, the source line with the offending part underlined, and
//! an optional `= help:` line). No colour, so it reads the same in a terminal, a log or a test.

use std::fmt;
use std::ops::Range;

/// A problem in a spec file, pointing at the exact key or value that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    origin: String,
    /// 1-based.
    line: usize,
    /// 1-based, counted in characters.
    column: usize,
    /// The text of line `line`, without its line break.
    source_line: String,
    /// How many characters to underline (at least 1).
    underline: usize,
    message: String,
    hint: Option<String>,
}

impl SpecError {
    /// Locates `span` (a byte range into `source`) and builds an error for it. The span is
    /// clamped to the source and to char boundaries; a span over several lines is underlined to
    /// the end of its first line, and an empty span gets a single `^`.
    pub fn new(origin: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let start: usize = floor_char_boundary(source, span.start.min(source.len()));
        let end: usize = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start: usize = source[..start].rfind('\n').map_or(0, |index| index + 1);
        let line_end: usize = source[start..]
            .find('\n')
            .map_or(source.len(), |index| start + index);
        let source_line: &str = source[line_start..line_end].trim_end_matches('\r');
        let line: usize = source[..start].matches('\n').count() + 1;
        let column: usize = source[line_start..start].chars().count() + 1;
        let underline_end: usize = end.min(line_start + source_line.len()).max(start);
        let underline: usize = source[start..underline_end].chars().count().max(1);
        SpecError {
            origin: origin.to_owned(),
            line,
            column,
            source_line: source_line.to_owned(),
            underline,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds the `= help:` line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The name of the spec source (usually its path), as given to [`crate::spec::parse`].
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// 1-based line of the problem.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the problem, counted in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The text of the line the problem is on.
    pub fn source_line(&self) -> &str {
        &self.source_line
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it, when there is something useful to say.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl SpecError {
    /// The error as a compiler-style diagnostic; with `colour`, styled for a terminal.
    pub fn render(&self, colour: bool) -> String {
        let style = |style: anstyle::Style, text: &str| {
            if colour {
                format!("{style}{text}{style:#}")
            } else {
                text.to_owned()
            }
        };
        let error = anstyle::AnsiColor::Red.on_default().bold();
        let frame = anstyle::AnsiColor::Blue.on_default().bold();
        let help = anstyle::AnsiColor::Cyan.on_default().bold();
        let bold = anstyle::Style::new().bold();

        let number: String = self.line.to_string();
        let gutter: String = " ".repeat(number.len());
        // Keep tabs in the padding so the carets line up under the text they mark.
        let padding: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let bar = style(frame, "|");
        let mut out = format!(
            "{}{}\n",
            style(error, "error"),
            style(bold, &format!(": {}", self.message))
        );
        out.push_str(&format!(
            "{gutter}{} {}:{}:{}\n",
            style(frame, "-->"),
            self.origin,
            self.line,
            self.column
        ));
        out.push_str(&format!("{gutter} {bar}\n"));
        if self.source_line.is_empty() {
            out.push_str(&format!("{} {bar}\n", style(frame, &number)));
        } else {
            out.push_str(&format!(
                "{} {bar} {}\n",
                style(frame, &number),
                self.source_line
            ));
        }
        out.push_str(&format!(
            "{gutter} {bar} {padding}{}",
            style(error, &"^".repeat(self.underline))
        ));
        if let Some(hint) = &self.hint {
            out.push_str(&format!(
                "\n{gutter} {} {}{hint}",
                style(frame, "="),
                style(help, "help: ")
            ));
        }
        out
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for SpecError {}

/// The spec text and its name, for building errors that point into it.
#[derive(Debug, Clone, Copy)]
pub(super) struct SourceFile<'a> {
    pub origin: &'a str,
    pub text: &'a str,
}

impl SourceFile<'_> {
    /// An error at `span` (a byte range into the text).
    pub(super) fn error(&self, span: Range<usize>, message: impl Into<String>) -> SpecError {
        SpecError::new(self.origin, self.text, span, message)
    }
}

/// The candidate `input` was most likely meant to be: the closest by edit distance (at most 2
/// edits, transpositions counting once, and no more than half the input), or else by
/// Jaro-Winkler similarity of at least 0.9. Case is ignored. Ties go to the earlier candidate.
pub(super) fn closest<'c>(input: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lowered: String = input.to_lowercase();
    let length: usize = lowered.chars().count();
    candidates
        .iter()
        .map(|candidate| {
            let distance: usize = strsim::osa_distance(&lowered, candidate);
            let similarity: f64 = strsim::jaro_winkler(&lowered, candidate);
            (*candidate, distance, similarity)
        })
        .filter(|(_, distance, similarity)| {
            (*distance <= 2 && distance * 2 <= length) || *similarity >= 0.9
        })
        .min_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)))
        .map(|(candidate, _, _)| candidate)
}

/// "did you mean `x`?" when a candidate is close, else "expected one of: `a`, `b`, `c`"
/// (with `what` naming the list, e.g. "valid keys").
pub(super) fn suggestion(input: &str, candidates: &[&str], what: &str) -> String {
    match closest(input, candidates) {
        Some(candidate) => format!("did you mean `{candidate}`?"),
        None => format!("{what}: {}", code_list(candidates)),
    }
}

/// `` `a`, `b`, `c` ``.
pub(super) fn code_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<String>>()
        .join(", ")
}

fn floor_char_boundary(source: &str, mut index: usize) -> usize {
    while !source.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::{SpecError, closest, suggestion};

    #[test]
    fn suggests_close_names_only() {
        let types: &[&str] = &["string", "text", "int", "bigint", "bool", "ref"];
        assert_eq!(closest("strin", types), Some("string"));
        assert_eq!(closest("String", types), Some("string"));
        assert_eq!(closest("integer", types), None);
        assert_eq!(closest("boo", types), Some("bool"));
        assert_eq!(closest("xyz", types), None);
        let keys: &[&str] = &["type", "max_length", "min_length"];
        assert_eq!(closest("max_len", keys), Some("max_length"));
        assert_eq!(closest("maxlength", keys), Some("max_length"));
        assert_eq!(
            suggestion("tpye", keys, "valid keys"),
            "did you mean `type`?"
        );
        assert_eq!(
            suggestion("colour", keys, "valid keys"),
            "valid keys: `type`, `max_length`, `min_length`"
        );
    }

    #[test]
    fn renders_like_rustc() {
        let source: String = format!("{}fields.name = \"strin\"\nnext = 1\n", "\n".repeat(11));
        let start: usize = source.find("\"strin\"").unwrap();
        let error: SpecError = SpecError::new(
            "scaffold.toml",
            &source,
            start..start + 7,
            "unknown field type `strin`",
        )
        .with_hint("did you mean `string`?");
        assert_eq!((error.line(), error.column()), (12, 15));
        assert_eq!(
            error.to_string(),
            "error: unknown field type `strin`\n  --> scaffold.toml:12:15\n   |\n12 | fields.name = \"strin\"\n   |               ^^^^^^^\n   = help: did you mean `string`?"
        );
    }

    #[test]
    fn counts_columns_in_characters_and_clips_to_the_line() {
        let source: &str = "a = \"é\" # x\nb = 2";
        let start: usize = source.find('#').unwrap();
        let error: SpecError = SpecError::new("s.toml", source, start..source.len(), "bad");
        assert_eq!((error.line(), error.column()), (1, 9));
        assert_eq!(error.hint(), None);
        assert_eq!(error.origin(), "s.toml");
        assert_eq!(
            error.to_string(),
            "error: bad\n --> s.toml:1:9\n  |\n1 | a = \"é\" # x\n  |         ^^^"
        );
    }

    #[test]
    fn empty_span_at_end_of_file_gets_one_caret() {
        let source: &str = "a = 1\n";
        let error: SpecError = SpecError::new("s.toml", source, 40..40, "missing");
        assert_eq!((error.line(), error.column()), (2, 1));
        assert!(error.to_string().ends_with("2 |\n  | ^"), "{error}");
    }
}
