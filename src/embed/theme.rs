//! The theme tokens an embedding page may set (`tenantDesk.theme`), so the app takes the
//! intranet's colours: only the custom properties `style/tokens.css` defines, each with a
//! plain value (colours, lengths, font names), never one that loads something or breaks
//! out of its declaration.
//!
//! The allow-list is read from `tokens.css` itself (compiled in), so a token added there
//! can be themed at once and a token removed there cannot.

use std::fmt;

use serde_json::{Map, Value};

/// The app's design tokens, as the stylesheet defines them.
const TOKENS_CSS: &str = include_str!("../../style/tokens.css");

/// The longest value taken (the longest in `tokens.css`, a font stack, is about 130).
pub const MAX_VALUE: usize = 256;

/// The most tokens one message may set (`tokens.css` defines about fifty).
pub const MAX_TOKENS: usize = 100;

/// CSS functions a value may call: colours and arithmetic. Anything else (`url()`,
/// `image-set()`, `attr()`, `expression()`, …) is refused.
const FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
    "color-mix",
    "calc",
    "min",
    "max",
    "clamp",
    "var",
];

/// The custom properties `tokens.css` defines, in its order.
pub fn tokens() -> impl Iterator<Item = &'static str> {
    TOKENS_CSS.lines().filter_map(|line| {
        let (name, _) = line.trim().split_once(':')?;
        name.starts_with("--").then(|| name.trim())
    })
}

/// Whether `name` is one of the app's design tokens.
pub fn is_token(name: &str) -> bool {
    tokens().any(|t| t == name)
}

/// Why a token's value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadValue {
    /// Longer than [`MAX_VALUE`].
    TooLong,
    /// A character with a meaning beyond a plain value (`;`, `{`, `}`, `\`, `:`, `<`, `!`,
    /// `@`, …).
    Character(char),
    /// A comment (`/*`).
    Comment,
    /// A function other than the colour and arithmetic ones (`url(`, …).
    Function(String),
    /// The word `expression` (old Internet Explorer ran script from it).
    Expression,
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong => write!(f, "longer than {MAX_VALUE} characters"),
            Self::Character(c) => write!(f, "{c:?} is not allowed in a value"),
            Self::Comment => write!(f, "comments are not allowed"),
            Self::Function(name) => write!(f, "{name}() is not allowed"),
            Self::Expression => write!(f, "expression is not allowed"),
        }
    }
}

/// Checks that `value` is plain: letters, digits, spaces, `#`, `%`, `.`, `,`, `-`, `+`,
/// `*`, `/`, quotes and parentheses, with only colour and arithmetic functions.
pub fn plain_value(value: &str) -> Result<(), BadValue> {
    if value.len() > MAX_VALUE {
        return Err(BadValue::TooLong);
    }
    if value.to_ascii_lowercase().contains("expression") {
        return Err(BadValue::Expression);
    }
    for (i, _) in value.match_indices('(') {
        let before = &value[..i];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '-'))
            .map_or(0, |(j, c)| j + c.len_utf8());
        let name = before[start..].to_ascii_lowercase();
        if !name.is_empty() && !FUNCTIONS.contains(&name.as_str()) {
            return Err(BadValue::Function(name));
        }
    }
    let allowed = |c: char| c.is_alphanumeric() || " #%.,-+*/\"'()".contains(c);
    if let Some(c) = value.chars().find(|&c| !allowed(c)) {
        return Err(BadValue::Character(c));
    }
    if value.contains("/*") || value.contains("*/") {
        return Err(BadValue::Comment);
    }
    Ok(())
}

/// Why one entry of a theme message was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not a custom property `tokens.css` defines.
    NotAToken,
    /// The value is not text.
    NotText,
    /// The value is not plain.
    Value(BadValue),
    /// Past the first [`MAX_TOKENS`] entries.
    TooMany,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAToken => write!(f, "not one of the app's design tokens (style/tokens.css)"),
            Self::NotText => write!(f, "the value must be text"),
            Self::Value(why) => write!(f, "{why}"),
            Self::TooMany => write!(f, "more than {MAX_TOKENS} tokens in one message"),
        }
    }
}

/// What a theme message changes: tokens to set, tokens to put back to the app's own value
/// (an empty value), and what was refused, with why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeChange {
    /// `(--token, value)` to set on the document element.
    pub set: Vec<(String, String)>,
    /// Tokens given an empty value: back to the value in `tokens.css`.
    pub reset: Vec<String>,
    /// Entries left out, with why.
    pub refused: Vec<(String, Refused)>,
}

