//! The languages the app speaks and how one is chosen from the browser's preferences or a
//! stored choice. Pure, so `cargo test` checks the negotiation natively.

/// A language of the app. English is the default: the admin centers' own words, and what
/// every browser whose preferences name no Dutch gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// Dutch, with the terms of Microsoft's Dutch documentation.
    Nl,
}

impl Locale {
    /// Every language, in the order the header's switch lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Nl];

    /// The BCP 47 tag: for `<html lang>`, the stored preference and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Nl => "nl",
        }
    }

    /// The language's name in itself, as a language switch shows it (so a reader finds
    /// their own language whichever is shown).
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Nl => "Nederlands",
        }
    }

    /// The language a tag such as `nl`, `nl-NL`, `nl-BE` or `en-US` names, if the app speaks
    /// it; the primary subtag decides, in any case.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Locale::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.tag()))
    }

    /// The language for a browser's preference list (`navigator.languages`, most wanted
    /// first): the first the app speaks, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred.into_iter().find_map(Locale::from_tag).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn dutch_tags_give_dutch() {
        for tag in ["nl", "nl-NL", "nl-BE", "NL-nl", "nl_NL"] {
            assert_eq!(Locale::from_tag(tag), Some(Locale::Nl), "{tag}");
        }
        assert_eq!(Locale::negotiate(["nl-BE", "en"]), Locale::Nl);
    }

    #[test]
    fn anything_else_gives_english() {
        assert_eq!(Locale::negotiate(["en-US", "nl"]), Locale::En);
        assert_eq!(Locale::negotiate(["de-DE"]), Locale::En);
        assert_eq!(
            Locale::negotiate(["fr", "nl-NL"]),
            Locale::Nl,
            "the first one spoken wins"
        );
        assert_eq!(Locale::negotiate([]), Locale::En);
        assert_eq!(Locale::from_tag(""), None);
        assert_eq!(Locale::from_tag("nld"), None);
    }

    #[test]
    fn tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
    }
}
