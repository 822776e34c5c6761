//! Reading exercise files and the index: every mistake is named with its file, its place
//! (a JSON pointer) and what is wrong, so an author fixes it without guessing.
//!
//! The text is parsed by `serde_json` (whose own recursion limit bounds nesting); the
//! values are then read field by field, without recursion.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::format::{
    Criterion, Exercise, Index, Level, Rule, SetupCall, Start, Translation, INDEX_FILE, MAX_CRITERIA, MAX_EXERCISES,
    MAX_FILE_BYTES, MAX_GENERATED_USERS, MAX_HINTS, MAX_ID, MAX_INDEX_BYTES, MAX_LIST, MAX_MINUTES, MAX_NAME,
    MAX_SETUP_CALLS, MAX_TEXT, MAX_URL,
};
use super::mistake::{Mistake, ScenarioError};
use super::start::substitute;
use crate::catalog;
use crate::rest::Method;
use crate::simulation::TenantSeed;

/// Reads `index.json`: `{ "exercises": ["a.json", ...] }`, file names of the same folder,
/// each listed once.
pub fn parse_index(text: &str) -> Result<Index, ScenarioError> {
    let file = INDEX_FILE;
    let root = json(file, text, MAX_INDEX_BYTES)?;
    let obj = Obj::root(file, &root)?;
    obj.only(&["exercises"])?;
    let list = obj.array("exercises", MAX_EXERCISES)?;
    let mut exercises: Vec<String> = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let place = format!("/exercises/{i}");
        let name = v
            .as_str()
            .ok_or_else(|| wrong_type(file, &place, "a file name (a string)", v))?;
        if !is_file_name(name) {
            return Err(ScenarioError::new(
                Mistake::BadValue,
                file,
                &place,
                format!("'{}' is not a file name in this folder: use letters, digits, '-', '_' and '.', ending in .json, like guests-export.json", clip(name)),
            ));
        }
        if exercises.iter().any(|e| e == name) {
            return Err(ScenarioError::new(
                Mistake::Duplicate,
                file,
                &place,
                format!("{name} is listed more than once"),
            ));
        }
        exercises.push(name.to_owned());
    }
    Ok(Index { exercises })
}

/// Checks a set of exercises (the files of one index) for ids used twice: the id is the
/// exercise's URL, so two would make one unreachable. Names the second file.
pub fn check_unique_ids(exercises: &[Exercise]) -> Result<(), ScenarioError> {
    for (i, e) in exercises.iter().enumerate() {
        if let Some(first) = exercises[..i].iter().find(|o| o.id == e.id) {
            return Err(ScenarioError::new(
                Mistake::Duplicate,
                &e.file,
                "/id",
                format!("the id '{}' is already used by {}", e.id, first.file),
            ));
        }
    }
    Ok(())
}

