//! Presets in the TUI: `App::apply_preset` (`Msg::ApplyPreset`) applies
//! what a named preset sets, and nothing else.

use super::{App, Effect, Tab};
use crate::model::TagFilter;
use crate::presets::Regions;
use crate::protocol::Command;

impl App {
    /// Applies the preset called `name`: its regions, tag filter, refresh
    /// interval and view, where it sets them. Nothing changes when the
    /// preset is unknown or any of its values does not fit this session;
    /// the status line says what happened.
    pub fn apply_preset(&mut self, name: &str) -> Vec<Effect> {
        match self.preset_changes(name) {
            Ok((effects, said)) => {
                self.view.status = Some(format!("preset {name}: {}", said.join(" · ")));
                effects
            }
            Err(e) => {
                self.view.status = Some(e);
                vec![]
            }
        }
    }

    fn preset_changes(&mut self, name: &str) -> Result<(Vec<Effect>, Vec<String>), String> {
        let preset = self.known.presets.get(name).cloned().ok_or_else(|| {
            let known: Vec<&str> = self.known.presets.keys().map(String::as_str).collect();
            match known.is_empty() {
                true => format!("no preset \"{name}\": the config file has none"),
                false => format!("no preset \"{name}\" (presets: {})", known.join(", ")),
            }
        })?;
        // Check everything before changing anything.
        let regions = match &preset.regions {
            None => None,
            Some(Regions::All) => Some(self.known.all_regions.clone()),
            Some(Regions::Named(list)) => {
                if let Some(bad) = list.iter().find(|r| !self.known.all_regions.contains(r)) {
                    return Err(format!("preset {name}: region {bad} is not enabled for this account"));
                }
                Some(list.clone())
            }
        };
        let filter = match &preset.tag {
            Some(tags) => Some(TagFilter::parse_all(tags).map_err(|e| format!("preset {name}: {e}"))?),
            None => None,
        };
        let view = match &preset.view {
            Some(v) => Some(Tab::resolve(v).ok_or_else(|| format!("preset {name}: no view \"{v}\""))?),
            None => None,
        };
        let mut effects = Vec::new();
        let mut said = Vec::new();
        if let Some(regions) = regions {
            said.push(format!("regions {}", regions.join(",")));
            if regions != self.view.regions {
                self.view.regions = regions.clone();
                let kept = &self.view.regions;
                self.known
                    .cells
                    .retain(|(_, r, k), _| kept.contains(r) || (k.is_global() && r == crate::model::GLOBAL));
                effects.push(Effect::Send(Command::SetRegions(regions)));
            }
        }
        if let Some(filter) = filter {
            said.push(match filter.is_empty() {
                true => "no tag filter".to_string(),
                false => format!("tag {filter}"),
            });
            self.view.tag_filter = filter;
        }
        if let Some(d) = preset.refresh {
            said.push(format!("every {}", humantime::format_duration(d)));
            if d != self.known.interval {
                self.known.interval = d;
                effects.push(Effect::Send(Command::SetInterval(d)));
            }
        }
        if let Some(tab) = view {
            said.push(format!("view {}", tab.to_string().to_ascii_lowercase()));
            self.view.tab = tab;
        }
        if said.is_empty() {
            said.push("sets nothing".to_string());
        }
        Ok((effects, said))
    }
}

#[cfg(test)]
mod tests {
    #![allow(unused_must_use, reason = "the tests feed messages for the state they make")]
    use std::time::Duration;

    use super::*;
    use crate::app::Msg;
    use crate::app::tests::{app, instances, started};
    use crate::presets::Preset;

    fn with_presets() -> App {
        let mut a = app();
        started(&mut a);
        instances(&mut a, &[("i-1", "a", "production"), ("i-2", "b", "dev")]);
        a.known.presets.insert(
            "prod".into(),
            Preset {
                regions: Some(Regions::Named(vec!["us-east-1".into(), "us-west-2".into()])),
                tag: Some(vec!["Environment=production".into()]),
                refresh: Some(Duration::from_secs(300)),
                view: Some("overview".into()),
            },
        );
        a.known.presets.insert(
            "mars".into(),
            Preset {
                regions: Some(Regions::Named(vec!["mars-north-1".into()])),
                tag: Some(vec!["Team".into()]),
                ..Preset::default()
            },
        );
        a
    }

    #[test]
    fn a_preset_sets_regions_tag_interval_and_view() {
        let mut a = with_presets();
        let effects = a.update(Msg::ApplyPreset("prod".into()));
        assert_eq!(
            effects[..2],
            [
                Effect::Send(Command::SetRegions(vec!["us-east-1".into(), "us-west-2".into()])),
                Effect::Send(Command::SetInterval(Duration::from_secs(300))),
            ],
            "then what the metrics watch: {effects:?}"
        );
        assert_eq!(a.view.regions, vec!["us-east-1", "us-west-2"]);
        assert_eq!(a.view.tag_filter.to_string(), "Environment=production");
        assert_eq!(a.known.interval, Duration::from_secs(300));
        assert_eq!(a.view.tab, Tab::Overview);
        assert_eq!(
            a.view.status.as_deref(),
            Some("preset prod: regions us-east-1,us-west-2 · tag Environment=production · every 5m · view overview")
        );
        a.update(crate::app::tests::key(crossterm::event::KeyCode::Char('2')));
        assert_eq!(a.view.tab, Tab::Kind(crate::model::ResourceKind::Ec2Instance));
        assert_eq!(a.rows().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec!["i-1"]);
        // Again: nothing to send, nothing changes.
        assert_eq!(a.apply_preset("prod"), vec![]);
    }

    #[test]
    fn what_a_preset_leaves_out_stays() {
        let mut a = with_presets();
        a.known.presets.insert(
            "dev".into(),
            Preset {
                tag: Some(vec!["Environment=dev".into()]),
                ..Preset::default()
            },
        );
        let before = (a.view.regions.clone(), a.known.interval, a.view.tab);
        assert_eq!(a.apply_preset("dev"), vec![]);
        assert_eq!((a.view.regions.clone(), a.known.interval, a.view.tab), before);
        assert_eq!(a.view.tag_filter.to_string(), "Environment=dev");
    }

    #[test]
    fn an_unknown_preset_or_region_changes_nothing() {
        let mut a = with_presets();
        assert_eq!(a.apply_preset("staging"), vec![]);
        assert_eq!(
            a.view.status.as_deref(),
            Some("no preset \"staging\" (presets: mars, prod)")
        );
        assert_eq!(a.apply_preset("mars"), vec![]);
        assert_eq!(
            a.view.status.as_deref(),
            Some("preset mars: region mars-north-1 is not enabled for this account")
        );
        assert!(
            a.view.tag_filter.is_empty(),
            "the tag of a refused preset is not applied"
        );
        let mut none = app();
        none.apply_preset("prod");
        assert_eq!(
            none.view.status.as_deref(),
            Some("no preset \"prod\": the config file has none")
        );
    }
}
