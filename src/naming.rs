//! Names: English plurals for resource names, Rust and SQL keyword lists (with the escaping each
//! needs), and the case conversions the templates use (`order_line` -> `OrderLine`, ...).

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

/// Words whose plural is not made by a rule (checked against the last `_` segment).
const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("tooth", "teeth"),
    ("foot", "feet"),
    ("ox", "oxen"),
    ("datum", "data"),
    ("index", "indices"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("axis", "axes"),
    ("criterion", "criteria"),
    ("quiz", "quizzes"),
    ("leaf", "leaves"),
    ("knife", "knives"),
    ("life", "lives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("shelf", "shelves"),
    ("wolf", "wolves"),
    ("thief", "thieves"),
    ("loaf", "loaves"),
    ("calf", "calves"),
    ("hero", "heroes"),
    ("potato", "potatoes"),
    ("tomato", "tomatoes"),
    ("echo", "echoes"),
];

/// Words that are their own plural.
const UNCOUNTABLE: &[&str] = &[
    "series",
    "species",
    "sheep",
    "fish",
    "deer",
    "news",
    "equipment",
    "information",
    "metadata",
    "data",
    "feedback",
    "software",
    "hardware",
    "staff",
];

/// The plural of a snake_case name; only the last `_` segment changes
/// (`order_line` -> `order_lines`, `person` -> `people`, `category` -> `categories`).
pub(crate) fn pluralize(singular: &str) -> String {
    let (head, word): (&str, &str) = match singular.rfind('_') {
        Some(index) => singular.split_at(index + 1),
        None => ("", singular),
    };
    format!("{head}{}", pluralize_word(word))
}

fn pluralize_word(word: &str) -> String {
    if UNCOUNTABLE.contains(&word) {
        return word.to_owned();
    }
    if let Some((_, plural)) = IRREGULAR.iter().find(|(singular, _)| *singular == word) {
        return (*plural).to_owned();
    }
    if let Some(stem) = word.strip_suffix("sis") {
        return format!("{stem}ses");
    }
    if let Some(stem) = word.strip_suffix('y')
        && stem.chars().last().is_some_and(|c| !"aeiou".contains(c))
    {
        return format!("{stem}ies");
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|suffix| word.ends_with(suffix))
    {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// Rust's strict, reserved and edition 2018/2024 keywords.
const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be written as raw identifiers either (`r#self` is not valid Rust).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// "a" or "an" before `words`, by how they are said: "an order", "a user", "a uuid", "an hour".
pub(crate) fn article(words: &str) -> &'static str {
    let lower = words.to_lowercase();
    let said_with_a_consonant = ["uni", "use", "usu", "uti", "uu", "url", "eu", "one", "once"];
    let silent_h = ["hour", "honest", "honor", "honour", "heir"];
    if said_with_a_consonant
        .iter()
        .any(|start| lower.starts_with(start))
    {
        "a"
    } else if lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        || silent_h.iter().any(|start| lower.starts_with(start))
    {
        "an"
    } else {
        "a"
    }
}

/// `words` with a capital first letter, for the start of a sentence.
pub(crate) fn capitalize(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Whether `s` is a Rust keyword (strict, reserved, or edition 2018/2024), so it cannot be used
/// as a plain identifier.
pub(crate) fn is_rust_keyword(s: &str) -> bool {
    RUST_KEYWORDS.contains(&s)
}

/// `s` as a Rust identifier: `r#type` for a keyword, `s` itself otherwise. The four keywords
/// that have no raw form (`self`, `Self`, `super`, `crate`; the spec rejects them as names) get
/// a trailing underscore instead (`self_`).
pub(crate) fn rust_ident(s: &str) -> String {
    if NOT_RAW.contains(&s) {
        format!("{s}_")
    } else if is_rust_keyword(s) {
        format!("r#{s}")
    } else {
        s.to_owned()
    }
}

/// `ident` as a double-quoted SQL identifier (`order` -> `"order"`), inner quotes doubled.
pub(crate) fn quote_sql(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Whether `s` is a snake_case identifier as the spec requires for resource, field and enum
/// value names: `^[a-z][a-z0-9_]*$`, with no `__` and no trailing `_`.
pub(crate) fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !s.contains("__")
        && !s.ends_with('_')
}

/// `order_line` -> `OrderLine`.
pub(crate) fn pascal(s: &str) -> String {
    s.to_upper_camel_case()
}

/// `OrderLine` -> `order_line`.
pub(crate) fn snake(s: &str) -> String {
    s.to_snake_case()
}

/// `order_line` -> `order-line`.
pub(crate) fn kebab(s: &str) -> String {
    s.to_kebab_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        let cases: &[(&str, &str)] = &[
            ("person", "people"),
            ("child", "children"),
            ("man", "men"),
            ("woman", "women"),
            ("mouse", "mice"),
            ("goose", "geese"),
            ("tooth", "teeth"),
            ("foot", "feet"),
            ("ox", "oxen"),
            ("datum", "data"),
            ("index", "indices"),
            ("matrix", "matrices"),
            ("vertex", "vertices"),
            ("analysis", "analyses"),
            ("crisis", "crises"),
            ("status", "statuses"),
            ("quiz", "quizzes"),
            ("series", "series"),
            ("species", "species"),
            ("sheep", "sheep"),
            ("fish", "fish"),
            ("news", "news"),
            ("equipment", "equipment"),
            ("information", "information"),
            ("metadata", "metadata"),
            ("category", "categories"),
            ("day", "days"),
            ("key", "keys"),
            ("box", "boxes"),
            ("address", "addresses"),
            ("match", "matches"),
            ("wish", "wishes"),
            ("buzz", "buzzes"),
            ("leaf", "leaves"),
            ("knife", "knives"),
            ("life", "lives"),
            ("wife", "wives"),
            ("half", "halves"),
            ("shelf", "shelves"),
            ("wolf", "wolves"),
            ("thief", "thieves"),
            ("loaf", "loaves"),
            ("hero", "heroes"),
            ("potato", "potatoes"),
            ("tomato", "tomatoes"),
            ("echo", "echoes"),
            ("photo", "photos"),
            ("roof", "roofs"),
            ("product", "products"),
            ("order_line", "order_lines"),
            ("sales_person", "sales_people"),
            ("product_category", "product_categories"),
            ("human", "humans"),
        ];
        for (singular, plural) in cases {
            assert_eq!(pluralize(singular), *plural, "plural of {singular}");
        }
    }

    #[test]
    fn rust_keywords() {
        for keyword in [
            "type", "match", "struct", "fn", "loop", "async", "gen", "try", "Self",
        ] {
            assert!(is_rust_keyword(keyword), "{keyword}");
        }
        for word in ["name", "union", "types", "Type", "price"] {
            assert!(!is_rust_keyword(word), "{word}");
        }
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_ident("gen"), "r#gen");
        assert_eq!(rust_ident("name"), "name");
        assert_eq!(rust_ident("self"), "self_");
        assert_eq!(rust_ident("crate"), "crate_");
    }

    #[test]
    fn sql_names_are_quoted() {
        assert_eq!(quote_sql("order"), "\"order\"");
        assert_eq!(quote_sql("we\"ird"), "\"we\"\"ird\"");
    }

    #[test]
    fn snake_identifiers() {
        for ok in ["a", "order_line", "field2", "x_1"] {
            assert!(is_snake_ident(ok), "{ok}");
        }
        for bad in [
            "",
            "Order",
            "order__line",
            "order_",
            "_order",
            "1st",
            "order-line",
            "é",
        ] {
            assert!(!is_snake_ident(bad), "{bad}");
        }
    }

    #[test]
    fn cases() {
        assert_eq!(pascal("order_line"), "OrderLine");
        assert_eq!(snake("OrderLine"), "order_line");
        assert_eq!(snake("order_line"), "order_line");
        assert_eq!(kebab("order_line"), "order-line");
    }

    #[test]
    fn articles_go_by_sound() {
        for (words, expected) in [
            ("order", "an"),
            ("item", "an"),
            ("product", "a"),
            ("user", "a"),
            ("uuid", "a"),
            ("url", "a"),
            ("unit price", "a"),
            ("umbrella", "an"),
            ("hour slot", "an"),
            ("house", "a"),
            ("email", "an"),
            ("int", "an"),
            ("enum", "an"),
        ] {
            assert_eq!(article(words), expected, "{words}");
        }
    }
}
