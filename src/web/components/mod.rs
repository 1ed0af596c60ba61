//! Small components the pages share.

pub mod alert;
pub mod badge;
pub mod card;
pub mod dialog;
pub mod links;
pub mod loading;
pub mod local_time;
pub mod navbar;
pub mod settings;
pub mod updated_ago;
