//! proxbox-ha: Proxmox VE High-Availability state for NetBox users.
//!
//! `model` is plain Rust (serde_json only): parsing, coercion, severity, SIDs, link matching,
//! error classification, table logic. It compiles natively and carries the unit tests.
//! `web` is the Leptos UI and runs only in the browser. Imports run one way: `web` uses
//! `model`, never the reverse.

pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod web;
