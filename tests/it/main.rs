//! The one integration-test binary (each extra binary would link every SDK
//! again). Modules by area; everything runs against a real moto server.

#[path = "../support/mod.rs"]
mod support;

mod cli;
mod cost;
mod faults;
mod iam;
mod inventory;
mod metrics;
mod security;
mod tui;
