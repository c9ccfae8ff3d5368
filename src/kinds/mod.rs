//! The kind registry: one file per resource kind describes everything the
//! app, the views, the help and `--once` need to know about it. Its AWS
//! adapter lives in `src/aws/inventory/` (same file name) and implements
//! `aws::inventory::Listing`. Plain data: no tokio, AWS SDK or ratatui.
//!
//! Adding a kind: a kind file here and its line in [`registry!`] below, an
//! adapter file there and its line in that module's table. A kind missing a
//! piece fails to compile (the `def` and adapter matches are exhaustive) or
//! fails a test that names it (`every_kind_is_whole` here,
//! `every_kind_has_one_listing` there).

mod column;
mod detail;

use std::sync::LazyLock;

use serde::Serialize;

pub use column::{
    ACCOUNT, Column, Field, HEALTH, REGION, Role, age, age_of, coarse_duration, col, count, health, id, name, num,
    short_duration, state, text,
};
pub use detail::DetailKey;

/// Where a kind is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once per region.
    Regional,
    /// Once per account (under the pseudo-region [`crate::model::GLOBAL`]),
    /// each resource then placed in its own region.
    Global,
}

/// What a state word says, shown by colour and by the word itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Up and well: counted as up on the Overview.
    Good,
    /// In between, or unknown.
    Warn,
    /// Down, failed or going away.
    Bad,
}

/// Everything about one resource kind.
#[derive(Debug)]
pub struct KindDef {
    /// The kind itself (a test checks each file names its own).
    pub kind: ResourceKind,
    /// The AWS service prefix (`ec2`), as JSON and CSV name it.
    pub service: &'static str,
    pub scope: Scope,
    /// A plural title: `EC2 instances`.
    pub title: &'static str,
    /// The tab label: `EC2`.
    pub short: &'static str,
    /// One of it: `instance`, `nodegroup` (a view of several kinds shows it).
    pub noun: &'static str,
    /// Short names for the `:` command, besides the kind name.
    pub aliases: &'static [&'static str],
    /// The number key of its view, if it has one (`1`, `9` and `0` are the
    /// Overview, Metrics and Cost).
    pub key: Option<char>,
    /// Listed by another kind's listing (EKS nodegroups are listed per
    /// cluster, so with the clusters).
    pub listed_with: Option<ResourceKind>,
    /// Shown in another kind's view instead of its own (EKS nodegroups in
    /// the EKS clusters view).
    pub shown_in: Option<ResourceKind>,
    /// The table columns of its view (REGION is added when several regions
    /// show).
    pub columns: &'static [Column],
    /// The column the view sorts by at first.
    pub sort: usize,
    /// State words by what they say (compared without regard to case);
    /// any other word is [`Tone::Warn`].
    pub states: States,
    /// Its CloudWatch metrics, headline first.
    pub metrics: Metrics,
    /// Whether its table shows the headline metric as a sparkline column.
    pub sparkline: bool,
    /// Its ARN, from `{p}` (partition), `{region}`, `{account}` and `{id}`;
    /// `None` where it cannot be built (it then comes from detail `arn`).
    pub arn: Option<&'static str>,
    /// Its console page, from `{host}` (the region's console), `{global}`
    /// (the global console), `{region}`, `{id}`, and `{id_head}`/`{id_tail}`
    /// (an id's parts around its first `/`).
    pub console: &'static str,
    /// Details known only when the whole listing has ended, from another
    /// listing ([`crate::model::Late`]): a row listed again is compared
    /// without them.
    pub late: &'static [DetailKey],
    /// Where its resources write their logs (`l` opens them, `aws-monitor
    /// logs KIND/ID` prints them); `None`: no logs known.
    pub logs: Option<LogsOf>,
}

/// Where a kind's resources write their logs in CloudWatch Logs, from a
/// row's id (`{id}`) or one of its details. The logs view and `aws-monitor
/// logs` resolve it (`model::logs::LogTarget::of`); nothing else names a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogsOf {
    /// One log group, named from the id: `/aws/lambda/{id}`.
    Group(&'static str),
    /// Every log group whose name starts with this, from the id:
    /// `/aws/rds/instance/{id}/` (one group per log type the instance exports).
    GroupPrefix(&'static str),
    /// The `awslogs` group and stream prefix of the task definition whose
    /// ARN is in this detail (an ECS service's).
    TaskDefinition(DetailKey),
}

/// A kind's state words, by what they say.
#[derive(Debug, Clone, Copy)]
pub struct States {
    pub good: &'static [&'static str],
    pub warn: &'static [&'static str],
    pub bad: &'static [&'static str],
}

