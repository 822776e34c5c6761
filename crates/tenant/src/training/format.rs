//! An exercise as the engine holds it once validated, and the limits of the format.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::rest::Method;
use crate::simulation::TenantSeed;

/// The index's file name, for its errors.
pub const INDEX_FILE: &str = "index.json";
/// The largest exercise file: a few hints and criteria take a few kilobytes; far more is a
/// mistake or a hostile file, refused before it is parsed.
pub const MAX_FILE_BYTES: usize = 64 * 1024;
/// The largest index file.
pub const MAX_INDEX_BYTES: usize = 16 * 1024;
/// The most exercises an index may list.
pub const MAX_EXERCISES: usize = 200;
/// The most hints an exercise may give: hints name each next control, a dozen is plenty.
pub const MAX_HINTS: usize = 20;
/// The most criteria an exercise may check.
pub const MAX_CRITERIA: usize = 30;
/// The most setup calls an exercise may run on its seed (a `$batch` counts as one).
pub const MAX_SETUP_CALLS: usize = 50;
/// The most users one criterion may list.
pub const MAX_LIST: usize = 100;
/// The longest goal or hint, in characters.
pub const MAX_TEXT: usize = 2000;
/// The longest title, criterion name, or name of a user, group or product, in characters.
pub const MAX_NAME: usize = 200;
/// The longest exercise id, in characters.
pub const MAX_ID: usize = 64;
/// The longest estimate, in minutes.
pub const MAX_MINUTES: u64 = 240;
/// The most users a generated start tenant may have: an exercise's tenant is built in the
/// trainee's browser when the exercise opens.
pub const MAX_GENERATED_USERS: u64 = 100_000;
/// The longest setup URL.
pub const MAX_URL: usize = 2048;

/// `index.json`: the exercise files of the folder, in the order the site lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// File names in the same folder (`guests-export.json`).
    pub exercises: Vec<String>,
}

/// How hard an exercise is, for the site's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// First steps.
    Beginner,
    /// Needs a rule of licensing to be understood.
    Intermediate,
    /// Several steps and a rule that bites.
    Advanced,
}

impl Level {
    /// The word the file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }

    /// Reads the file's word.
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "beginner" => Level::Beginner,
            "intermediate" => Level::Intermediate,
            "advanced" => Level::Advanced,
            _ => return None,
        })
    }
}

/// One exercise, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// The file it came from, for the errors found when its tenant is built.
    pub file: String,
    /// A slug, unique in the index: the exercise's URL is `/training/<id>`.
    pub id: String,
    /// The title the site lists.
    pub title: String,
    /// How hard it is.
    pub level: Level,
    /// Estimated minutes.
    pub minutes: u32,
    /// What the trainee must reach, in plain words.
    pub goal: String,
    /// The tenant the exercise starts from.
    pub start: Start,
    /// Ordered hints, each naming the next control by its on-screen name.
    pub hints: Vec<String>,
    /// What must hold of the tenant for the exercise to be done.
    pub check: Vec<Criterion>,
    /// The texts a trainee reads in other languages than English, by language tag
    /// (`"nl"`): the admins a site trains may not read English.
    pub translations: BTreeMap<String, Translation>,
}

/// An exercise's texts in one more language. Each field is optional: what is missing is
/// shown in English. `hints` and `check` follow the English lists, item for item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translation {
    /// The title.
    pub title: Option<String>,
    /// The goal.
    pub goal: Option<String>,
    /// The hints, as many as the English ones.
    pub hints: Option<Vec<String>>,
    /// The criteria's names, as many as the criteria.
    pub check: Option<Vec<String>>,
}

/// The texts a trainee reads, in one language (English where the file has no translation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts<'a> {
    /// The title.
    pub title: &'a str,
    /// The goal.
    pub goal: &'a str,
    /// The hints, in order.
    pub hints: Vec<&'a str>,
    /// The criteria's names, in the criteria's order.
    pub check: Vec<&'a str>,
}

impl Exercise {
    /// The texts in `language` (a tag such as `"nl"`; a region, `"nl-BE"`, is ignored),
    /// each falling back to English where the file does not translate it.
    pub fn texts(&self, language: &str) -> Texts<'_> {
        let base = language
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let tr = self.translations.get(&base);
        Texts {
            title: tr.and_then(|t| t.title.as_deref()).unwrap_or(&self.title),
            goal: tr.and_then(|t| t.goal.as_deref()).unwrap_or(&self.goal),
            hints: match tr.and_then(|t| t.hints.as_ref()) {
                Some(h) => h.iter().map(String::as_str).collect(),
                None => self.hints.iter().map(String::as_str).collect(),
            },
            check: match tr.and_then(|t| t.check.as_ref()) {
                Some(c) => c.iter().map(String::as_str).collect(),
                None => self.check.iter().map(|c| c.name.as_str()).collect(),
            },
        }
    }
}

/// Where an exercise starts: a seed, then Graph requests run on it as the Global admin.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    /// The seed tenant.
    pub tenant: TenantSeed,
    /// Requests that shape the seed into the exercise's start (a seat used up, an error made).
    pub setup: Vec<SetupCall>,
}