/// Reads and validates one exercise file, `file_name` as the index lists it. What needs
/// the start tenant (users, groups, subscribed products, the setup calls succeeding) is
/// checked when the tenant is built, by [`Exercise::start_simulation`].
pub fn parse_exercise(file_name: &str, text: &str) -> Result<Exercise, ScenarioError> {
    let file = file_name;
    let root = json(file, text, MAX_FILE_BYTES)?;
    let obj = Obj::root(file, &root)?;
    obj.only(&[
        "id",
        "title",
        "level",
        "minutes",
        "goal",
        "start",
        "hints",
        "check",
        "translations",
    ])?;

    let id = obj.string("id", MAX_ID)?;
    if !is_slug(&id) {
        return Err(ScenarioError::new(
            Mistake::BadId,
            file,
            "/id",
            format!("'{id}' is not a slug: use lowercase letters, digits and single hyphens, like guests-export"),
        ));
    }
    let title = obj.text("title", MAX_NAME)?;
    let level_word = obj.string("level", MAX_NAME)?;
    let level = Level::parse(&level_word).ok_or_else(|| {
        ScenarioError::new(
            Mistake::BadValue,
            file,
            "/level",
            format!("the level must be beginner, intermediate or advanced, not '{level_word}'"),
        )
    })?;
    let minutes = obj.number("minutes", 1, MAX_MINUTES)? as u32;
    let goal = obj.text("goal", MAX_TEXT)?;
    let start = read_start(&obj.object("start")?)?;
    let hints_list = obj.array("hints", MAX_HINTS)?;
    let mut hints = Vec::with_capacity(hints_list.len());
    for (i, h) in hints_list.iter().enumerate() {
        hints.push(text_value(file, &format!("/hints/{i}"), h, MAX_TEXT)?);
    }
    let check_list = obj.array("check", MAX_CRITERIA)?;
    if check_list.is_empty() {
        return Err(ScenarioError::new(
            Mistake::NoCriteria,
            file,
            "/check",
            "the exercise checks nothing: give at least one criterion",
        ));
    }
    let mut check: Vec<Criterion> = Vec::with_capacity(check_list.len());
    for (i, c) in check_list.iter().enumerate() {
        let criterion = read_criterion(&Obj::at(file, format!("/check/{i}"), c)?)?;
        if check.iter().any(|o| o.name == criterion.name) {
            return Err(ScenarioError::new(
                Mistake::Duplicate,
                file,
                &format!("/check/{i}/name"),
                format!("another criterion is already named '{}'", criterion.name),
            ));
        }
        check.push(criterion);
    }
    let translations = match obj.get("translations") {
        None => BTreeMap::new(),
        Some(_) => read_translations(&obj.object("translations")?, hints.len(), check.len())?,
    };
    Ok(Exercise {
        file: file.to_owned(),
        id,
        title,
        level,
        minutes,
        goal,
        start,
        hints,
        check,
        translations,
    })
}

/// `translations`: language tag to texts. The lists must match the English ones item for
/// item, so a hint is never shown beside another's translation.
fn read_translations(
    obj: &Obj<'_>,
    hints: usize,
    criteria: usize,
) -> Result<BTreeMap<String, Translation>, ScenarioError> {
    let mut out = BTreeMap::new();
    for lang in obj.map.keys() {
        let place = obj.child(lang);
        if !(lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase())) || lang == "en" {
            return Err(ScenarioError::new(
                Mistake::BadValue,
                obj.file,
                &place,
                format!(
                    "'{}' is not a language: use a two-letter code other than en, like nl",
                    clip(lang)
                ),
            ));
        }
        let t = obj.object(lang)?;
        t.only(&["title", "goal", "hints", "check"])?;
        let opt_text = |key: &str, max: usize| t.get(key).map(|_| t.text(key, max)).transpose();
        let list =
            |key: &str, limit: usize, expected: usize, what: &str| -> Result<Option<Vec<String>>, ScenarioError> {
                if t.get(key).is_none() {
                    return Ok(None);
                }
                let items = t.array(key, limit)?;
                if items.len() != expected {
                    return Err(ScenarioError::new(
                        Mistake::BadValue,
                        t.file,
                        &t.child(key),
                        format!("{} {what} translated; the exercise has {expected}", items.len()),
                    ));
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| text_value(t.file, &format!("{}/{i}", t.child(key)), v, MAX_TEXT))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Some)
            };
        out.insert(
            lang.clone(),
            Translation {
                title: opt_text("title", MAX_NAME)?,
                goal: opt_text("goal", MAX_TEXT)?,
                hints: list("hints", MAX_HINTS, hints, "hints")?,
                check: list("check", MAX_CRITERIA, criteria, "criterion names")?,
            },
        );
    }
    Ok(out)
}