impl States {
    /// No words: each kind names its own over this.
    pub const NONE: States = States {
        good: &[],
        warn: &[],
        bad: &[],
    };

    /// Every word with its tone: good, then warn, then bad.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Tone)> + use<> {
        let tagged = |words: &'static [&'static str], tone| words.iter().map(move |w| (*w, tone));
        tagged(self.good, Tone::Good)
            .chain(tagged(self.warn, Tone::Warn))
            .chain(tagged(self.bad, Tone::Bad))
    }

    /// The tone of `word` (compared without regard to case), if named.
    pub fn tone_of(&self, word: &str) -> Option<Tone> {
        self.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|(_, t)| t)
    }
}

impl KindDef {
    /// A regional kind with its names, and nothing else yet: no key, columns, states, metrics, ARN or console page, listed and shown
    /// on its own, sorted by its first column. Each kind file sets what it
    /// has over this (`..KindDef::new(..)`); `every_kind_is_whole` fails a
    /// kind that forgets a piece it needs.
    pub const fn new(
        kind: ResourceKind,
        service: &'static str,
        title: &'static str,
        short: &'static str,
        noun: &'static str,
        aliases: &'static [&'static str],
    ) -> KindDef {
        KindDef {
            kind,
            service,
            scope: Scope::Regional,
            title,
            short,
            noun,
            aliases,
            key: None,
            listed_with: None,
            shown_in: None,
            columns: &[],
            sort: 0,
            states: States::NONE,
            metrics: Metrics::NONE,
            sparkline: false,
            arn: None,
            console: "",
            late: &[],
            logs: None,
        }
    }

    /// What a state word says for this kind (a word it does not name is
    /// in between).
    pub fn tone(&self, state: &str) -> Tone {
        self.states.tone_of(state).unwrap_or(Tone::Warn)
    }

    pub fn is_up(&self, state: &str) -> bool {
        self.tone(state) == Tone::Good
    }
}

/// A kind's CloudWatch metrics: its namespace, the dimension that names
/// one of its resources, and the metrics, headline first.
#[derive(Debug, Clone, Copy)]
pub struct Metrics {
    pub namespace: &'static str,
    pub dimension: &'static str,
    pub list: &'static [Metric],
}

impl Metrics {
    /// No metrics.
    pub const NONE: Metrics = Metrics {
        namespace: "",
        dimension: "",
        list: &[],
    };
}

/// One metric: its name, the statistic asked for, and its unit.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    pub name: &'static str,
    pub stat: &'static str,
    pub unit: &'static str,
}

pub const fn average(name: &'static str, unit: &'static str) -> Metric {
    Metric {
        name,
        stat: "Average",
        unit,
    }
}

pub const fn sum(name: &'static str, unit: &'static str) -> Metric {
    Metric {
        name,
        stat: "Sum",
        unit,
    }
}

pub const fn minimum(name: &'static str, unit: &'static str) -> Metric {
    Metric {
        name,
        stat: "Minimum",
        unit,
    }
}

pub const fn maximum(name: &'static str, unit: &'static str) -> Metric {
    Metric {
        name,
        stat: "Maximum",
        unit,
    }
}

/// Declares detail keys: each a `pub const` [`DetailKey`] whose key is its
/// name in lower case (`STORAGE_GIB` is `storage_gib`) and whose column
/// title is its name in words (`STORAGE GIB`), doc comments kept.
macro_rules! detail_keys {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        $(#[$doc])*
        pub const $name: $crate::kinds::DetailKey = {
            const NAME: &str = stringify!($name);
            const KEY: [u8; NAME.len()] = $crate::kinds::spelled(NAME, true);
            const TITLE: [u8; NAME.len()] = $crate::kinds::spelled(NAME, false);
            $crate::kinds::DetailKey::titled(
                $crate::kinds::utf8(&KEY),
                $crate::kinds::utf8(&TITLE),
            )
        };
    )*};
}

/// A constant's name as a key (lower case) or as a title (`_` a space),
/// as bytes (for [`detail_keys!`]).
pub(crate) const fn spelled<const N: usize>(name: &str, key: bool) -> [u8; N] {
    let bytes = name.as_bytes();
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = match bytes[i] {
            b'_' if !key => b' ',
            b => {
                if key {
                    b.to_ascii_lowercase()
                } else {
                    b
                }
            }
        };
        i += 1;
    }
    out
}

/// The text of what [`spelled`] made (for [`detail_keys!`]; a constant's
/// name is always UTF-8, so the panic cannot fire).
pub(crate) const fn utf8(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("a constant's name is UTF-8"),
    }
}

