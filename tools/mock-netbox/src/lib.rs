//! The mock NetBox of proxbox-ha's tests and demo (`src/main.rs`): a hand-written HTTP/1.1
//! server (faults like hangs and dropped connections need socket-level control) answering
//! from scenario files.

pub mod contract;
pub mod http;
pub mod netbox_pages;
pub mod scenario;
