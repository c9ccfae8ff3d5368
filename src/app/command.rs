//! The `:` command, as in k9s: `:ebs-volume`, `:ec2`, `:cost` jump to a
//! view by its name or an alias, with Tab completion; an unknown name is a
//! one-line error that changes nothing. `:preset NAME` applies a preset
//! from the config file; `:findings` lists every finding on the Overview.

use crossterm::event::{KeyCode, KeyEvent};

use super::prompt::{edit, suggest};
use super::{App, Effect, Mode, Prompt, Tab};

impl App {
    pub(super) fn open_command(&mut self) {
        let mut candidates = Tab::names().to_vec();
        candidates.push(super::FINDINGS_COMMAND.to_string());
        self.view.prompt = Prompt {
            candidates,
            ..Prompt::default()
        };
        self.suggest_commands();
        self.view.mode = Mode::Command;
    }

    pub(super) fn on_command(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => self.view.mode = Mode::Normal,
            KeyCode::Enter => {
                let input = self.view.prompt.input.trim().to_string();
                if input.is_empty() {
                    self.view.mode = Mode::Normal;
                    return vec![];
                }
                if input.eq_ignore_ascii_case(super::FINDINGS_COMMAND) {
                    self.view.mode = Mode::Normal;
                    self.list_all_findings();
                    return vec![];
                }
                if let Some(name) = input.strip_prefix("preset ") {
                    self.view.mode = Mode::Normal;
                    return self.apply_preset(name.trim());
                }
                match Tab::resolve(&input) {
                    Some(tab) => {
                        self.view.tab = tab;
                        self.view.mode = Mode::Normal;
                    }
                    None => self.view.prompt.error = Some(format!("no view named '{input}' (Tab completes)")),
                }
            }
            KeyCode::Tab => {
                self.view.prompt.complete_word();
                self.suggest_commands();
            }
            _ => {
                if edit(&mut self.view.prompt.input, key) {
                    self.view.prompt.error = None;
                    self.suggest_commands();
                }
            }
        }
        vec![]
    }

    /// The names that start with what is typed, shortest first.
    fn suggest_commands(&mut self) {
        self.view.prompt.suggestions = suggest(self.view.prompt.input.trim(), &self.view.prompt.candidates);
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::app::tests::app;
    use crate::app::{Mode, Msg, Tab};
    use crate::model::ResourceKind;

    fn typed(a: &mut crate::app::App, text: &str) {
        for c in text.chars() {
            let _ = a.update(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        }
    }

    fn press(a: &mut crate::app::App, code: KeyCode) {
        let _ = a.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    #[test]
    fn colon_jumps_to_a_view_by_name_or_alias() {
        let mut a = app();
        for (name, tab) in [
            ("ebs-volume", Tab::Kind(ResourceKind::EbsVolume)),
            ("eks-nodegroup", Tab::Kind(ResourceKind::EksCluster)),
            ("cost", Tab::Cost),
            ("ec2", Tab::Kind(ResourceKind::Ec2Instance)),
            ("ng", Tab::Kind(ResourceKind::EksCluster)),
            ("overview", Tab::Overview),
        ] {
            typed(&mut a, ":");
            assert_eq!(a.view.mode, Mode::Command);
            typed(&mut a, name);
            press(&mut a, KeyCode::Enter);
            assert_eq!((a.view.tab, a.view.mode), (tab, Mode::Normal), ":{name}");
        }
    }

    #[test]
    fn an_unknown_name_is_an_error_that_changes_nothing() {
        let mut a = app();
        let before = a.view.tab;
        typed(&mut a, ":nope");
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.view.tab, before);
        assert_eq!(a.view.mode, Mode::Command, "the prompt stays open to fix the name");
        let err = a.view.prompt.error.clone().expect("an error");
        assert!(err.contains("nope") && !err.contains('\n'), "{err}");
        press(&mut a, KeyCode::Esc);
        assert_eq!((a.view.tab, a.view.mode), (before, Mode::Normal));
    }

    #[test]
    fn colon_preset_applies_a_named_preset() {
        let mut a = app();
        a.known.presets.insert(
            "prod".into(),
            crate::presets::Preset {
                tag: Some(vec!["Environment=production".into()]),
                view: Some("cost".into()),
                ..Default::default()
            },
        );
        typed(&mut a, ":preset prod");
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.view.mode, Mode::Normal);
        assert_eq!(a.view.tag_filter.to_string(), "Environment=production");
        assert_eq!(a.view.tab, Tab::Cost);
        typed(&mut a, ":preset nope");
        press(&mut a, KeyCode::Enter);
        assert!(
            a.view.status.as_deref().is_some_and(|s| s.contains("no preset")),
            "{:?}",
            a.view.status
        );
    }

    #[test]
    fn tab_completes_a_name() {
        let mut a = app();
        typed(&mut a, ":ebs-v");
        press(&mut a, KeyCode::Tab);
        assert_eq!(a.view.prompt.input, "ebs-volume");
        typed(&mut a, "");
        press(&mut a, KeyCode::Enter);
        assert_eq!(a.view.tab, Tab::Kind(ResourceKind::EbsVolume));
        typed(&mut a, ":la");
        assert!(
            a.view.prompt.suggestions.contains(&"lambda".to_string()),
            "{:?}",
            a.view.prompt.suggestions
        );
    }
}