/// Declares the kinds from their modules (declared above, outside the
/// macro, so that `cargo fmt` sees them): the enum and the exhaustive map
/// from a kind to its definition. The order is the order of the views and
/// of `--once` output.
macro_rules! registry {
    ($($variant:ident => $module:ident,)*) => {

        /// Every resource kind the inventory collects.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize,
            strum::Display, strum::EnumIter, strum::EnumString,
        )]
        #[serde(rename_all = "kebab-case")]
        #[strum(serialize_all = "kebab-case")]
        pub enum ResourceKind {
            $($variant,)*
        }

        impl ResourceKind {
            /// The kind's definition, from its file.
            pub fn def(self) -> &'static KindDef {
                match self {
                    $(ResourceKind::$variant => &$module::KIND,)*
                }
            }
        }
    };
}

// The kind files: plain items, so that `cargo fmt` formats them
// (`kind_files_are_plain_modules`), after `detail_keys!` so that they can
// use it.
pub mod ami;
pub mod autoscaling_group;
pub mod cloudwatch_alarm;
pub mod ebs_snapshot;
pub mod ebs_volume;
pub mod ec2_instance;
pub mod ecs_cluster;
pub mod ecs_service;
pub mod eks_cluster;
pub mod eks_nodegroup;
pub mod elastic_ip;
pub mod emr_cluster;
pub mod key_pair;
pub mod lambda_function;
pub mod load_balancer;
pub mod nat_gateway;
pub mod rds_instance;
pub mod s3_bucket;
pub mod security_group;
pub mod subnet;
pub mod target_group;
pub mod vpc;

registry! {
    Ec2Instance => ec2_instance,
    EbsVolume => ebs_volume,
    SecurityGroup => security_group,
    Ami => ami,
    EbsSnapshot => ebs_snapshot,
    ElasticIp => elastic_ip,
    RdsInstance => rds_instance,
    S3Bucket => s3_bucket,
    LambdaFunction => lambda_function,
    EksCluster => eks_cluster,
    EksNodegroup => eks_nodegroup,
    EmrCluster => emr_cluster,
    Vpc => vpc,
    Subnet => subnet,
    CloudwatchAlarm => cloudwatch_alarm,
    EcsCluster => ecs_cluster,
    EcsService => ecs_service,
    LoadBalancer => load_balancer,
    TargetGroup => target_group,
    AutoscalingGroup => autoscaling_group,
    NatGateway => nat_gateway,
    KeyPair => key_pair,
}

impl ResourceKind {
    /// Every kind, in registry order.
    pub fn all() -> &'static [ResourceKind] {
        static ALL: LazyLock<Vec<ResourceKind>> = LazyLock::new(|| {
            use strum::IntoEnumIterator;
            ResourceKind::iter().collect()
        });
        &ALL
    }

    /// The AWS service prefix (`ec2`).
    pub fn service(self) -> &'static str {
        self.def().service
    }

    /// Whether the kind is listed once per account rather than once per region.
    pub fn is_global(self) -> bool {
        self.def().scope == Scope::Global
    }

    /// The kind whose view shows this one (itself, mostly).
    pub fn view_kind(self) -> ResourceKind {
        self.def().shown_in.unwrap_or(self)
    }

    /// The kinds a kind's view shows: itself first, then those shown in it.
    pub fn view_members(self) -> &'static [ResourceKind] {
        static MEMBERS: LazyLock<Vec<Vec<ResourceKind>>> = LazyLock::new(|| members(|d| d.shown_in));
        &MEMBERS[self as usize]
    }

    /// The kinds one listing of this kind reports: itself first, then those
    /// listed with it.
    pub fn listing_members(self) -> &'static [ResourceKind] {
        static MEMBERS: LazyLock<Vec<Vec<ResourceKind>>> = LazyLock::new(|| members(|d| d.listed_with));
        &MEMBERS[self as usize]
    }

    /// Whether the kind has a listing of its own (it is not listed with another).
    pub fn has_own_listing(self) -> bool {
        self.def().listed_with.is_none()
    }
}

