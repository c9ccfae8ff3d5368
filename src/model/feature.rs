//! What a group of AWS operations is for: `aws-monitor policy --feature`
//! prints a subset, and each operation of `aws::ops` names its feature.

/// What a group of operations is for; `policy` can print a subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, strum::Display)]
#[strum(serialize_all = "kebab-case")]
pub enum Feature {
    /// Who the caller is, and which regions are enabled.
    Identity,
    /// The resource listings of every cycle.
    Inventory,
    /// CloudWatch metrics (sparklines, detail charts, the Metrics tab and
    /// `--once --metrics`).
    Metrics,
    /// Cost Explorer figures (the Cost tab and `--once --cost`).
    Cost,
    /// Every account of the organization (`--org-role`): list them, and
    /// assume the member-account role in each. Only when asked for.
    Org,
    /// CloudWatch Logs: the logs view (`l`, `:logs`) and `aws-monitor logs`.
    Logs,
}

impl Feature {
    /// What `policy` prints when no feature is named: everything but `org`,
    /// which only the account that lists the organization needs.
    pub const ALL: &'static [Feature] = &[
        Feature::Identity,
        Feature::Inventory,
        Feature::Metrics,
        Feature::Cost,
        Feature::Logs,
    ];
}
