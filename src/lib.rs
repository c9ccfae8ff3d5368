//! # aws-monitor: architecture map
//!
//! One binary that watches a whole AWS estate across every region at once.
//! Read-only: it only ever calls Describe/List/Get operations (and
//! FilterLogEvents, which reads log events).
//!
//! ```text
//!  main.rs (flags: cli.rs) ── run::run ──┬── policy / completions / man / config init (no AWS)
//!                                        ├── run::plan: config, presets, flag checks, accounts (pure)
//!                                        ├── whoami / doctor ── aws::Aws, aws::Fleet
//!                                        ├── run::once (--once) ── poller::run_cycle ── poller::whole ── output.rs (json/csv/table)
//!                                        └── run::start ── tui.rs ── poller::spawn ══ Event ══> app::App::update ── ui::render
//!                                                                                 <══ Command ══
//! ```
//!
//! - [`kinds`]: the kind registry, plain data like `model`. One file per
//!   resource kind (`kinds/ebs_volume.rs`) holds its `KindDef`: name,
//!   service, scope, titles, `:` aliases, number key, columns with typed
//!   detail keys, default sort, state words and their tones, metrics (each
//!   file sets what it has over `KindDef::new`; its detail keys come from
//!   `detail_keys!`, named once). Each column has a `Role`, what it shows
//!   (state, health, count, age, text): a cell's tone comes from its role
//!   (a state word by the kind's states, a health check's `ok`/`impaired`
//!   by `HEALTH`), never from the column's title, and count and age sort
//!   as numbers. The kind files are plain `mod` items (so `cargo fmt`
//!   checks them); the `registry!` line in `kinds/mod.rs` declares
//!   `ResourceKind` from them.
//!   Jobs, views, the tab bar, `:` names, metrics and state colours are
//!   derived from it.
//! - [`model`]: plain data (Resource, Job, Outcome, End, Fetch, Late, TagFilter,
//!   CycleStats, AccountId, AccountInfo); no tokio, AWS SDK or ratatui. A
//!   resource, a fetch (cell), a metric and a finding each carry their
//!   `AccountId` (a 12-digit id in five bytes, beside the kind: no row
//!   grows). `model::jobs_for` derives the jobs of a cycle from the
//!   registry.
//!   - `model::changes`: added, removed and state changes between two listings.
//!   - `model::late`: a listing's late facts (`Late`), plain data by row
//!     id that completes its rows at its end: an instance's STATUS (its
//!     status checks, 11 bytes an instance), an AMI's or VPC's count, a
//!     snapshot's volume and AMIs, a load balancer's counts of target
//!     groups and targets. `Late::apply` is the one function that
//!     applies them, for the app and for `--once`.
//!   - `model::fields`: a resource's `Tags` and `Details`, each an index over
//!     one text (100,000 rows in tens of megabytes), read as sorted maps; a
//!     value many rows repeat (a type, a zone, a tag key) is kept once for
//!     the process and referred to by number.
//!   - `model::word`: `Word`, a shared text for what many rows repeat (a
//!     row's region and state word): one copy per distinct word.
//!   - `model::cost`: exact money, Cost Explorer date ranges, `CostSnapshot`.
//!   - `model::metrics`: windows, `MetricSeries`; each kind's metrics are in
//!     its kind file.
//!   - `model::meter`: prices of paid APIs; the cost of counted calls and per day.
//!   - `model::links`: ARN and console URL of a resource, per kind.
//!   - `model::logs`: where a row's logs are (`LogTarget::of`, from its
//!     kind's `logs` field: a group, a group prefix, or a task definition's
//!     `awslogs` options), log events, and a tail's pure parts: the
//!     watermark asked again inclusively with dedupe by event id at the
//!     boundary (`Cursor`), the per-tail backoff on throttling, the bounded
//!     ring with its dropped count, the escaping of log text, `--since`.
//! - [`aws`]: the only module that uses the AWS SDK crates. [`aws::Aws`] turns one
//!   profile (default `monitor`, else the default credential chain) into
//!   per-region configs with standard retries and a per-call timeout.
//!   - `aws::accounts`: many accounts. A [`aws::Fleet`] of `Member`s, one
//!     `Aws` each: a `--profile a,b,c` list (a role profile's AssumeRole
//!     goes to `--endpoint-url` too), or `--org-role ROLE` (the
//!     organization's ACTIVE accounts from the first profile, each through
//!     aws-config's `AssumeRoleProvider` behind the identity cache),
//!     `--accounts` keeps a subset, `[accounts.NAME]` sets in the config.
//!     An account that cannot be reached keeps its error for its cells and
//!     is asked again each cycle; a region it has not enabled fails its
//!     cells with `RegionNotEnabled`. Cost over accounts: one request set
//!     with a LINKED_ACCOUNT breakdown for an organization, else one per
//!     account, added up (`RawCost::merge`).
//!   - `aws::inventory`: one adapter file per kind (same name as its kind
//!     file), each a `Listing` that lists a region to the end through the
//!     shared `each_page`/`all_pages` helpers (`all_items` keeps the SDK's
//!     items, `Cx::resources` converts and hands pages over; `fan_out` for
//!     a call per item), counts every call, converts SDK types into `Resource`s, makes
//!     `doctor`'s probe and declares its operations. A file implements
//!     `Lister` (or `OneKind`, for a single kind) and gets its `Listing`
//!     from it. `LISTINGS` is the table the poller and doctor use.
//!     Every listing delivers its rows one way: it hands them over to the
//!     poller's page sink (`Cx::hand`) and keeps none: page by page as they
//!     arrive, or all at its end when it joins something to them first
//!     (tags from GetResources, a group's interfaces, EMR and EKS
//!     descriptions); its result is only its `Late` facts (none for most)
//!     or its error. The load balancers' listing also reports the target
//!     groups, with one DescribeTargetHealth per group (a few at a time):
//!     the one call per resource that no batch call can replace.
//!   - `aws::ops`: every AWS operation, named once as a constant
//!     (`ops::ec2::DESCRIBE_INSTANCES`: SDK method, counted label, IAM
//!     action, feature). Call sites pass the constant (`Tally`, `each_page`
//!     take an `Operation`, never a text), so a misspelt operation fails to
//!     compile; it names no other module of `aws`.
//!   - `aws::actions`: the table of every operation called (those outside
//!     the inventory, plus each adapter's `OPERATIONS`) and its IAM action,
//!     for `aws-monitor policy` and `doctor`; a test (`aws/call_sites.rs`)
//!     scans `src/aws/` for call sites not in it and labels spelt outside
//!     `ops`.
//!     A kind listed with another (`listed_with`) is listed by its host's
//!     adapter: the EC2 instances' listing also reports EBS volumes, AMIs,
//!     snapshots and key pairs (each key's instances counted from the
//!     instance rows), so each region-wide listing is made once a cycle.
//!   - `aws::cloudwatch`: GetMetricData, 500 queries a call, paginated, counted.
//!   - `aws::logs`: FilterLogEvents pages, DescribeLogGroups, and an ECS
//!     task definition's `awslogs` groups (DescribeTaskDefinition); one
//!     attempt a call (a tail backs off on its own), counted.
//!   - `aws::cost`: Cost Explorer, from us-east-1 only, paginated, counted.
//!   - `aws::inventory::tagging`: tags of many resources in one GetResources
//!     listing per region; adapters fall back to per-resource calls when it
//!     is denied.
//! - [`poller`]: the tokio task. A cycle runs every (account, region, job)
//!   in a `JoinSet` under one concurrency bound (the accounts' jobs taken
//!   in turn, so none starves) and a deadline. Rows flow one way: every
//!   listing's pages go on as `Event::Page` as they arrive (each row
//!   stamped with its account in one place, `Event::page`; a cached
//!   listing at start by `Event::cached`), then one `Event::Inventory` per
//!   (account, region, kind) ends it with `End::Listed(Late)` or
//!   `End::Failed`. The poller keeps no row and writes no listing it
//!   handed over: the owner of the rows assembles each listing, completes
//!   it with `Late::apply` and has it cached through the one writer
//!   (`snapshot::InventoryCache::write_listing`, the account's folder
//!   chosen by `of_account`): the app by `Command::Store`, `--once` by
//!   `poller::whole`. So a large estate is held once (`app::arrival`).
//!   - `poller::whole`: the headless owner of the rows (`--once`, tests):
//!     each listing's pages gathered, completed at its end, cached, and
//!     given whole (`Fetch` with `Outcome::Fresh`).
//!   - `poller::metrics`: the metrics loop; fetches what the app watches,
//!     once per period, and new targets at once, per (account, region) with
//!     that account's credentials. A second loop of the same kind keeps the
//!     findings' own series fresh (`Command::WatchFindingMetrics`: each NAT
//!     gateway's week of bytes out, once an hour).
//!   - `poller::logs`: a tail (`Command::Tail`, one at a time, with the
//!     row's account and region) in a task of its own: resolves its
//!     target, polls from each group's watermark, sends `Event::Logs`;
//!     `aws-monitor logs` runs the same `tail`. `:logs` completion lists
//!     group names once per (account, region).
//!   - `poller::cost`: Cost Explorer loads once at start (disk cache, else
//!     one fetch) and then only on `Command::RefreshCost`, never on the
//!     interval.
//! - [`protocol`]: the `Command`/`Event` enums between app and poller; below
//!   both, so neither names the other (see Layers below).
//! - [`app`]: the TUI state. `App::update(Msg) -> Vec<Effect>` is pure and
//!   synchronous; time comes in through `Msg::Tick`, and start-up too: the
//!   first frame is drawn from the cache, then `Msg::Started` brings the
//!   identity, regions and accounts resolved (`app::start`; `tui.rs` sets
//!   no field of the app, a test checks). With several accounts the views
//!   gain an ACCOUNT column, `a` opens the account picker (what shows;
//!   every account is still polled), the header has a health cell per
//!   account, and the lists of findings are grouped by account. `App` is
//!   in three parts, each in its own file:
//!   - `app::known`: what is known: settings, identity, accounts, the cells
//!     (keyed by (account, region, kind)), the cycle, changes, signals,
//!     metrics and cost.
//!   - `app::view`: what the user is looking at: tab, mode, cursor, sort and
//!     selection per view, regions and accounts shown, tag filter, search,
//!     picker, prompt, popup, status.
//!   - `app::derived`: what is derived from both, rebuilt in `update`
//!     (`app::table`): the filtered, sorted rows, the Grid's counts, the
//!     findings, the detail view's relations.
//!   - `app::keys`: key handling: the prompts' editing, then the keymap's
//!     `Action`s by mode.
//!   - `app::sort`: the sort keys kept per row; `app::command`: the `:`
//!     prompt; `app::arrival`: every listing page by page, completed at
//!     its end by its `Late` facts and sent back to be cached
//!     (`Command::Store`, once a listing), a row unchanged since the last
//!     listing kept as that row; a cached listing at start comes whole.
//!   - `app::metrics`: series received, the seen set sent as `WatchMetrics`,
//!     the Metrics tab's ranking, the daily rate.
//!   - `app::cost`: the Cost tab's state: tag key, the confirm-before-refresh.
//!   - `app::health`: per region, CloudWatch alarms in ALARM, impaired
//!     EC2 instances, ECS services short of their desired count,
//!     load-balancer targets not serving and Auto Scaling groups short of
//!     capacity (counted as listings arrive, for the health cells of the
//!     header and the Overview, and the Grid); a VPC's subnets, a subnet's
//!     VPC, an ECS cluster's services, a load balancer's target groups with
//!     their targets' health, a target group's load balancers, a group's
//!     instances and a key pair's instances, for the detail view.
//!   - `app::findings`: the Overview's findings, derived in `update` when
//!     the data or filters change, and grouped by rule there
//!     (`app::findings::by_rule`, pure: one row a rule, critical first,
//!     then by estimated cost, then by count). `Enter` on a rule lists its
//!     findings (`Esc`: back, the rule still selected), `:findings` lists
//!     them all; `Enter` on a finding opens its resource.
//!   - `app::command`: the `:` prompt (views by name, `:findings`,
//!     `:preset NAME`).
//!   - `app::share`: `y`/`Y`/`o` copy the id, ARN, console URL
//!     (`Effect::Copy`), `e` exports the view as CSV (`Effect::Export`).
//!   - `app::preset`: `Msg::ApplyPreset`.
//!   - `app::logs`: the logs view (`l`, `:logs GROUP`, `Mode::Logs`): the
//!     tail's lines in a bounded ring, follow and pause, search, filter
//!     pattern, range, wrap, JSON, copy and save; a target with no logs is
//!     one status line.
//! - [`ui`]: `render(&App, &mut Frame)`; never mutates the app.
//!   - `ui::header`: who and where, refresh age, filters, meter, health
//!     cells (a region's signals as one count when the words do not fit).
//!   - `ui::overlay`: help, pickers, prompts, the detail view, popups.
//!   - `ui::chart`: sparklines and the bar chart with axes.
//!   - `ui::metrics`: the sparkline column, detail charts, Metrics tab, meter.
//!   - `ui::cost`: the Cost tab.
//!   - `ui::overview`: the Overview, the dashboard: health, findings by
//!     rule (or a list of findings), cost.
//!   - `ui::grid`: the Grid view: resources per kind and region.
//!   - `ui::logs`: the logs view over the body; log text only escaped.
//! - [`cache`]: cost snapshots on disk (mode 0600, 6-hour TTL), per account
//!   and endpoint; figures only, never a credential.
//! - [`snapshot`]: the inventory on disk per (region, kind), per account and
//!   endpoint (mode 0600, atomic, size-bounded; never a credential):
//!   `write_listing` is the one writer of a finished listing (the poller
//!   on the app's `Command::Store`, `--once` from `poller::whole`), the TUI
//!   draws it at start, marked cached, before any AWS call; `--once
//!   --changes` compares against it.
//! - [`keymap`]: the key table (modes, actions, bindings); app reads keys
//!   through it, config rebinds it.
//! - [`defaults`]: the default of each flag's setting, defined once.
//! - [`paths`]: the XDG paths of the config file, the cost cache and the log.
//! - [`config`]: the optional TOML config (settings, `[presets.NAME]`,
//!   `[accounts.NAME]` sets, key rebinding), validated at load; `config
//!   init` writes its template.
//! - [`presets`]: flag over preset over config over default, field by field.
//! - [`clipboard`]: the OSC 52 sequence (and tmux's passthrough form) that
//!   the terminal loop writes for `Effect::Copy`.
//! - [`findings`]: the rules (rule id, severity, reason, estimated monthly
//!   waste) over the inventory and fetched metrics; no AWS call of their
//!   own (the series they read over their own window, `FINDINGS_SERIES`,
//!   are fetched by the poller's metrics loop); list prices with their
//!   date, thresholds and ignores from config.
//! - [`output`]: the headless report of `--once` (with `--findings` and
//!   `--fail-on`).
//! - [`doctor`]: `aws-monitor doctor`: one cheap call per listing and region,
//!   what works and what is denied, with the missing IAM action named.
//! - [`views`]: the views (`Tab`): the Overview, one per kind with a view
//!   of its own, Metrics, Cost and the Grid; number keys reach the first
//!   ten, Tab/Shift-Tab and `:name` every one; names for config and presets.
//! - [`run`]: the program `main.rs` calls, at the top beside `tui`
//!   (nothing imports it): `run::plan` makes the pure decisions (flag
//!   combinations, the accounts from flags and config, regions, the
//!   cost-cache key), `run::commands` the subcommands, `run::start` the
//!   identity, accounts, regions and caches and the TUI's start,
//!   `run::once` the `--once` report through `poller::run_cycle`,
//!   `run::logs` the headless `aws-monitor logs`.
//! - [`tui`]: the terminal: raw mode, the event loop (one `step` per input,
//!   every effect through `dispatch`: commands, OSC 52 copies, CSV files),
//!   and restoring the terminal on quit, panic and SIGTERM/SIGHUP.
//!
//! ## Layers
//!
//! Bottom up. A module names only modules on lines above its own in this
//! list: never one on its own line (sideways) or below it (upwards). From
//! line 6 the crate has two sides, the TUI's (`app`, `ui`) and AWS's with
//! the headless report (`aws`, `output`, `poller`, `doctor`); a side never
//! names the other, and `tui` and `run` join them. What two layers share
//! lives in the lower one (`DetailKey` in `kinds`, `Feature` and
//! `COST_REGION` in `model`, `parse_regions` in `presets`). The `layers`
//! test (`src/layers.rs`) reads this list and checks every `crate::` path
//! in each module's code (tests aside); it also fails when two modules of
//! one parent name each other (`aws::actions` and the adapters did).
//!
//! ```text
//! 1. defaults, paths, keymap, clipboard
//! 2. kinds
//! 3. model
//! 4. findings, views, presets, cache, logging
//! 5. snapshot, protocol, cli, config
//! 6. app | aws, output
//! 7. ui | poller, doctor
//! 8. tui
//! 9. run
//! ```

pub mod app;
pub mod aws;
pub mod cache;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod defaults;
pub mod doctor;
pub mod findings;
pub mod keymap;
pub mod kinds;
#[cfg(test)]
mod layers;
pub mod logging;
pub mod model;
pub mod output;
pub mod paths;
pub mod poller;
pub mod presets;
pub mod protocol;
pub mod run;
pub mod snapshot;
pub mod tui;
pub mod ui;
pub mod views;