/// For each kind (by index), itself and the kinds that name it through `link`.
fn members(link: fn(&KindDef) -> Option<ResourceKind>) -> Vec<Vec<ResourceKind>> {
    ResourceKind::all()
        .iter()
        .map(|&k| {
            std::iter::once(k)
                .chain(ResourceKind::all().iter().copied().filter(|m| link(m.def()) == Some(k)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Each kind's file describes that kind, completely and consistently.
    #[test]
    fn every_kind_is_whole() {
        let mut names = HashSet::new();
        let mut keys = HashSet::new();
        for &k in ResourceKind::all() {
            let d = k.def();
            assert_eq!(d.kind, k, "{k}: its file names another kind");
            assert!(
                !d.service.is_empty() && !d.title.is_empty() && !d.short.is_empty() && !d.noun.is_empty(),
                "{k}"
            );
            for name in std::iter::once(k.to_string()).chain(d.aliases.iter().map(|a| a.to_string())) {
                assert!(names.insert(name.clone()), "{k}: name or alias {name} is taken");
            }
            if let Some(c) = d.key {
                assert!(('2'..='8').contains(&c), "{k}: key {c} belongs to another view");
                assert!(keys.insert(c), "{k}: key {c} is taken");
            }
            if let Some(host) = d.listed_with {
                assert_eq!(
                    host.def().listed_with,
                    None,
                    "{k}: listed with a kind that is itself listed with another"
                );
                assert_eq!(host.def().scope, d.scope, "{k}: listed with a kind of another scope");
            }
            match d.shown_in {
                Some(host) => {
                    assert_eq!(
                        host.def().shown_in,
                        None,
                        "{k}: shown in a kind that is itself shown elsewhere"
                    );
                    assert!(d.key.is_none(), "{k}: has no view of its own, so no key");
                }
                None => {
                    assert!(!d.columns.is_empty(), "{k}: a view needs columns");
                    assert!(d.sort < d.columns.len(), "{k}: sort column out of range");
                }
            }
            assert!(
                !d.sparkline || !d.metrics.list.is_empty(),
                "{k}: a sparkline needs a metric"
            );
            assert!(!d.states.good.is_empty(), "{k}: no state is up");
            for c in d.columns {
                assert_eq!(
                    c.field == Field::State,
                    c.role == Role::State,
                    "{k}: {}: the state word's column, and only it, has the State role",
                    c.title
                );
            }
            assert!(d.console.starts_with("https://{"), "{k}: no console page");
        }
    }

    #[test]
    fn kind_names_are_kebab_case_and_parse_back() {
        for &k in ResourceKind::all() {
            let name = k.to_string();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{name}"
            );
            assert_eq!(name.parse::<ResourceKind>().ok(), Some(k));
        }
        assert_eq!(ResourceKind::EbsVolume.to_string(), "ebs-volume");
        assert_eq!(ResourceKind::EbsVolume.service(), "ec2");
    }

    #[test]
    fn detail_keys_are_their_names_in_lower_case_and_titled_in_words() {
        assert_eq!(ec2_instance::STATUS_CHECKS.as_str(), "status_checks");
        assert_eq!(ec2_instance::STATUS_CHECKS.title(), "STATUS CHECKS");
        assert_eq!(cloudwatch_alarm::PERIOD_S.as_str(), "period_s");
        assert_eq!(eks_nodegroup::VERSION, eks_cluster::VERSION);
    }

    #[test]
    fn tones_ignore_case_and_default_to_warn() {
        let d = ResourceKind::Ec2Instance.def();
        assert_eq!(d.tone("RUNNING"), Tone::Good);
        assert_eq!(d.tone("stopped"), Tone::Bad);
        assert_eq!(d.tone("pending"), Tone::Warn);
        assert_eq!(d.tone("something-new"), Tone::Warn);
    }

    /// `cargo fmt` skips a module declared inside a macro: every file here
    /// is a plain `mod` item of this file, and each but the shared ones
    /// (columns, detail keys) is a kind's, in `registry!`.
    #[test]
    fn kind_files_are_plain_modules() {
        const SHARED: &[&str] = &["column", "detail"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kinds");
        let this = std::fs::read_to_string(dir.join("mod.rs")).expect("read kinds/mod.rs");
        let mut kinds = 0;
        for entry in std::fs::read_dir(&dir).expect("read src/kinds").flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(module) = file.strip_suffix(".rs").filter(|m| *m != "mod") else {
                continue;
            };
            let declared = this
                .lines()
                .any(|l| l == format!("pub mod {module};") || l == format!("mod {module};"));
            assert!(declared, "{file}: not declared as a plain `mod {module};` line");
            if !SHARED.contains(&module) {
                let registered = ResourceKind::all()
                    .iter()
                    .any(|k| k.to_string().replace('-', "_") == module);
                assert!(registered, "{file}: a kind file with no line in `registry!`");
                kinds += 1;
            }
        }
        assert_eq!(kinds, ResourceKind::all().len(), "a file per kind");
    }

    #[test]
    fn nodegroups_show_in_the_eks_view() {
        assert_eq!(ResourceKind::EksNodegroup.view_kind(), ResourceKind::EksCluster);
        assert_eq!(
            ResourceKind::EksCluster.view_members(),
            &[ResourceKind::EksCluster, ResourceKind::EksNodegroup]
        );
        assert_eq!(ResourceKind::Ec2Instance.view_members(), &[ResourceKind::Ec2Instance]);
    }
}