fn read_start(obj: &Obj<'_>) -> Result<Start, ScenarioError> {
    obj.only(&["tenant", "setup"])?;
    let t = obj.object("tenant")?;
    let kind = t.string("kind", MAX_NAME)?;
    let tenant = match kind.as_str() {
        "demo" => {
            t.only(&["kind"])?;
            TenantSeed::Demo
        }
        "generated" => {
            t.only(&["kind", "users", "seed"])?;
            TenantSeed::Generated {
                users: t.number("users", 1, MAX_GENERATED_USERS)? as u32,
                seed: t.number("seed", 0, u64::MAX)?,
            }
        }
        other => {
            return Err(ScenarioError::new(
                Mistake::BadValue,
                obj.file,
                &t.child("kind"),
                format!("the tenant kind must be demo or generated, not '{}'", clip(other)),
            ))
        }
    };
    let mut setup = Vec::new();
    if obj.get("setup").is_some() {
        for (i, v) in obj.array("setup", MAX_SETUP_CALLS)?.iter().enumerate() {
            setup.push(read_setup_call(&Obj::at(
                obj.file,
                format!("{}/{i}", obj.child("setup")),
                v,
            )?)?);
        }
    }
    Ok(Start { tenant, setup })
}

fn read_setup_call(obj: &Obj<'_>) -> Result<SetupCall, ScenarioError> {
    obj.only(&["method", "url", "body"])?;
    let word = obj.string("method", MAX_NAME)?;
    let method = match Method::parse(&word) {
        Some(m @ (Method::Patch | Method::Post | Method::Delete)) if word == m.as_str() => m,
        _ => {
            return Err(ScenarioError::new(
                Mistake::BadValue,
                obj.file,
                &obj.child("method"),
                format!(
                    "a setup call changes the tenant: its method is PATCH, POST or DELETE, not '{}'",
                    clip(&word)
                ),
            ))
        }
    };
    let url = obj.string("url", MAX_URL)?;
    if !url.starts_with('/') {
        return Err(ScenarioError::new(
            Mistake::BadValue,
            obj.file,
            &obj.child("url"),
            format!(
                "'{}' is not a Graph path: start it with /, like /users/jane@contoso.com",
                clip(&url)
            ),
        ));
    }
    substitute(&url, |_, _| Ok(String::new()))
        .map_err(|(kind, why)| ScenarioError::new(kind, obj.file, &obj.child("url"), why))?;
    let body = match obj.get("body") {
        None | Some(Value::Null) => None,
        Some(b @ Value::Object(_)) => {
            check_body_placeholders(b)
                .map_err(|(kind, why)| ScenarioError::new(kind, obj.file, &obj.child("body"), why))?;
            Some(b.clone())
        }
        Some(other) => return Err(wrong_type(obj.file, &obj.child("body"), "an object", other)),
    };
    Ok(SetupCall { method, url, body })
}

/// Checks the placeholders of every string in a body, walking it with a stack.
fn check_body_placeholders(body: &Value) -> Result<(), super::start::Unresolved> {
    let mut stack = vec![body];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                substitute(s, |_, _| Ok(String::new()))?;
            }
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(m) => stack.extend(m.values()),
            _ => {}
        }
    }
    Ok(())
}

