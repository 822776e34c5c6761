//! The training exercises a site publishes next to the app (`/scenarios/index.json` and one
//! file per exercise), read at run time so a site adds exercises without a rebuild.

use tenant::training::{check_unique_ids, parse_exercise, parse_index, Exercise, INDEX_FILE};

use super::http::get_text;

/// Where the exercise files are served.
const FOLDER: &str = "/scenarios/";

/// The exercises that loaded, and what is wrong with those that did not (each a file, a
/// place in it and what is wrong): one broken file never hides the others.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// The valid exercises, in the index's order.
    pub exercises: Vec<Exercise>,
    /// One line per file that could not be used.
    pub problems: Vec<String>,
    /// Each valid exercise's file as it reads, in the same order: the simulated tenant's
    /// worker builds the open exercise's start from it.
    texts: Vec<String>,
}

impl Catalog {
    /// The exercise with this id, and its file's text.
    pub fn find(&self, id: &str) -> Option<(&Exercise, &str)> {
        let at = self.exercises.iter().position(|e| e.id == id)?;
        Some((&self.exercises[at], self.texts.get(at)?))
    }
}

/// Reads the index and every exercise it lists.
pub async fn load() -> Catalog {
    let mut catalog = Catalog::default();
    let index = match get_text(&crate::site::url(&format!("{FOLDER}{INDEX_FILE}"))).await {
        Ok(text) => parse_index(&text).map_err(|e| e.to_string()),
        Err(e) => Err(format!("{INDEX_FILE}: could not be read ({e})")),
    };
    let index = match index {
        Ok(i) => i,
        Err(problem) => {
            catalog.problems.push(problem);
            return catalog;
        }
    };
    for file in &index.exercises {
        let parsed = match get_text(&crate::site::url(&format!("{FOLDER}{file}"))).await {
            Ok(text) => parse_exercise(file, &text)
                .map(|e| (e, text))
                .map_err(|e| e.to_string()),
            Err(e) => Err(format!("{file}: could not be read ({e})")),
        };
        match parsed {
            Ok((exercise, text)) => {
                // A second exercise with an id already taken is refused; the first stays.
                catalog.exercises.push(exercise);
                if let Err(e) = check_unique_ids(&catalog.exercises) {
                    catalog.exercises.pop();
                    catalog.problems.push(e.to_string());
                } else {
                    catalog.texts.push(text);
                }
            }
            Err(problem) => catalog.problems.push(problem),
        }
    }
    catalog
}
