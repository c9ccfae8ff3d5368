//! # aws-monitor: architecture map
//!
//! One binary that watches a whole AWS estate across every region at once.
//! Read-only: it only ever calls Describe/List/Get operations.
//!
//! ```text
//!  main.rs ── cli.rs (flags) ──┬── completions / man / config init (no AWS)
//!                              ├── whoami ── aws::Aws::identity
//!                              ├── --once ── poller::run_cycle ── output.rs (json/csv/table)
//!                              └── tui.rs ── poller::spawn ══ Event ══> app::App::update ── ui::render
//!                                                           <══ Command ══
//! ```
//!
//! - [`model`]: plain data (Resource, ResourceKind, Outcome, Fetch, TagFilter,
//!   CycleStats); no tokio, AWS SDK or ratatui.
//!   - `model::cost`: exact money, Cost Explorer date ranges, `CostSnapshot`.
//!   - `model::metrics`: the metric table per kind, windows, `MetricSeries`.
//!   - `model::meter`: prices of paid APIs; the cost of counted calls and per day.
//!   - `model::links`: ARN and console URL of a resource, per kind.
//! - [`aws`]: the only module that uses the AWS SDK crates. [`aws::Aws`] turns one
//!   profile (default `monitor`, else the default credential chain) into
//!   per-region configs with standard retries and a per-call timeout; one
//!   file per service calls, paginates to the end, counts every call, and
//!   converts SDK types into model types. `aws/actions.rs` is the one table
//!   of every operation called and its IAM action (`aws-monitor policy`).
//!   - `aws::cloudwatch`: GetMetricData, 500 queries a call, paginated, counted.
//!   - `aws::cost`: Cost Explorer, from us-east-1 only, paginated, counted.
//! - [`poller`]: the tokio task. A cycle runs every (region, job) in a
//!   `JoinSet` under a concurrency bound and a deadline, and sends one
//!   `Event::Inventory` per (region, kind) as soon as it is known.
//!   `protocol.rs` holds the `Command`/`Event` enums.
//!   - `poller::metrics`: the metrics loop; fetches what the app watches,
//!     once per period, and new targets at once.
//!   - `poller::cost`: Cost Explorer loads once at start (disk cache, else
//!     one fetch) and then only on `Command::RefreshCost`, never on the
//!     interval.
//! - [`app`]: the TUI state. `App::update(Msg) -> Vec<Effect>` is pure and
//!   synchronous; time comes in through `Msg::Tick`.
//!   - `app::metrics`: series received, the seen set sent as `WatchMetrics`,
//!     the Metrics tab's ranking, the daily rate.
//!   - `app::cost`: the Cost tab's state: tag key, the confirm-before-refresh.
//!   - `app::share`: `y`/`Y`/`o` copy the id, ARN, console URL
//!     (`Effect::Copy`), `e` exports the view as CSV (`Effect::Export`).
//!   - `app::preset`: `Msg::ApplyPreset`, view names.
//! - [`ui`]: `render(&App, &mut Frame)`; never mutates the app.
//!   - `ui::chart`: sparklines and the bar chart with axes.
//!   - `ui::metrics`: the sparkline column, detail charts, Metrics tab, meter.
//!   - `ui::cost`: the Cost tab.
//! - [`cache`]: cost snapshots on disk (mode 0600, 6-hour TTL), per account
//!   and endpoint; figures only, never a credential.
//! - [`config`]: the optional TOML config (settings, `[presets.NAME]`, key
//!   rebinding), validated at load; `config init` writes its template.
//! - [`presets`]: flag over preset over config over default, field by field.
//! - [`clipboard`]: the OSC 52 sequence (and tmux's passthrough form) that
//!   the terminal loop writes for `Effect::Copy`.
//! - [`output`]: the headless report of `--once`.
//! - [`doctor`]: `aws-monitor doctor`: one cheap call per service and region,
//!   what works and what is denied, with the missing IAM action named.
//! - [`tui`]: the terminal: raw mode, the event loop (which carries out the
//!   app's effects: commands, OSC 52 copies, CSV files), and restoring the
//!   terminal on quit, panic and SIGTERM/SIGHUP.

pub mod app;
pub mod aws;
pub mod cache;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod doctor;
pub mod logging;
pub mod model;
pub mod output;
pub mod poller;
pub mod presets;
pub mod tui;
pub mod ui;