fn read_criterion(obj: &Obj<'_>) -> Result<Criterion, ScenarioError> {
    let name = obj.text("name", MAX_NAME)?;
    let kind = obj.string("kind", MAX_NAME)?;
    let rule = match kind.as_str() {
        "userHasProduct" => {
            obj.only(&["name", "kind", "user", "product", "servicesOff", "servicesOn", "direct"])?;
            let product = obj.product("product")?;
            Rule::UserHasProduct {
                user: obj.string("user", MAX_NAME)?,
                services_off: obj.plans("servicesOff", &product)?,
                services_on: obj.plans("servicesOn", &product)?,
                direct: obj.opt_bool("direct")?,
                product,
            }
        }
        "userHasNoProduct" => {
            obj.only(&["name", "kind", "user", "product"])?;
            Rule::UserHasNoProduct {
                user: obj.string("user", MAX_NAME)?,
                product: obj.product("product")?,
            }
        }
        "usersHaveProduct" => {
            obj.only(&["name", "kind", "users", "product"])?;
            Rule::UsersHaveProduct {
                users: obj.users("users", false)?,
                product: obj.product("product")?,
            }
        }
        "usersHaveNoProduct" => {
            obj.only(&["name", "kind", "users", "product"])?;
            Rule::UsersHaveNoProduct {
                users: obj.users("users", false)?,
                product: obj.product("product")?,
            }
        }
        "userLicenceCount" => {
            obj.only(&["name", "kind", "user", "count"])?;
            Rule::UserLicenceCount {
                user: obj.string("user", MAX_NAME)?,
                count: obj.number("count", 0, 1000)? as u32,
            }
        }
        "groupHasNoErrors" => {
            obj.only(&["name", "kind", "group", "product"])?;
            Rule::GroupHasNoErrors {
                group: obj.string("group", MAX_NAME)?,
                product: match obj.get("product") {
                    None => None,
                    Some(_) => Some(obj.product("product")?),
                },
            }
        }
        "usageLocationSet" => {
            obj.only(&["name", "kind", "user", "country"])?;
            let country = match obj.get("country") {
                None => None,
                Some(_) => {
                    let c = obj.string("country", MAX_NAME)?;
                    if !crate::countries::is_country(&c) {
                        return Err(ScenarioError::new(
                            Mistake::BadValue,
                            obj.file,
                            &obj.child("country"),
                            format!(
                                "'{}' is not a country code: use ISO 3166 alpha-2 in capitals, like NL",
                                clip(&c)
                            ),
                        ));
                    }
                    Some(c)
                }
            };
            Rule::UsageLocationSet {
                user: obj.string("user", MAX_NAME)?,
                country,
            }
        }
        "guestInvited" => {
            obj.only(&["name", "kind", "email"])?;
            let email = obj.string("email", MAX_NAME)?;
            if !crate::tenant::is_email(&email) {
                return Err(ScenarioError::new(
                    Mistake::BadValue,
                    obj.file,
                    &obj.child("email"),
                    format!("'{}' is not an email address", clip(&email)),
                ));
            }
            Rule::GuestInvited { email }
        }
        "productConsumedAtMost" => {
            obj.only(&["name", "kind", "product", "units"])?;
            Rule::ProductConsumedAtMost {
                product: obj.product("product")?,
                units: obj.number("units", 0, u64::from(u32::MAX))? as u32,
            }
        }
        "noOtherLicenceLost" => {
            obj.only(&["name", "kind", "except"])?;
            Rule::NoOtherLicenceLost {
                except: if obj.get("except").is_some() {
                    obj.users("except", true)?
                } else {
                    Vec::new()
                },
            }
        }
        "subscriptionInDirectory" => {
            obj.only(&["name", "kind", "subscription", "directory"])?;
            Rule::SubscriptionInDirectory {
                subscription: obj.string("subscription", MAX_NAME)?,
                directory: obj.string("directory", MAX_NAME)?,
            }
        }
        "coAdministrator" => {
            obj.only(&["name", "kind", "subscription", "address"])?;
            let address = obj.string("address", MAX_NAME)?;
            if !crate::tenant::is_email(&address) {
                return Err(ScenarioError::new(
                    Mistake::BadValue,
                    obj.file,
                    &obj.child("address"),
                    format!("'{}' is not an email address", clip(&address)),
                ));
            }
            Rule::CoAdministrator {
                subscription: obj.string("subscription", MAX_NAME)?,
                address,
            }
        }
        other => {
            return Err(ScenarioError::new(
                Mistake::UnknownCriterion,
                obj.file,
                &obj.child("kind"),
                format!(
                    "unknown criterion kind '{}'; the kinds are {}",
                    clip(other),
                    Rule::KINDS.join(", ")
                ),
            ))
        }
    };
    Ok(Criterion { name, rule })
}

