//! One folder per page; the shell routes to them.

pub mod not_found;
pub mod status;
pub mod vm;
