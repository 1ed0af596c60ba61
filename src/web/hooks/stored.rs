//! This browser's storage: the tab's session storage, or local storage for choices that
//! outlive the tab. Nothing kept there leaves the browser. A browser that refuses storage (a
//! private window may) just keeps nothing.

use web_sys::Storage;

fn storage(local: bool) -> Option<Storage> {
    let window = web_sys::window()?;
    if local { window.local_storage() } else { window.session_storage() }.ok().flatten()
}

pub fn read(local: bool, key: &str) -> Option<String> {
    storage(local)?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`; `None` forgets it.
pub fn write(local: bool, key: &str, value: Option<&str>) {
    if let Some(storage) = storage(local) {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}
