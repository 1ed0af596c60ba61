pub mod badge;
pub mod banner;
pub mod loading;
pub mod settings;