/// Parses the text as JSON, after holding it to `limit` bytes.
fn json(file: &str, text: &str, limit: usize) -> Result<Value, ScenarioError> {
    if text.len() > limit {
        return Err(ScenarioError::new(
            Mistake::TooBig,
            file,
            "",
            format!("the file is {} bytes; the limit is {limit}", text.len()),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let reason = message
            .rfind(" at line ")
            .map_or(message.as_str(), |i| &message[..i])
            .to_owned();
        ScenarioError::new(
            Mistake::NotJson,
            file,
            "",
            format!("not JSON: {reason} at line {}, column {}", e.line(), e.column()),
        )
    })
}

/// An object of the file and where it is, to read its fields with the right errors.
struct Obj<'a> {
    file: &'a str,
    place: String,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    fn root(file: &'a str, v: &'a Value) -> Result<Self, ScenarioError> {
        Self::at(file, String::new(), v)
    }

    fn at(file: &'a str, place: String, v: &'a Value) -> Result<Self, ScenarioError> {
        match v {
            Value::Object(map) => Ok(Obj { file, place, map }),
            other => Err(wrong_type(file, &place, "an object", other)),
        }
    }

    /// The pointer to a field of this object.
    fn child(&self, key: &str) -> String {
        format!("{}/{}", self.place, key.replace('~', "~0").replace('/', "~1"))
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key)
    }

    /// Refuses fields outside `known`.
    fn only(&self, known: &[&str]) -> Result<(), ScenarioError> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(k) => Err(ScenarioError::new(
                Mistake::UnknownField,
                self.file,
                &self.child(k),
                format!("unknown field '{}'; the fields here are {}", clip(k), known.join(", ")),
            )),
        }
    }

    fn required(&self, key: &str) -> Result<&'a Value, ScenarioError> {
        self.get(key).ok_or_else(|| {
            ScenarioError::new(
                Mistake::MissingField,
                self.file,
                &self.child(key),
                format!("the field '{key}' is missing"),
            )
        })
    }

    fn string(&self, key: &str, max: usize) -> Result<String, ScenarioError> {
        let v = self.required(key)?;
        let s = v
            .as_str()
            .ok_or_else(|| wrong_type(self.file, &self.child(key), "a string", v))?;
        if s.chars().count() > max {
            return Err(ScenarioError::new(
                Mistake::TooBig,
                self.file,
                &self.child(key),
                format!("the text is longer than {max} characters"),
            ));
        }
        Ok(s.to_owned())
    }

    /// A string meant to be read: not blank either.
    fn text(&self, key: &str, max: usize) -> Result<String, ScenarioError> {
        text_value(self.file, &self.child(key), self.required(key)?, max)
    }

    fn number(&self, key: &str, min: u64, max: u64) -> Result<u64, ScenarioError> {
        let v = self.required(key)?;
        let n = v
            .as_u64()
            .ok_or_else(|| wrong_type(self.file, &self.child(key), "a whole number", v))?;
        if !(min..=max).contains(&n) {
            return Err(ScenarioError::new(
                Mistake::BadValue,
                self.file,
                &self.child(key),
                format!("{n} is out of range: use {min} to {max}"),
            ));
        }
        Ok(n)
    }

    fn opt_bool(&self, key: &str) -> Result<Option<bool>, ScenarioError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong_type(self.file, &self.child(key), "true or false", other)),
        }
    }

    fn object(&self, key: &str) -> Result<Obj<'a>, ScenarioError> {
        Obj::at(self.file, self.child(key), self.required(key)?)
    }

    fn array(&self, key: &str, max: usize) -> Result<&'a [Value], ScenarioError> {
        let v = self.required(key)?;
        let a = v
            .as_array()
            .ok_or_else(|| wrong_type(self.file, &self.child(key), "a list", v))?;
        if a.len() > max {
            return Err(ScenarioError::new(
                Mistake::TooBig,
                self.file,
                &self.child(key),
                format!("{} items; the limit is {max}", a.len()),
            ));
        }
        Ok(a)
    }

    /// A list of names (users), each a string, none twice; empty only when `may_be_empty`.
    fn users(&self, key: &str, may_be_empty: bool) -> Result<Vec<String>, ScenarioError> {
        let list = self.array(key, MAX_LIST)?;
        if list.is_empty() && !may_be_empty {
            return Err(ScenarioError::new(
                Mistake::BadValue,
                self.file,
                &self.child(key),
                "the list is empty: name at least one user",
            ));
        }
        let mut out: Vec<String> = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            let place = format!("{}/{i}", self.child(key));
            let s = v
                .as_str()
                .ok_or_else(|| wrong_type(self.file, &place, "a user (a string)", v))?;
            if s.chars().count() > MAX_NAME {
                return Err(ScenarioError::new(
                    Mistake::TooBig,
                    self.file,
                    &place,
                    format!("the text is longer than {MAX_NAME} characters"),
                ));
            }
            if out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
                return Err(ScenarioError::new(
                    Mistake::Duplicate,
                    self.file,
                    &place,
                    format!("{s} is listed more than once"),
                ));
            }
            out.push(s.to_owned());
        }
        Ok(out)
    }

    /// A product part number the catalog knows.
    fn product(&self, key: &str) -> Result<String, ScenarioError> {
        let part = self.string(key, MAX_NAME)?;
        if catalog::product_by_part(&part).is_none() {
            return Err(ScenarioError::new(
                Mistake::UnknownProduct,
                self.file,
                &self.child(key),
                format!(
                    "no product has the part number '{}' (use a skuPartNumber such as ENTERPRISEPACK)",
                    clip(&part)
                ),
            ));
        }
        Ok(part)
    }

    /// An optional list of plan names, each a plan of `product`.
    fn plans(&self, key: &str, product: &str) -> Result<Vec<String>, ScenarioError> {
        if self.get(key).is_none() {
            return Ok(Vec::new());
        }
        let plans = catalog::product_by_part(product).map(|p| p.plans).unwrap_or_default();
        let list = self.array(key, MAX_LIST)?;
        let mut out = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            let place = format!("{}/{i}", self.child(key));
            let s = v
                .as_str()
                .ok_or_else(|| wrong_type(self.file, &place, "a service plan name (a string)", v))?;
            if !plans.contains(&s) {
                return Err(ScenarioError::new(
                    Mistake::UnknownServicePlan,
                    self.file,
                    &place,
                    format!(
                        "'{}' is not a service plan of {} ({product}); its plans are {}",
                        clip(s),
                        catalog::product_name(product),
                        plans.join(", ")
                    ),
                ));
            }
            out.push(s.to_owned());
        }
        Ok(out)
    }
}

