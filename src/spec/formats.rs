//! Tiny well-formedness checks for the string-shaped field types (`date`, `datetime`, `uuid`,
//! `email`, `url`). The spec validator checks `default` and `example` values with them, and the
//! model can reuse them; they are deliberately strict subsets of the real formats, so anything
//! they accept also parses in the generated project.

/// `YYYY-MM-DD`, a real calendar date (leap years included), year 0000-9999.
pub(crate) fn is_date(s: &str) -> bool {
    let bytes: &[u8] = s.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (
        digits(&bytes[0..4]),
        digits(&bytes[5..7]),
        digits(&bytes[8..10]),
    ) else {
        return false;
    };
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, optional `.fraction`, then `Z` or `+HH:MM` /
/// `-HH:MM` (`t` and `z` accepted in lower case). Seconds go up to 59.
pub(crate) fn is_datetime(s: &str) -> bool {
    let bytes: &[u8] = s.as_bytes();
    if bytes.len() < 20 || !s.get(..10).is_some_and(is_date) || !matches!(bytes[10], b'T' | b't') {
        return false;
    }
    if !is_time(&bytes[11..19], 23, 59, 59) {
        return false;
    }
    let mut rest: &[u8] = &bytes[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count: usize = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', offset @ ..] => offset.len() == 5 && offset[2] == b':' && is_offset(offset),
        _ => false,
    }
}

/// `8-4-4-4-12` hexadecimal digits (either case), e.g. `67e55044-10b1-426f-9247-bb680e5fe0c8`.
pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// One `@`, a non-empty local part, and a domain of non-empty dot-separated labels with at least
/// one dot; no whitespace anywhere.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
        && !s.chars().any(char::is_whitespace)
}

/// `http://` or `https://` followed by a non-empty host; no whitespace anywhere.
pub(crate) fn is_url(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
    else {
        return false;
    };
    let host: &str = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !host.starts_with(':') && !s.chars().any(char::is_whitespace)
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// A decimal number written out: an optional `-`, digits, and optionally `.` and more digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecimalText<'a> {
    pub negative: bool,
    /// Without leading zeros (empty for zero).
    pub whole: &'a str,
    /// Without trailing zeros.
    pub fraction: &'a str,
}

impl DecimalText<'_> {
    /// `text` as a decimal, if it is one (no exponent, no `+`, no `_`).
    pub(crate) fn parse(text: &str) -> Option<DecimalText<'_>> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !all_digits(whole)
            || !all_digits(fraction)
            || (digits.contains('.') && fraction.is_empty())
        {
            return None;
        }
        Some(DecimalText {
            negative,
            whole: whole.trim_start_matches('0'),
            fraction: fraction.trim_end_matches('0'),
        })
    }

    /// The value with exactly `scale` places (which must be at least as many as it has).
    pub(crate) fn with_scale(&self, scale: u32) -> String {
        let sign = if self.negative && !(self.whole.is_empty() && self.fraction.is_empty()) {
            "-"
        } else {
            ""
        };
        let whole = if self.whole.is_empty() {
            "0"
        } else {
            self.whole
        };
        if scale == 0 {
            return format!("{sign}{whole}");
        }
        format!(
            "{sign}{whole}.{:0<width$}",
            self.fraction,
            width = scale as usize
        )
    }
}

