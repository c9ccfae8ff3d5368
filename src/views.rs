//! The views (the tab bar): the Overview, one per kind with a view of its
//! own (from the kind registry), Metrics, Cost and the Grid; their names
//! for `:`, the config file and presets. Plain data, below app and config.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use crate::kinds::{ACCOUNT, Column, REGION};
use crate::model::ResourceKind;

/// A view: the Overview, one kind's table, the Metrics tab or the Cost tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Overview,
    /// The table of a kind (and of the kinds shown in it).
    Kind(ResourceKind),
    /// The top resources by a chosen metric.
    Metrics,
    /// Cost Explorer figures.
    Cost,
    /// Resources per kind and region.
    Grid,
    /// Resources added, removed or changed state (`:changes`; not in the tab bar).
    Changes,
}

impl Tab {
    /// Every view in tab-bar order: the Overview, the kinds with a number
    /// key (by key), Metrics (9), Cost (0), the Grid, then every other kind
    /// with a view of its own, in registry order (reached by Tab and `:`).
    pub fn all() -> &'static [Tab] {
        static ALL: LazyLock<Vec<Tab>> = LazyLock::new(|| {
            let own: Vec<ResourceKind> = ResourceKind::all()
                .iter()
                .copied()
                .filter(|k| k.def().shown_in.is_none())
                .collect();
            let mut keyed: Vec<ResourceKind> = own.iter().copied().filter(|k| k.def().key.is_some()).collect();
            keyed.sort_by_key(|k| k.def().key);
            std::iter::once(Tab::Overview)
                .chain(keyed.into_iter().map(Tab::Kind))
                .chain([Tab::Metrics, Tab::Cost, Tab::Grid])
                .chain(own.into_iter().filter(|k| k.def().key.is_none()).map(Tab::Kind))
                .collect()
        });
        &ALL
    }

    /// The kinds the view shows.
    pub fn kinds(self) -> &'static [ResourceKind] {
        match self {
            Tab::Kind(k) => k.view_members(),
            Tab::Overview | Tab::Metrics | Tab::Cost | Tab::Grid | Tab::Changes => &[],
        }
    }

    /// The number key that picks the view, if it has one.
    pub fn key(self) -> Option<char> {
        match self {
            Tab::Overview => Some('1'),
            Tab::Kind(k) => k.def().key,
            Tab::Metrics => Some('9'),
            Tab::Cost => Some('0'),
            Tab::Grid | Tab::Changes => None,
        }
    }

    /// The view's table columns (the Region column is added when several
    /// regions are shown).
    pub fn columns(self) -> &'static [Column] {
        match self {
            Tab::Kind(k) => k.def().columns,
            Tab::Overview | Tab::Metrics | Tab::Cost | Tab::Grid | Tab::Changes => &[],
        }
    }

    /// The column the view sorts by at first (an index into [`Tab::columns`]).
    pub fn default_sort(self) -> usize {
        match self {
            Tab::Kind(k) => k.def().sort,
            Tab::Overview | Tab::Metrics | Tab::Cost | Tab::Grid | Tab::Changes => 0,
        }
    }

    /// The name `:` takes: the kind name for a kind's view.
    pub fn name(self) -> Cow<'static, str> {
        match self {
            Tab::Overview => "overview".into(),
            Tab::Kind(k) => k.to_string().into(),
            Tab::Metrics => "metrics".into(),
            Tab::Cost => "cost".into(),
            Tab::Grid => "grid".into(),
            Tab::Changes => "changes".into(),
        }
    }

    /// Other names `:` takes for the view.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Tab::Overview => &["o", "home"],
            Tab::Kind(k) => k.def().aliases,
            Tab::Metrics => &["m"],
            Tab::Cost => &["bill"],
            Tab::Grid => &["counts"],
            Tab::Changes => &["ch"],
        }
    }

    /// The view a `:` name stands for: a view's name or alias, or the name
    /// or alias of a kind shown in a view (`:eks-nodegroup`, `:ng`).
    pub fn resolve(name: &str) -> Option<Tab> {
        let name = name.trim().to_ascii_lowercase();
        let tab = Tab::all()
            .iter()
            .chain([&Tab::Changes])
            .copied()
            .find(|t| t.name() == name || t.aliases().contains(&name.as_str()));
        tab.or_else(|| {
            ResourceKind::all()
                .iter()
                .find(|k| k.to_string() == name || k.def().aliases.contains(&name.as_str()))
                .map(|&k| Tab::for_kind(k))
        })
    }

    /// Every name and alias `:` takes, sorted, for completion.
    pub fn names() -> &'static [String] {
        static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
            let mut out: Vec<String> = Tab::all()
                .iter()
                .chain([&Tab::Changes])
                .flat_map(|t| std::iter::once(t.name().into_owned()).chain(t.aliases().iter().map(|a| a.to_string())))
                .chain(
                    ResourceKind::all().iter().flat_map(|k| {
                        std::iter::once(k.to_string()).chain(k.def().aliases.iter().map(|a| a.to_string()))
                    }),
                )
                .collect();
            out.sort();
            out.dedup();
            out
        });
        &NAMES
    }

    /// The view that shows a kind.
    pub fn for_kind(kind: ResourceKind) -> Tab {
        Tab::Kind(kind.view_kind())
    }

    /// The columns whose sort keys are kept per row: the view's columns,
    /// REGION and ACCOUNT.
    pub fn key_columns(self) -> Vec<Column> {
        let mut cols = self.columns().to_vec();
        cols.extend([REGION, ACCOUNT]);
        cols
    }
}

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tab::Overview => f.write_str("Overview"),
            Tab::Kind(k) => f.write_str(k.def().short),
            Tab::Metrics => f.write_str("Metrics"),
            Tab::Cost => f.write_str("Cost"),
            Tab::Grid => f.write_str("Grid"),
            Tab::Changes => f.write_str("Changes"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_is_reached_by_name_and_the_numbered_ones_by_key() {
        let all = Tab::all();
        assert_eq!(all[0], Tab::Overview);
        // Keys 1-9 then 0 pick the first ten views, in order.
        for (i, t) in all.iter().take(10).enumerate() {
            let want = char::from_digit(((i + 1) % 10) as u32, 10);
            assert_eq!(t.key(), want, "{t}");
        }
        assert!(all.iter().skip(10).all(|t| t.key().is_none()));
        assert_eq!(Tab::resolve("grid"), Some(Tab::Grid));
        assert_eq!(all[8], Tab::Metrics);
        assert_eq!(all[9], Tab::Cost);
        for t in all {
            assert_eq!(Tab::resolve(&t.name()), Some(*t), "{t}");
            for a in t.aliases() {
                assert_eq!(Tab::resolve(a), Some(*t), "{a}");
            }
        }
        // Every kind has a view, its own or its host's.
        for &k in ResourceKind::all() {
            assert!(all.contains(&Tab::for_kind(k)), "{k}");
            assert_eq!(Tab::resolve(&k.to_string()), Some(Tab::for_kind(k)));
        }
        assert_eq!(Tab::resolve("ec2"), Some(Tab::Kind(ResourceKind::Ec2Instance)));
        assert_eq!(Tab::resolve(" EBS "), Some(Tab::Kind(ResourceKind::EbsVolume)));
        assert_eq!(Tab::resolve("ng"), Some(Tab::Kind(ResourceKind::EksCluster)));
        assert_eq!(Tab::resolve("eks-nodegroup"), Some(Tab::Kind(ResourceKind::EksCluster)));
        for a in [
            "ec2", "ebs", "rds", "s3", "lambda", "eks", "ng", "emr", "metrics", "cost", "overview",
        ] {
            assert!(Tab::resolve(a).is_some(), "{a}");
        }
        assert_eq!(Tab::resolve("nope"), None);
        assert!(Tab::names().contains(&"ebs-volume".to_string()));
    }
}
