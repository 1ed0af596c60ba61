//! Test servers of proxbox-ha, std only (faults like hangs and dropped connections need
//! socket-level control): the mock NetBox (`src/main.rs`) and the stand-in proxbox-api of
//! the real-NetBox tier (`src/bin/proxbox-api-standin.rs`), sharing HTTP and scenario files.

pub mod http;
pub mod scenario;