impl ThemeChange {
    /// Sorts a message's `tokens` object into what is applied and what is refused; one
    /// bad entry does not stop the good ones.
    pub fn check(tokens: &Map<String, Value>) -> ThemeChange {
        let mut change = ThemeChange::default();
        for (i, (name, value)) in tokens.iter().enumerate() {
            let verdict = if i >= MAX_TOKENS {
                Err(Refused::TooMany)
            } else if !is_token(name) {
                Err(Refused::NotAToken)
            } else {
                match value.as_str() {
                    None => Err(Refused::NotText),
                    Some(v) => plain_value(v.trim()).map(|()| v.trim()).map_err(Refused::Value),
                }
            };
            match verdict {
                Ok("") => change.reset.push(name.clone()),
                Ok(v) => change.set.push((name.clone(), v.to_owned())),
                Err(why) => change.refused.push((name.clone(), why)),
            }
        }
        change
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_allow_list_is_what_tokens_css_defines() {
        let all: Vec<&str> = tokens().collect();
        assert!(all.len() > 40, "{all:?}");
        for t in [
            "--colorBrandBackground",
            "--colorNeutralForeground1",
            "--fontFamilyBase",
            "--borderRadiusMedium",
            "--shadow4",
            "--gridRowHeight",
        ] {
            assert!(is_token(t), "{t}");
        }
        assert!(
            all.iter().all(|t| t.starts_with("--") && !t.contains([' ', ':'])),
            "{all:?}"
        );
        for not in ["--colorBrand", "colorBrandBackground", "--evil", "", "color", "--"] {
            assert!(!is_token(not), "{not}");
        }
    }

    #[test]
    fn plain_values_pass() {
        for v in [
            "#6b2fa0",
            "rgb(107, 47, 160)",
            "rgba(0, 0, 0, 0.12)",
            "hsl(270 55% 40%)",
            "color-mix(in srgb, #6b2fa0 80%, white)",
            "calc(4px * 2)",
            "var(--colorBrandBackground)",
            "\"Segoe UI\", 'Open Sans', sans-serif",
            "0 0 2px rgba(0, 0, 0, 0.12), 0 2px 4px rgba(0, 0, 0, 0.14)",
            "10000px",
            "rebeccapurple",
        ] {
            assert_eq!(plain_value(v), Ok(()), "{v}");
        }
    }

    #[test]
    fn values_that_load_or_break_out_are_refused() {
        let cases = [
            ("url(https://evil.example/x.png)", BadValue::Function("url".into())),
            ("URL(x)", BadValue::Function("url".into())),
            ("image-set(\"x.png\" 1x)", BadValue::Function("image-set".into())),
            (
                "-webkit-image-set(x 1x)",
                BadValue::Function("-webkit-image-set".into()),
            ),
            ("attr(title)", BadValue::Function("attr".into())),
            ("rgb(0 0 0) url(x)", BadValue::Function("url".into())),
            ("expression(alert(1))", BadValue::Expression),
            ("red; background: url(x)", BadValue::Function("url".into())),
            ("red; background: blue", BadValue::Character(';')),
            ("red } body { color: red", BadValue::Character('}')),
            ("red { x", BadValue::Character('{')),
            ("u\\72l(x)", BadValue::Function("72l".into())),
            ("red\\3b x", BadValue::Character('\\')),
            ("red !important", BadValue::Character('!')),
            ("</style>", BadValue::Character('<')),
            ("@import x", BadValue::Character('@')),
            ("red\nblue", BadValue::Character('\n')),
            ("red /* x */", BadValue::Comment),
        ];
        for (v, why) in cases {
            assert_eq!(plain_value(v), Err(why), "{v}");
        }
        assert_eq!(plain_value(&"a".repeat(MAX_VALUE + 1)), Err(BadValue::TooLong));
        // Characters of several bytes, before a parenthesis too.
        assert_eq!(plain_value("€(x)"), Err(BadValue::Character('€')));
        assert_eq!(plain_value("a€url(x)"), Err(BadValue::Function("url".into())));
        assert_eq!(plain_value("\"Noto Sans 日本\", sans-serif"), Ok(()));
        assert!(BadValue::Function("url".into()).to_string().contains("url()"));
    }

    #[test]
    fn a_theme_message_applies_the_good_entries_and_refuses_the_rest() {
        let tokens = json!({
            "--colorBrandBackground": "#6b2fa0",
            "--colorNeutralBackground1": "url(https://evil.example/x.png)",
            "--notAToken": "red",
            "color": "red",
            "--colorBrandForeground1": " #5b2d90 ",
            "--fontSizeBase300": 15,
            "--colorNeutralForeground1": "",
        });
        let Value::Object(map) = tokens else {
            unreachable!("an object")
        };
        // The object's order is serde_json's (sorted, unless a crate asks for insertion
        // order): compare sorted.
        let mut c = ThemeChange::check(&map);
        c.set.sort();
        c.refused.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            c.set,
            vec![
                ("--colorBrandBackground".into(), "#6b2fa0".into()),
                ("--colorBrandForeground1".into(), "#5b2d90".into()),
            ]
        );
        assert_eq!(c.reset, vec!["--colorNeutralForeground1".to_owned()]);
        let refused: Vec<(&str, &Refused)> = c.refused.iter().map(|(n, r)| (n.as_str(), r)).collect();
        assert_eq!(
            refused,
            vec![
                (
                    "--colorNeutralBackground1",
                    &Refused::Value(BadValue::Function("url".into()))
                ),
                ("--fontSizeBase300", &Refused::NotText),
                ("--notAToken", &Refused::NotAToken),
                ("color", &Refused::NotAToken),
            ]
        );
    }

    #[test]
    fn at_most_so_many_tokens_a_message() {
        let mut map = Map::new();
        for i in 0..MAX_TOKENS + 5 {
            map.insert(format!("--x{i:03}"), json!("red"));
        }
        map.insert("--zzz".into(), json!("red"));
        let c = ThemeChange::check(&map);
        assert_eq!(c.refused.iter().filter(|(_, r)| *r == Refused::TooMany).count(), 6);
    }
}
