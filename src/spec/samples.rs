//! Values for the generated tests: distinct valid values that satisfy every constraint of a field
//! (patterns included), and invalid values that each break exactly one rule.

use rand::SeedableRng;
use rand::rngs::StdRng;
use regex::Regex;
use serde_json::{Value as Json, json};

use crate::kind::{LiteralRule, Samples};
use crate::spec::{Field, FieldType, Value};

/// How many distinct valid values a field offers the tests.
pub(crate) const SAMPLE_COUNT: usize = 8;

/// A value that breaks one rule, and the kind of error the API must answer with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    pub value: Json,
    pub kind: &'static str,
}

/// Converts a spec literal to JSON.
pub(crate) fn to_json(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::String(s.clone()),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Bool(b) => json!(b),
        Value::Json(j) => j.clone(),
    }
}

/// Up to [`SAMPLE_COUNT`] distinct valid values, the field's `example` first. `None` for `ref`
/// fields (tests create the referenced row instead), or when no value can be derived.
pub(crate) fn valid_values(field: &Field) -> Option<Vec<Json>> {
    let mut values: Vec<Json> = Vec::new();
    if let Some(example) = &field.example {
        values.push(to_json(example));
    }
    let derived: Vec<Json> = match field.ty.info().samples {
        Samples::Reference => return None,
        Samples::Text => text_values(field),
        Samples::Fitted(make) => fit_all(field, make),
        Samples::Integer => integer_values(field),
        Samples::Float => float_values(field),
        Samples::Decimal => decimal_values(field),
        Samples::Listed(make) => (1..=SAMPLE_COUNT).map(make).collect(),
        Samples::Enum => match &field.ty {
            FieldType::Enum(values) => values.iter().map(|v| json!(v)).collect(),
            _ => Vec::new(),
        },
    };
    for value in derived {
        if values.len() == SAMPLE_COUNT {
            break;
        }
        if !values.contains(&value) {
            values.push(value);
        }
    }
    (!values.is_empty()).then_some(values)
}

/// Values that each break one rule of the field.
pub(crate) fn invalid_values(field: &Field) -> Vec<Invalid> {
    let mut cases = Vec::new();
    let mut push = |value: Json, kind: &'static str| cases.push(Invalid { value, kind });
    let info = field.ty.info();
    if info.keys.lengths {
        if let Some(min) = field.min_length.filter(|min| *min > 0) {
            push(json!("x".repeat(min as usize - 1)), "string_too_short");
        }
        if let Some(max) = field.max_length {
            push(json!("x".repeat(max as usize + 1)), "string_too_long");
        }
        if let Some(pattern) = &field.pattern
            && let Some(bad) = non_matching(pattern, field)
        {
            push(json!(bad), "string_pattern_mismatch");
        }
    }
    if info.keys.bounds {
        match info.samples {
            Samples::Integer => {
                let (lo, hi) = integer_bounds(field);
                if let Some(min) = field.min {
                    let below = min.ceil() as i64 - 1;
                    if below >= lo {
                        push(json!(below), "greater_than_equal");
                    }
                }
                if let Some(max) = field.max {
                    let above = max.floor() as i64 + 1;
                    if above <= hi {
                        push(json!(above), "less_than_equal");
                    }
                }
            }
            _ => {
                if let Some(min) = field.min {
                    push(json!(min - 1.0), "greater_than_equal");
                }
                if let Some(max) = field.max {
                    push(json!(max + 1.0), "less_than_equal");
                }
            }
        }
    }
    if let Some(digits) = field.digits
        && let Some(Json::String(valid)) = valid_values(field).and_then(|v| v.into_iter().next())
    {
        let places = if valid.contains('.') {
            format!("{valid}1")
        } else {
            format!("{valid}.1")
        };
        push(json!(places), "decimal_max_places");
        push(
            json!(format!("1{}", "0".repeat(digits.whole() as usize))),
            "decimal_whole_digits",
        );
    }
    for (value, kind) in info.invalid {
        push(
            serde_json::from_str(value).expect("the table's invalid values are JSON"),
            kind,
        );
    }
    cases
}

fn integer_bounds(field: &Field) -> (i64, i64) {
    match field.ty.info().literal {
        LiteralRule::Integer { bits: 32 } => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => (i64::MIN, i64::MAX),
    }
}

fn integer_values(field: &Field) -> Vec<Json> {
    let (type_lo, type_hi) = integer_bounds(field);
    let lo = field
        .min
        .map_or(type_lo, |min| min.ceil() as i64)
        .max(type_lo);
    let hi = field
        .max
        .map_or(type_hi, |max| max.floor() as i64)
        .min(type_hi);
    let start = 1_i64.clamp(lo, hi.max(lo));
    let upward = (0..)
        .map(|k| start.saturating_add(k))
        .take_while(|v| *v <= hi);
    let downward = (1..)
        .map(|k| start.saturating_sub(k))
        .take_while(|v| *v >= lo);
    upward
        .chain(downward)
        .take(SAMPLE_COUNT)
        .map(|v| json!(v))
        .collect()
}

fn float_values(field: &Field) -> Vec<Json> {
    let lo = field.min.unwrap_or(f64::MIN);
    let hi = field.max.unwrap_or(f64::MAX);
    steps_within(lo, hi)
        .take(SAMPLE_COUNT)
        .filter(|v| *v >= lo && *v <= hi)
        .map(|v| json!(v))
        .collect()
}