fn text_value(file: &str, place: &str, v: &Value, max: usize) -> Result<String, ScenarioError> {
    let s = v.as_str().ok_or_else(|| wrong_type(file, place, "a string", v))?;
    if s.trim().is_empty() {
        return Err(ScenarioError::new(Mistake::BadValue, file, place, "the text is empty"));
    }
    if s.chars().count() > max {
        return Err(ScenarioError::new(
            Mistake::TooBig,
            file,
            place,
            format!("the text is longer than {max} characters"),
        ));
    }
    Ok(s.to_owned())
}

fn wrong_type(file: &str, place: &str, expected: &str, found: &Value) -> ScenarioError {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    ScenarioError::new(
        Mistake::WrongType,
        file,
        place,
        format!("expected {expected}, found {found}"),
    )
}

/// `guests-export`: lowercase letters and digits in words joined by single hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// A plain file name of the folder: no path, no hidden file, ending in `.json`.
fn is_file_name(s: &str) -> bool {
    s.len() <= 100
        && s.len() > ".json".len()
        && s.ends_with(".json")
        && s != INDEX_FILE
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A value quoted back in a message, cut short: a hostile file's megabyte string is not
/// repeated in full.
fn clip(s: &str) -> String {
    const SHOWN: usize = 60;
    if s.chars().count() <= SHOWN {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(SHOWN).collect::<String>())
    }
}
