//! Three-way merge of one file: the last generated version (base), the user's (ours) and the new
//! generated version (theirs), line by line.
//!
//! Each side's changes against the base are hunks (a range of base lines and what replaced it).
//! Hunks of the two sides that overlap, or insert at the same place, form a group. A group
//! changed by one side only takes that side's lines; a group both sides changed alike takes them
//! once; a group where both sides only inserted lines at the same place keeps both, the user's
//! first; any other group is a conflict, marked in the text. Changes to neighbouring lines do
//! not overlap, so they merge. (diffy and git treat insertions at the same place, and changes to
//! neighbouring lines, as conflicts: every line a user appended to a growing file was one.)

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// The marker lines of a conflict.
pub(crate) const MARKER_OURS: &str = "<<<<<<< yours";
pub(crate) const MARKER_SPLIT: &str = "=======";
pub(crate) const MARKER_THEIRS: &str = ">>>>>>> generated";

/// The outcome of merging one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Merged {
    /// Both sides' changes applied.
    Clean(String),
    /// Both sides changed the same lines: the text holds standard conflict markers
    /// (`<<<<<<< yours`, `=======`, `>>>>>>> generated`).
    Conflict(String),
}

/// Whether `text` holds a conflict marker line left from an earlier merge.
pub(crate) fn has_markers(text: &str) -> bool {
    text.lines()
        .any(|line| line.starts_with(MARKER_OURS) || line.starts_with(MARKER_THEIRS))
}

/// Merges `ours` and `theirs` against `base`. Without a base (the last generated version is not
/// known) the whole file is one conflict, so nothing is lost.
pub(crate) fn merge(base: Option<&str>, ours: &str, theirs: &str) -> Merged {
    let Some(base) = base else {
        let mut text = String::new();
        conflict(&mut text, &lines(ours), &lines(theirs));
        return Merged::Conflict(text);
    };
    let (base, ours, theirs) = (lines(base), lines(ours), lines(theirs));
    let mine = hunks(&base, &ours);
    let new = hunks(&base, &theirs);

    let mut text = String::new();
    let mut conflicted = false;
    let (mut at, mut i, mut j) = (0, 0, 0);
    loop {
        // The next group starts with the earliest remaining hunk of either side; at the same
        // place an insertion comes first, and the user's before the generator's.
        let mine_first = match (mine.get(i), new.get(j)) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(a), Some(b)) => (a.start, a.end) <= (b.start, b.end),
        };
        let (first_i, first_j) = (i, j);
        let first = if mine_first { &mine[i] } else { &new[j] };
        let (start, mut end) = (first.start, first.end);
        if mine_first {
            i += 1;
        } else {
            j += 1;
        }
        // A hunk joins the group when it shares a base line with it, when it inserts strictly
        // inside it, or when both insert at the same place.
        let joins = |hunk: &Hunk, end: usize| {
            if hunk.start == hunk.end {
                (start < hunk.start && hunk.start < end) || (start == end && hunk.start == start)
            } else {
                hunk.start < end
            }
        };
        loop {
            if let Some(a) = mine.get(i).filter(|a| joins(a, end)) {
                end = end.max(a.end);
                i += 1;
            } else if let Some(b) = new.get(j).filter(|b| joins(b, end)) {
                end = end.max(b.end);
                j += 1;
            } else {
                break;
            }
        }
        text.extend(base[at..start].iter().copied());
        let ours_here = side(&base, &ours, &mine[first_i..i], start, end);
        let theirs_here = side(&base, &theirs, &new[first_j..j], start, end);
        if first_j == j || ours_here == theirs_here {
            text.extend(ours_here);
        } else if first_i == i {
            text.extend(theirs_here);
        } else if start == end {
            // Both only inserted lines here: keep both, the user's first.
            text.extend(ours_here);
            text.extend(theirs_here);
        } else {
            conflict(&mut text, &ours_here, &theirs_here);
            conflicted = true;
        }
        at = end;
    }
    text.extend(base[at..].iter().copied());
    if conflicted {
        Merged::Conflict(text)
    } else {
        Merged::Clean(text)
    }
}

/// A change of one side: base lines `start..end` became that side's lines `from..to`.
#[derive(Debug, Clone, Copy)]
struct Hunk {
    start: usize,
    end: usize,
    from: usize,
    to: usize,
}

/// The lines of `text`, each with its line ending.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The hunks that turn `base` into `side`, in order; neighbouring edits are one hunk.
fn hunks(base: &[&str], side: &[&str]) -> Vec<Hunk> {
    let mut hunks: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        let (start, end, from, to) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_index + old_len, new_index, new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, old_index, new_index, new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index,
                old_index + old_len,
                new_index,
                new_index + new_len,
            ),
        };
        match hunks.last_mut() {
            Some(last) if last.end == start && last.to == from => {
                last.end = end;
                last.to = to;
            }
            _ => hunks.push(Hunk {
                start,
                end,
                from,
                to,
            }),
        }
    }
    hunks
}

/// What one side made of base lines `start..end`, given its hunks there.
fn side<'a>(
    base: &[&'a str],
    lines: &[&'a str],
    hunks: &[Hunk],
    start: usize,
    end: usize,
) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut at = start;
    for hunk in hunks {
        out.extend(base[at..hunk.start].iter().copied());
        out.extend(lines[hunk.from..hunk.to].iter().copied());
        at = hunk.end;
    }
    out.extend(base[at..end].iter().copied());
    out
}