/// Numbers from 1.5 (or the nearest bound) upwards, by 1, or by a tenth of the range when it is
/// narrower than 10.
fn steps_within(lo: f64, hi: f64) -> impl Iterator<Item = f64> {
    let start = 1.5_f64.clamp(lo, hi.max(lo));
    let step = if hi - lo < 10.0 {
        (hi - lo) / 10.0
    } else {
        1.0
    };
    (0_u32..).map(move |k| start + step * f64::from(k))
}

/// Decimals within the field's bounds and digits, written with its scale (one place when it has
/// none), as strings: the API answers with the column's scale.
fn decimal_values(field: &Field) -> Vec<Json> {
    let scale = field.digits.map_or(1, |digits| digits.scale);
    let unit = 10_f64.powi(-(scale as i32));
    // The largest value the digits allow.
    let limit = field
        .digits
        .map_or(f64::MAX, |digits| 10_f64.powi(digits.whole() as i32) - unit);
    let lo = field.min.unwrap_or(f64::MIN).max(-limit);
    let hi = field.max.unwrap_or(f64::MAX).min(limit);
    let mut values: Vec<Json> = Vec::new();
    // Every digit the column holds, more than a float keeps: the round trip must be exact.
    let widest = match field.digits {
        Some(digits) => match (digits.whole(), digits.scale) {
            (whole, 0) => "9".repeat(whole as usize),
            (0, scale) => format!("0.{}", "9".repeat(scale as usize)),
            (whole, scale) => format!(
                "{}.{}",
                "9".repeat(whole as usize),
                "9".repeat(scale as usize)
            ),
        },
        None => "1234567890123456789.012345678".to_owned(),
    };
    for (k, candidate) in steps_within(lo, hi).take(SAMPLE_COUNT * 4).enumerate() {
        if k == 1
            && let Ok(value) = widest.parse::<f64>()
            && value >= lo
            && value <= hi
        {
            values.push(json!(widest));
        }
        let text = format!("{:.*}", scale as usize, candidate);
        let value: f64 = text.parse().unwrap_or(f64::NAN);
        let text = json!(text);
        if value >= lo && value <= hi && !values.contains(&text) {
            values.push(text);
        }
        if values.len() == SAMPLE_COUNT {
            break;
        }
    }
    values
}

/// Plain text values, or values generated from the pattern when there is one.
fn text_values(field: &Field) -> Vec<Json> {
    let Some(pattern) = &field.pattern else {
        let label = field.name.replace('_', " ");
        return fit_all(field, |n| format!("{label} {n}"));
    };
    let Ok(regex) = Regex::new(pattern) else {
        return Vec::new();
    };
    // rand_regex does not support anchors; strip the common ones (the check uses the real regex).
    let generator_pattern = pattern.trim_start_matches('^').trim_end_matches('$');
    let Ok(generator) = rand_regex::Regex::compile(generator_pattern, 32) else {
        return Vec::new();
    };
    let mut rng = StdRng::seed_from_u64(0x5ca_ff01d);
    let mut values: Vec<Json> = Vec::new();
    for _ in 0..2000 {
        let candidate: String = rand::RngExt::sample(&mut rng, &generator);
        let length = candidate.chars().count() as u32;
        let fits = field.min_length.is_none_or(|min| length >= min)
            && field.max_length.is_none_or(|max| length <= max)
            && regex.is_match(&candidate);
        let candidate = json!(candidate);
        if fits && !values.contains(&candidate) {
            values.push(candidate);
            if values.len() == SAMPLE_COUNT {
                break;
            }
        }
    }
    values
}

/// `make(n)` for n = 1.., padded or cut to the field's length limits.
fn fit_all(field: &Field, make: impl Fn(usize) -> String) -> Vec<Json> {
    let min = field.min_length.unwrap_or(0) as usize;
    let max = field.max_length.map_or(usize::MAX, |max| max as usize);
    let mut values: Vec<Json> = Vec::new();
    for n in 1..=SAMPLE_COUNT * 4 {
        let mut value = make(n);
        let length = value.chars().count();
        if length < min {
            value.push_str(&"x".repeat(min - length));
        }
        if value.chars().count() > max {
            // Keep the distinguishing number at the end.
            let keep: String = value
                .chars()
                .rev()
                .take(max)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            value = keep;
        }
        let value = json!(value);
        if !values.contains(&value) {
            values.push(value);
        }
        if values.len() == SAMPLE_COUNT {
            break;
        }
    }
    values
}

/// A string the pattern rejects, preferring one within the length limits (so that the pattern
/// is the only rule it breaks).
fn non_matching(pattern: &str, field: &Field) -> Option<String> {
    let regex = Regex::new(pattern).ok()?;
    let min = field.min_length.unwrap_or(0) as usize;
    let max = field.max_length.map_or(usize::MAX, |max| max as usize);
    let candidates = [
        "!",
        "~~",
        "not matching ~",
        " ",
        "0",
        "a",
        "A",
        "-",
        "x y",
        "\u{e9}",
    ];
    let padded = candidates.iter().map(|c| {
        let mut s = (*c).to_owned();
        while s.chars().count() < min {
            s.push('~');
        }
        s
    });
    let fitting: Vec<String> = padded
        .filter(|s| s.chars().count() <= max && !regex.is_match(s))
        .collect();
    fitting.into_iter().next().or_else(|| {
        candidates
            .iter()
            .find(|c| !regex.is_match(c))
            .map(|c| (*c).to_owned())
    })
}
