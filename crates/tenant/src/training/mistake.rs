//! What can be wrong with an exercise file, said so its author can fix it.

/// The kind of mistake, so the app (and tests) can tell mistakes apart without reading
/// the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mistake {
    /// The text is not JSON; the message says where (line and column).
    NotJson,
    /// A required field is absent.
    MissingField,
    /// A field holds another JSON type than it takes (a number for a string...).
    WrongType,
    /// A field the format does not know: a typo would otherwise be silently ignored.
    UnknownField,
    /// A `kind` that is not in the criteria vocabulary.
    UnknownCriterion,
    /// A product part number that the catalog does not know, or that the start tenant does
    /// not subscribe to.
    UnknownProduct,
    /// A service plan name that is not part of the product named with it.
    UnknownServicePlan,
    /// A user that the start tenant does not hold.
    UnknownUser,
    /// A group that the start tenant does not hold (or holds twice under that name).
    UnknownGroup,
    /// The exercise id is not a slug usable in `/training/<id>`.
    BadId,
    /// A value of the right type that the format refuses (an unknown level, a country
    /// code that is none, a file name outside the folder...).
    BadValue,
    /// Two exercises share an id, the index lists a file twice, or two criteria share a name.
    Duplicate,
    /// A setup call failed on the seed: the exercise would not start as authored.
    SetupFailed,
    /// The exercise checks nothing: it could never be completed or failed.
    NoCriteria,
    /// Past one of the format's limits (file size, hints, criteria, setup calls, text).
    TooBig,
}

/// A mistake in an exercise file or the index: which file, where in it (a JSON pointer,
/// `/check/2/product`; empty for the whole file), and what is wrong, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file's name, as the index lists it (`guests-export.json`, `index.json`).
    pub file: String,
    /// A JSON pointer to the value at fault; empty when the file as a whole is.
    pub place: String,
    /// What is wrong, in plain words.
    pub what: String,
    /// The kind of mistake.
    pub kind: Mistake,
}

impl ScenarioError {
    /// A mistake of `kind` at `place` in `file`.
    pub fn new(kind: Mistake, file: &str, place: &str, what: impl Into<String>) -> Self {
        ScenarioError {
            file: file.to_owned(),
            place: place.to_owned(),
            what: what.into(),
            kind,
        }
    }
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file, self.what)
        } else {
            write!(f, "{}: at {}: {}", self.file, self.place, self.what)
        }
    }
}

impl std::error::Error for ScenarioError {}
