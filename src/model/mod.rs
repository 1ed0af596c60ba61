//! Pure logic: no browser, no Leptos. Everything here is tested with `cargo test`.

pub mod by_endpoint;
pub mod changes;
pub mod cluster;
pub mod coerce;
pub mod config;
pub mod contract;
pub mod display;
pub mod embed;
pub mod error;
pub mod ha_action;
pub mod ha_config;
pub mod linkmap;
pub mod load;
pub mod netbox;
pub mod overview;
pub mod refresh;
pub mod resource;
pub mod severity;
pub mod sid;
pub mod status;
pub mod summary;
pub mod table;
pub mod vm;
