//! Three-way merge of one file: the last generated version (base), the user's (ours) and the new
//! generated version (theirs).

use diffy::{ConflictStyle, MergeOptions};

/// The outcome of merging one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Merged {
    /// Both sides' changes applied.
    Clean(String),
    /// Both sides changed the same lines: the text holds standard conflict markers
    /// (`<<<<<<< yours`, `=======`, `>>>>>>> generated`).
    Conflict(String),
}

/// Merges `ours` and `theirs` against `base`. Without a base (the last generated version cannot
/// be reconstructed) the whole file is one conflict, so nothing is lost.
pub(crate) fn merge(base: Option<&str>, ours: &str, theirs: &str) -> Merged {
    let mut options = MergeOptions::new();
    options.set_conflict_style(ConflictStyle::Merge);
    let Some(base) = base else {
        return Merged::Conflict(format!(
            "<<<<<<< yours\n{}=======\n{}>>>>>>> generated\n",
            ensure_newline(ours),
            ensure_newline(theirs)
        ));
    };
    match options.merge(base, ours, theirs) {
        Ok(text) => Merged::Clean(text),
        Err(text) => Merged::Conflict(relabel(&text)),
    }
}

fn ensure_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

/// diffy labels the sides `ours` and `theirs`; say whose they are.
fn relabel(text: &str) -> String {
    text.lines()
        .map(|line| match line {
            "<<<<<<< ours" => "<<<<<<< yours",
            ">>>>>>> theirs" => ">>>>>>> generated",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "a\nb\nc\nd\ne\n";

    #[test]
    fn changes_to_different_lines_merge_cleanly() {
        let ours = "a\nb (mine)\nc\nd\ne\n";
        let theirs = "a\nb\nc\nd\ne (new)\nf\n";
        assert_eq!(
            merge(Some(BASE), ours, theirs),
            Merged::Clean("a\nb (mine)\nc\nd\ne (new)\nf\n".to_owned())
        );
    }

    #[test]
    fn changes_to_the_same_line_conflict_and_keep_both_sides() {
        let Merged::Conflict(text) = merge(Some(BASE), "a\nB\nc\nd\ne\n", "a\nbee\nc\nd\ne\n")
        else {
            panic!("expected a conflict");
        };
        assert!(
            text.contains("<<<<<<< yours\nB\n=======\nbee\n>>>>>>> generated\n"),
            "{text}"
        );
    }

    #[test]
    fn without_a_base_the_whole_file_conflicts() {
        let Merged::Conflict(text) = merge(None, "mine", "new\n") else {
            panic!("expected a conflict")
        };
        assert_eq!(
            text,
            "<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> generated\n"
        );
    }
}
