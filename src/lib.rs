//! # aws-monitor: architecture map
//!
//! One binary that watches a whole AWS estate across every region at once.
//! Read-only: it only ever calls Describe/List/Get operations.
//!
//! ```text
//!  main.rs ── cli.rs (flags) ──┬── whoami ── aws::Aws::identity
//!                              ├── --once ── poller::run_cycle ── output.rs (json/csv/table)
//!                              └── tui.rs ── poller::spawn ══ Event ══> app::App::update ── ui::render
//!                                                           <══ Command ══
//! ```
//!
//! - [`model`]: plain data (Resource, ResourceKind, Outcome, Fetch, TagFilter,
//!   CycleStats); no tokio, AWS SDK or ratatui.
//!   - `model::changes`: added, removed and state changes between two listings.
//!   - `model::cost`: exact money, Cost Explorer date ranges, `CostSnapshot`.
//!   - `model::metrics`: the metric table per kind, windows, `MetricSeries`.
//!   - `model::meter`: prices of paid APIs; the cost of counted calls and per day.
//! - [`aws`]: the only module that uses the AWS SDK crates. [`aws::Aws`] turns one
//!   profile (default `monitor`, else the default credential chain) into
//!   per-region configs with standard retries and a per-call timeout; one
//!   file per service calls, paginates to the end, counts every call, and
//!   converts SDK types into model types. `aws/actions.rs` is the one table
//!   of every operation called and its IAM action (`aws-monitor policy`).
//!   - `aws::cloudwatch`: GetMetricData, 500 queries a call, paginated, counted.
//!   - `aws::cost`: Cost Explorer, from us-east-1 only, paginated, counted.
//!   - `aws::tagging`: tags of many resources in one GetResources listing per
//!     region; adapters fall back to per-resource calls when it is denied.
//! - [`poller`]: the tokio task. A cycle runs every (region, job) in a
//!   `JoinSet` under a concurrency bound and a deadline, sends each listing
//!   page as an `Event::Page` as it arrives (TUI), one `Event::Inventory` per
//!   (region, kind) as soon as it is known, and writes each fresh listing to
//!   the [`snapshot`] cache.
//!   - `poller::metrics`: the metrics loop; fetches what the app watches,
//!     once per period, and new targets at once.
//!   - `poller::cost`: Cost Explorer loads once at start (disk cache, else
//!     one fetch) and then only on `Command::RefreshCost`, never on the
//!     interval.
//! - [`protocol`]: the `Command`/`Event` enums between app and poller; below
//!   both, so neither names the other. Layering: `app` and `ui` never name
//!   `poller`; `config`, `cache` and `poller` never name `app` or `ui`.
//! - [`app`]: the TUI state. `App::update(Msg) -> Vec<Effect>` is pure and
//!   synchronous; time comes in through `Msg::Tick`.
//!   - `app::metrics`: series received, the seen set sent as `WatchMetrics`,
//!     the Metrics tab's ranking, the daily rate.
//!   - `app::cost`: the Cost tab's state: tag key, the confirm-before-refresh.
//! - [`ui`]: `render(&App, &mut Frame)`; never mutates the app.
//!   - `ui::chart`: sparklines and the bar chart with axes.
//!   - `ui::metrics`: the sparkline column, detail charts, Metrics tab, meter.
//!   - `ui::cost`: the Cost tab.
//! - [`cache`]: cost snapshots on disk (mode 0600, 6-hour TTL), per account
//!   and endpoint; figures only, never a credential.
//! - [`snapshot`]: the inventory on disk per (region, kind), per account and
//!   endpoint (mode 0600, atomic, size-bounded; never a credential): the
//!   poller writes each fresh listing, the TUI draws it at start, marked
//!   cached, before any AWS call; `--once --changes` compares against it.
//! - [`keymap`]: the key table (modes, actions, bindings); app reads keys
//!   through it, config rebinds it.
//! - [`config`]: the optional TOML config (key rebinding), validated at load.
//! - [`paths`]: the XDG paths of the config file, the cost cache and the log.
//! - [`output`]: the headless report of `--once`.
//! - [`doctor`]: `aws-monitor doctor`: one cheap call per service and region,
//!   what works and what is denied, with the missing IAM action named.
//! - [`tui`]: the terminal: raw mode, the event loop (one `step` per input,
//!   every effect through `dispatch`), and restoring the terminal on quit,
//!   panic and SIGTERM/SIGHUP.

pub mod app;
pub mod aws;
pub mod cache;
pub mod cli;
pub mod config;
pub mod doctor;
pub mod keymap;
pub mod kinds;
pub mod logging;
pub mod model;
pub mod output;
pub mod paths;
pub mod poller;
pub mod protocol;
pub mod snapshot;
pub mod tui;
pub mod ui;
