//! proxbox-ha: Proxmox VE High-Availability state for NetBox users.
//!
//! The pure modules (parsing, coercion, severity, SIDs, link matching, error
//! classification) compile natively and carry the unit tests; the UI is browser-only.

pub mod cluster;
pub mod coerce;
pub mod display;
pub mod embed;
pub mod config;
pub mod error;
pub mod linkmap;
pub mod netbox;
pub mod overview;
pub mod severity;
pub mod sid;
pub mod summary;
pub mod table;
pub mod vm;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod frame;
#[cfg(target_arch = "wasm32")]
pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod pages;