/// Appends a conflict between `ours` and `theirs`, each side ending in a newline.
fn conflict(text: &mut String, ours: &[&str], theirs: &[&str]) {
    let mut block = |marker: &str, lines: &[&str]| {
        text.push_str(marker);
        text.push('\n');
        for line in lines {
            text.push_str(line);
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
    };
    block(MARKER_OURS, ours);
    block(MARKER_SPLIT, theirs);
    text.push_str(MARKER_THEIRS);
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

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
        assert_eq!(
            text,
            "a\n<<<<<<< yours\nB\n=======\nbee\n>>>>>>> generated\nc\nd\ne\n"
        );
    }

    #[test]
    fn lines_both_sides_insert_at_the_same_place_are_all_kept_the_users_first() {
        assert_eq!(
            merge(
                Some(BASE),
                "a\nb\nc\nd\ne\nmine\n",
                "a\nb\nc\nd\ne\nnew 1\nnew 2\n"
            ),
            Merged::Clean("a\nb\nc\nd\ne\nmine\nnew 1\nnew 2\n".to_owned())
        );
        assert_eq!(
            merge(Some(BASE), "a\nmine\nb\nc\nd\ne\n", "a\nnew\nb\nc\nd\ne\n"),
            Merged::Clean("a\nmine\nnew\nb\nc\nd\ne\n".to_owned())
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_made_once() {
        assert_eq!(
            merge(Some(BASE), "a\nb\nx\nd\ne\n", "a\nb\nx\nd\ne\n"),
            Merged::Clean("a\nb\nx\nd\ne\n".to_owned())
        );
    }

    #[test]
    fn an_insertion_next_to_a_changed_line_merges_and_one_inside_it_conflicts() {
        assert_eq!(
            merge(Some(BASE), "a\nB\nc\nd\ne\n", "a\nb\nnew\nc\nd\ne\n"),
            Merged::Clean("a\nB\nnew\nc\nd\ne\n".to_owned())
        );
        assert_eq!(
            merge(Some(BASE), "a\nb\nnew\nc\nd\ne\n", "a\nb\nC\nd\ne\n"),
            Merged::Clean("a\nb\nnew\nC\nd\ne\n".to_owned())
        );
        let Merged::Conflict(text) = merge(Some(BASE), "a\nb\nmine\nc\nd\ne\n", "a\nB\nC\nd\ne\n")
        else {
            panic!("expected a conflict");
        };
        assert_eq!(
            text,
            "a\n<<<<<<< yours\nb\nmine\nc\n=======\nB\nC\n>>>>>>> generated\nd\ne\n"
        );
    }

    #[test]
    fn a_missing_final_newline_does_not_glue_lines_to_markers() {
        let Merged::Conflict(text) = merge(Some("a"), "mine", "new") else {
            panic!("expected a conflict");
        };
        assert_eq!(
            text,
            "<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> generated\n"
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
        assert!(has_markers(&text));
        assert!(!has_markers("a <<<<<<< yours\n"));
    }

    /// `base` with `lines` inserted before the given base line indexes.
    fn with_insertions(base: &[String], insertions: &[(usize, String)]) -> String {
        let mut out = String::new();
        for (index, line) in base
            .iter()
            .enumerate()
            .chain([(base.len(), &String::new())])
        {
            for (_, inserted) in insertions.iter().filter(|(at, _)| *at == index) {
                out.push_str(inserted);
                out.push('\n');
            }
            if index < base.len() {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    proptest! {
        /// When both sides only insert lines, the merge is clean, keeps every line of all three
        /// versions, and keeps each side's lines in their order around the base's.
        #[test]
        fn insertions_on_both_sides_merge_cleanly_and_lose_nothing(
            size in 0..12usize,
            ours in prop::collection::vec((0..13usize, 0..1000u32), 0..6),
            theirs in prop::collection::vec((0..13usize, 0..1000u32), 0..6),
        ) {
            let base: Vec<String> = (0..size).map(|i| format!("base {i}")).collect();
            let place = |edits: &[(usize, u32)], who: &str| -> Vec<(usize, String)> {
                let mut placed: Vec<(usize, String)> = edits
                    .iter()
                    .enumerate()
                    .map(|(n, (at, tag))| ((*at).min(size), format!("{who} {n} {tag}")))
                    .collect();
                placed.sort();
                placed
            };
            let (ours, theirs) = (place(&ours, "mine"), place(&theirs, "new"));
            let base_text = with_insertions(&base, &[]);
            let ours_text = with_insertions(&base, &ours);
            let theirs_text = with_insertions(&base, &theirs);
            let Merged::Clean(merged) = merge(Some(&base_text), &ours_text, &theirs_text) else {
                return Err(TestCaseError::fail("insertions alone conflicted"));
            };
            let merged: Vec<&str> = merged.lines().collect();
            for version in [&base_text, &ours_text, &theirs_text] {
                // Each version's lines appear in the merge, in the same order.
                let mut rest = merged.iter();
                for line in version.lines() {
                    prop_assert!(rest.any(|m| *m == line), "`{}` lost or out of order", line);
                }
            }
            prop_assert_eq!(merged.len(), size + ours.len() + theirs.len());
        }
    }
}
