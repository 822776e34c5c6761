//! A value that crosses the worker's wire as its JSON text and is parsed only where it is
//! read.
//!
//! The page parses every reply of the simulated tenant's worker with one enum
//! ([`Reply`](super::host::Reply)), so every type a reply holds has its deserializer in the
//! page's main module. Held as [`Packed`], a type's deserializer goes with the code that
//! calls [`Packed::open`] instead: for the checks of a training exercise (`Missing`, about
//! 37 KB of wasm before optimising) and the activity log's entries, a chunk the page only
//! fetches when they are shown.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `T` as its JSON text (a JSON string on the wire). `Packed::new` writes it;
/// `Packed::open` reads it back.
pub struct Packed<T> {
    json: String,
    of: PhantomData<fn() -> T>,
}

impl<T: Serialize> Packed<T> {
    /// Packs `value`. Fails only for a value JSON cannot hold (a map whose keys are not
    /// text), which the types packed here never are.
    pub fn new(value: &T) -> Result<Self, serde_json::Error> {
        Ok(Packed {
            json: serde_json::to_string(value)?,
            of: PhantomData,
        })
    }
}

impl<T> Packed<T> {
    /// A value that could not be packed: it still says there was one, and `open` fails.
    pub fn unreadable() -> Self {
        Packed {
            json: String::new(),
            of: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Packed<T> {
    /// Reads the value back; fails when the text is not a `T` (a worker of another build).
    pub fn open(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.json)
    }
}

impl<T> Clone for Packed<T> {
    fn clone(&self) -> Self {
        Packed {
            json: self.json.clone(),
            of: PhantomData,
        }
    }
}

impl<T> PartialEq for Packed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<T> fmt::Debug for Packed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Packed").field(&self.json).finish()
    }
}

impl<T> Serialize for Packed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.json)
    }
}

impl<'de, T> Deserialize<'de> for Packed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Packed {
            json: String::deserialize(d)?,
            of: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_comes_back_as_it_went() {
        let entries = vec![("a".to_string(), 1u32), ("\"b\"\n".to_string(), 2)];
        let packed = Packed::new(&entries).expect("text keys");
        let wire = serde_json::to_string(&packed).expect("a string");
        assert!(wire.starts_with('"'), "{wire}");
        let back: Packed<Vec<(String, u32)>> = serde_json::from_str(&wire).expect("a string");
        assert_eq!(back, packed);
        assert_eq!(back.open().expect("same type"), entries);
    }

    #[test]
    fn text_of_another_type_is_refused_when_opened() {
        assert!(Packed::<Vec<u32>>::unreadable().open().is_err());
        let packed = Packed::<Vec<u32>>::new(&vec![1, 2]).expect("numbers");
        let wire = serde_json::to_string(&packed).expect("a string");
        let other: Packed<Vec<String>> = serde_json::from_str(&wire).expect("any string reads");
        assert!(other.open().is_err());
        assert!(
            serde_json::from_str::<Packed<u32>>("7").is_err(),
            "a packed value is a string on the wire"
        );
    }
}
