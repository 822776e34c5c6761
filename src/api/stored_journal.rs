//! Where the simulated tenant's journal is kept in the browser's local storage. What is
//! stored (plain JSON, or gzip-compressed when large) is made and read by the tenant's
//! worker (`crates/tenant-worker`): the page only moves that text between it and storage,
//! which a worker cannot reach.

/// Where one simulated tenant's journal is kept in local storage: the free sandbox's, or
/// one training exercise's, so an exercise never touches the sandbox nor another exercise.
/// Each shelf has three keys: the journal, a version counter bumped by every write (a tab
/// whose last known version differs knows another tab changed the tenant, and the
/// `storage` event on it tells the other tabs at once), and where **Keep a copy and start
/// fresh** puts a journal that cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shelf {
    key: String,
}

impl Shelf {
    /// The free sandbox (its keys are the ones the app always used).
    pub fn sandbox() -> Shelf {
        Shelf {
            key: "tenant-desk.simulation".into(),
        }
    }

    /// One exercise's own tenant.
    pub fn exercise(id: &str) -> Shelf {
        Shelf {
            key: format!("tenant-desk.training.{id}"),
        }
    }

    /// The journal's key; also the name of the Web Lock the tabs take around a change.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The version counter's key.
    pub fn version_key(&self) -> String {
        format!("{}.version", self.key)
    }

    fn aside_key(&self) -> String {
        format!("{}.aside", self.key)
    }
}

impl Shelf {
    /// The saved journal as stored (for the worker to read), `None` when nothing is saved
    /// or storage cannot be read.
    pub fn read(&self) -> Option<String> {
        storage().and_then(|s| s.get_item(&self.key).ok().flatten())
    }

    /// Writes a journal in its stored form (the worker's), and bumps the version; returns the new
    /// version. Fails when the browser keeps no storage for the page or the site's storage
    /// is full.
    pub fn store(&self, encoded: &str) -> Result<u64, String> {
        let s = storage().ok_or("this browser keeps no local storage for the page")?;
        s.set_item(&self.key, encoded)
            .map_err(|_| "the browser's storage for this site is full".to_owned())?;
        Ok(self.bump(&s))
    }

    /// The version of the saved journal (0 when none was ever written).
    pub fn version(&self) -> u64 {
        storage()
            .and_then(|s| s.get_item(&self.version_key()).ok().flatten())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn bump(&self, s: &web_sys::Storage) -> u64 {
        let next = self.version().wrapping_add(1);
        let _ = s.set_item(&self.version_key(), &next.to_string());
        next
    }

    /// Forgets the saved journal (other tabs hear of it); returns the new version.
    pub fn clear(&self) -> u64 {
        match storage() {
            Some(s) => {
                let _ = s.remove_item(&self.key);
                self.bump(&s)
            }
            None => 0,
        }
    }

    /// Keeps the saved journal, as stored, aside, so that starting fresh loses nothing the
    /// admin may want back.
    pub fn set_aside(&self) -> Result<(), String> {
        let s = storage().ok_or("this browser keeps no local storage for the page")?;
        if let Some(stored) = s.get_item(&self.key).ok().flatten() {
            s.set_item(&self.aside_key(), &stored)
                .map_err(|_| "the browser's storage for this site is full".to_owned())?;
        }
        Ok(())
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