/// One setup request, as written: its URL and body may hold placeholders (`{group:Sales
/// E3}`, `{user:jane@contoso.com}`, `{sku:ENTERPRISEPACK}`, `{plan:YAMMER_ENTERPRISE}`)
/// that stand for the ids Graph needs, resolved on the tenant when the call runs.
#[derive(Debug, Clone, PartialEq)]
pub struct SetupCall {
    /// PATCH, POST or DELETE: a setup call changes the tenant.
    pub method: Method,
    /// URL relative to `/v1.0`.
    pub url: String,
    /// JSON body, an object.
    pub body: Option<Value>,
}

/// A named criterion: the name is what the trainee sees ticked off.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Shown to the trainee; unique in the exercise.
    pub name: String,
    /// What must hold.
    pub rule: Rule,
}

/// The criteria vocabulary. Users are named by user principal name or mail, products by
/// part number (`ENTERPRISEPACK`), service plans by plan name (`YAMMER_ENTERPRISE`), groups
/// by display name; every name is checked against the start tenant when it is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// `userHasProduct`: the user holds the product; with `servicesOff` those plans off,
    /// with `servicesOn` those on; with `direct` true through a direct assignment, with
    /// `direct` false only through groups.
    UserHasProduct {
        /// The user.
        user: String,
        /// The product's part number.
        product: String,
        /// Plans that must be off.
        services_off: Vec<String>,
        /// Plans that must be on.
        services_on: Vec<String>,
        /// Whether the product must come directly (true) or only through groups (false).
        direct: Option<bool>,
    },
    /// `userHasNoProduct`: the user does not hold the product by any path.
    UserHasNoProduct {
        /// The user.
        user: String,
        /// The product's part number.
        product: String,
    },
    /// `usersHaveProduct`: each of the users holds the product.
    UsersHaveProduct {
        /// The users.
        users: Vec<String>,
        /// The product's part number.
        product: String,
    },
    /// `usersHaveNoProduct`: none of the users holds the product.
    UsersHaveNoProduct {
        /// The users.
        users: Vec<String>,
        /// The product's part number.
        product: String,
    },
    /// `userLicenceCount`: the user holds exactly this many products.
    UserLicenceCount {
        /// The user.
        user: String,
        /// How many products.
        count: u32,
    },
    /// `groupHasNoErrors`: no member of the group has a licence from it in error (only
    /// from that product, with `product`).
    GroupHasNoErrors {
        /// The group's display name.
        group: String,
        /// The product's part number.
        product: Option<String>,
    },
    /// `usageLocationSet`: the user has a usage location (that one, with `country`).
    UsageLocationSet {
        /// The user.
        user: String,
        /// ISO 3166 alpha-2 code.
        country: Option<String>,
    },
    /// `guestInvited`: a live guest with that address exists, created by an invitation.
    GuestInvited {
        /// The invited address.
        email: String,
    },
    /// `productConsumedAtMost`: the product has at most this many seats assigned.
    ProductConsumedAtMost {
        /// The product's part number.
        product: String,
        /// Seats.
        units: u32,
    },
    /// `noOtherLicenceLost`: compared with the start, no user outside `except` lost a
    /// product they held: the guard against collateral damage.
    NoOtherLicenceLost {
        /// Users who may lose products.
        except: Vec<String>,
    },
    /// `subscriptionInDirectory`: the Azure subscription of that name belongs to the
    /// directory of that name (seed 000, step 2).
    SubscriptionInDirectory {
        /// The subscription's name (`Pay-As-You-Go`).
        subscription: String,
        /// The directory's name (`Contoso`).
        directory: String,
    },
    /// `coAdministrator`: the account with that address is a co-administrator of the Azure
    /// subscription of that name (seed 000, step 3; seed 002).
    CoAdministrator {
        /// The subscription's name.
        subscription: String,
        /// The co-administrator's address.
        address: String,
    },
}

impl Rule {
    /// Every criterion kind, as files write them.
    pub const KINDS: &'static [&'static str] = &[
        "userHasProduct",
        "userHasNoProduct",
        "usersHaveProduct",
        "usersHaveNoProduct",
        "userLicenceCount",
        "groupHasNoErrors",
        "usageLocationSet",
        "guestInvited",
        "productConsumedAtMost",
        "noOtherLicenceLost",
        "subscriptionInDirectory",
        "coAdministrator",
    ];

    /// The kind as files write it.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::UserHasProduct { .. } => "userHasProduct",
            Rule::UserHasNoProduct { .. } => "userHasNoProduct",
            Rule::UsersHaveProduct { .. } => "usersHaveProduct",
            Rule::UsersHaveNoProduct { .. } => "usersHaveNoProduct",
            Rule::UserLicenceCount { .. } => "userLicenceCount",
            Rule::GroupHasNoErrors { .. } => "groupHasNoErrors",
            Rule::UsageLocationSet { .. } => "usageLocationSet",
            Rule::GuestInvited { .. } => "guestInvited",
            Rule::ProductConsumedAtMost { .. } => "productConsumedAtMost",
            Rule::NoOtherLicenceLost { .. } => "noOtherLicenceLost",
            Rule::SubscriptionInDirectory { .. } => "subscriptionInDirectory",
            Rule::CoAdministrator { .. } => "coAdministrator",
        }
    }
}
