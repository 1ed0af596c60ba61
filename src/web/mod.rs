//! The browser UI (Leptos CSR). Imports run one way: `shell` -> `pages` -> `components` and
//! `hooks` -> `context` -> `api` -> `crate::model`.

pub mod api;
pub mod components;
pub mod context;
pub mod download;
pub mod embed;
pub mod frame;
pub mod hooks;
pub mod pages;
pub mod shell;