/// A time of day: `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (1 to 9 digits), hours 00-23.
pub(crate) fn is_time_of_day(s: &str) -> bool {
    let bytes: &[u8] = s.as_bytes();
    match bytes.len() {
        5 => bytes[2] == b':' && is_time(&[&bytes[..5], b":00"].concat(), 23, 59, 59),
        8 => is_time(bytes, 23, 59, 59),
        10..=18 => {
            is_time(&bytes[..8], 23, 59, 59)
                && bytes[8] == b'.'
                && bytes[9..].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A valid time of day as chrono prints it: seconds always, a fraction of 3, 6 or 9 digits
/// only when it is not zero.
pub(crate) fn canonical_time(s: &str) -> String {
    let (clock, fraction) = s.split_once('.').unwrap_or((s, ""));
    let clock = if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_owned()
    };
    let nanos = format!("{fraction:0<9}");
    let digits = if nanos.bytes().all(|b| b == b'0') {
        return clock;
    } else if nanos.ends_with("000000") {
        3
    } else if nanos.ends_with("000") {
        6
    } else {
        9
    };
    format!("{clock}.{}", &nanos[..digits])
}

fn is_time(bytes: &[u8], max_hour: u32, max_minute: u32, max_second: u32) -> bool {
    bytes.len() == 8
        && bytes[2] == b':'
        && bytes[5] == b':'
        && digits(&bytes[0..2]).is_some_and(|h| h <= max_hour)
        && digits(&bytes[3..5]).is_some_and(|m| m <= max_minute)
        && digits(&bytes[6..8]).is_some_and(|s| s <= max_second)
}

fn is_offset(bytes: &[u8]) -> bool {
    digits(&bytes[0..2]).is_some_and(|h| h <= 23) && digits(&bytes[3..5]).is_some_and(|m| m <= 59)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in ["2024-01-31", "2024-02-29", "2000-02-29", "0001-12-01"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T00:00:00Z",
            "２０２4-01-01",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn datetimes() {
        for ok in [
            "2024-01-31T12:30:00Z",
            "2024-01-31t12:30:00z",
            "2024-01-31T23:59:59.123456+02:00",
            "2024-01-31T00:00:00-05:30",
        ] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in [
            "2024-01-31T12:30:00",
            "2024-01-31 12:30:00Z",
            "2024-01-31T24:00:00Z",
            "2024-01-31T12:60:00Z",
            "2024-01-31T12:30:60Z",
            "2024-01-31T12:30:00.Z",
            "2024-01-31T12:30:00+0200",
            "2024-02-30T12:30:00Z",
            "2024-01-31T12:30Z",
            "2024-01-31",
        ] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn times_of_day() {
        for ok in [
            "00:00",
            "23:59",
            "09:30:00",
            "23:59:59",
            "12:00:00.5",
            "12:00:00.123456789",
        ] {
            assert!(is_time_of_day(ok), "{ok}");
        }
        for bad in [
            "24:00",
            "9:30",
            "09:60",
            "09:30:60",
            "09:30:00.",
            "12:00:00.1234567890",
            "09:30Z",
            "09:30:00+01:00",
            "",
            "0930",
        ] {
            assert!(!is_time_of_day(bad), "{bad}");
        }
    }

    #[test]
    fn times_of_day_are_spelled_as_chrono_prints_them() {
        for (input, canonical) in [
            ("08:30", "08:30:00"),
            ("08:30:15", "08:30:15"),
            ("08:30:15.000", "08:30:15"),
            ("08:30:15.5", "08:30:15.500"),
            ("08:30:15.1234", "08:30:15.123400"),
            ("08:30:15.1234567", "08:30:15.123456700"),
        ] {
            assert_eq!(canonical_time(input), canonical, "{input}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(is_uuid("67E55044-10B1-426F-9247-BB680E5FE0C8"));
        assert!(!is_uuid("67e5504410b1426f9247bb680e5fe0c8"));
        assert!(!is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c"));
        assert!(!is_uuid("g7e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(!is_uuid("67e55044-10b1-426f-9247-bb68-0e5fe0c8"));
    }

    #[test]
    fn emails() {
        assert!(is_email("ann@example.com"));
        assert!(is_email("a.b+c@mail.example.org"));
        for bad in [
            "ann",
            "@example.com",
            "ann@example",
            "ann@@example.com",
            "a@b@example.com",
            "ann@.com",
            "ann@example.",
            "ann smith@example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for ok in [
            "https://example.com",
            "http://localhost:8080/x?y=1",
            "https://a.b/c#d",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "http://:80",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }
}
