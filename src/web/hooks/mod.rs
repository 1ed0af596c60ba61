//! Reactive building blocks the pages share.

pub mod last_good;
pub mod live_refresh;
pub mod page_query;
