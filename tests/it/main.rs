//! The one integration-test binary (each extra binary would link every SDK
//! again). Modules by area; everything that calls AWS runs against a real
//! moto server (`bill` counts calls to a fake source instead).

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod bill;
mod cli;
mod cost;
mod docs;
mod ec2x;
mod ecs;
mod elb;
mod estate;
mod faults;
mod findings;
mod iam;
mod inventory;
mod logs;
mod metrics;
mod network_alarms;
mod paging;
mod partial;
mod rows;
mod security;
mod tags;
mod tui;
