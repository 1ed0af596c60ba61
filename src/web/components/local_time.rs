/// `14:02:31` (or `14:02` without seconds) in the browser's time zone.
pub fn local_time(ms: f64, seconds: bool) -> String {
    let date = js_sys::Date::new(&ms.into());
    let minutes = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    if seconds {
        format!("{minutes}:{:02}", date.get_seconds())
    } else {
        minutes
    }
}
