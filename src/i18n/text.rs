//! Every word the app writes, in English and Dutch, side by side. The `texts!` table makes
//! a missing translation a compile error (each row needs both columns, and `text` matches
//! every key in each language); the tests below catch a Dutch text left in English, an
//! empty one, or a placeholder one language lacks. Dutch follows Microsoft's Dutch admin
//! centers and documentation (Actieve gebruikers, Productlicenties beheren, ...).
//!
//! A third language: add a column to the macro and to every row; the compiler lists each
//! row still missing it.

use std::cell::Cell;

use super::locale::Locale;

macro_rules! texts {
    ($($key:ident: $en:literal | $nl:literal,)*) => {
        /// One text of the app, the same in every language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $(#[doc = $en] $key,)*
        }

        impl Key {
            /// Every key, for the tests that check the table.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        fn english(key: Key) -> &'static str {
            match key {
                $(Key::$key => $en,)*
            }
        }

        /// The Dutch column: reached only through [`super::current`]'s split point in the
        /// browser, so that its code and texts are a chunk of their own.
        pub(super) fn dutch(key: Key) -> &'static str {
            match key {
                $(Key::$key => $nl,)*
            }
        }
    };
}

/// One language's column of the table.
pub(super) type Column = fn(Key) -> &'static str;

thread_local! {
    /// The Dutch column, once fetched: in the browser it is a chunk of its own, fetched
    /// the first time the tab speaks Dutch (see [`super::current`]), so an English page
    /// does not load it.
    static DUTCH: Cell<Option<Column>> = const { Cell::new(None) };
}

/// The text of `key` in `locale`; English until the Dutch column has come.
pub fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::En => english(key),
        Locale::Nl => dutch_column().map_or_else(|| english(key), |dutch| dutch(key)),
    }
}

/// Whether Dutch texts can be shown now.
pub(super) fn has_dutch() -> bool {
    dutch_column().is_some()
}

/// Takes in the Dutch column, fetched.
pub(super) fn install_dutch(column: Column) {
    DUTCH.with(|d| d.set(Some(column)));
}

#[cfg(target_arch = "wasm32")]
fn dutch_column() -> Option<Column> {
    DUTCH.with(Cell::get)
}

/// Natively (the tests) the whole table is at hand.
#[cfg(not(target_arch = "wasm32"))]
fn dutch_column() -> Option<Column> {
    Some(dutch)
}

/// `template` with `{0}`, `{1}`... replaced by `args`, in one pass (an argument that itself
/// contains `{1}` is never expanded again). A placeholder without an argument stays as it is.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after
            .find('}')
            .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)))
            .and_then(|(i, close)| args.get(i).map(|a| (a, close)));
        match arg {
            Some((a, close)) => {
                out.push_str(a);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// The table itself: one row per text, English | Dutch.
include!("table.rs");

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<usize> {
        let mut v: Vec<usize> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next()?.parse().ok())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn every_text_is_translated() {
        let mut untranslated = Vec::new();
        for &k in Key::ALL {
            let (en, nl) = (text(Locale::En, k), text(Locale::Nl, k));
            assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{k:?} is empty");
            if en == nl && !SAME_IN_BOTH.contains(&k) {
                untranslated.push(k);
            }
        }
        assert!(
            untranslated.is_empty(),
            "Dutch equals English (translate, or list in SAME): {untranslated:?}"
        );
    }

    #[test]
    fn listed_as_same_only_when_same() {
        for &k in SAME_IN_BOTH {
            assert_eq!(
                text(Locale::En, k),
                text(Locale::Nl, k),
                "{k:?} differs: drop it from SAME"
            );
        }
    }

    #[test]
    fn placeholders_match() {
        for &k in Key::ALL {
            assert_eq!(
                placeholders(text(Locale::En, k)),
                placeholders(text(Locale::Nl, k)),
                "{k:?} has other placeholders in Dutch"
            );
        }
    }

    #[test]
    fn the_seeds_terms() {
        assert_eq!(text(Locale::Nl, Key::ActiveUsers), "Actieve gebruikers");
        assert_eq!(text(Locale::Nl, Key::GuestUsers), "Gastgebruikers");
        assert_eq!(text(Locale::Nl, Key::AllUsers), "Alle gebruikers");
        assert_eq!(text(Locale::En, Key::ActiveUsers), "Active users");
    }

    #[test]
    fn fill_replaces_in_one_pass() {
        assert_eq!(fill("{0} of {1}", &["3", "5"]), "3 of 5");
        assert_eq!(fill("{1} {0}", &["a", "{1}"]), "{1} a");
        assert_eq!(fill("{2} {x} {", &["a"]), "{2} {x} {");
        assert_eq!(fill("naïve {0}", &["é"]), "naïve é");
    }
}
