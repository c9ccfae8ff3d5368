//! Colours, with a plain variant for `NO_COLOR`. Every coloured state also
//! has a text marker, so nothing is told by colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::kinds::Tone;

#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub header: Style,
    pub highlight: Style,
    pub selected_tab: Style,
    pub key: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
    pub dim: Style,
}

impl Theme {
    pub fn colour() -> Theme {
        Theme {
            title: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            highlight: Style::new().add_modifier(Modifier::REVERSED),
            selected_tab: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            key: Style::new().fg(Color::Black).bg(Color::Gray),
            good: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
        }
    }

    /// No colours; emphasis by bold, reverse and underline only.
    pub fn plain() -> Theme {
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            header: Style::new().add_modifier(Modifier::BOLD),
            highlight: Style::new().add_modifier(Modifier::REVERSED),
            selected_tab: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            key: Style::new().add_modifier(Modifier::REVERSED),
            good: Style::new(),
            warn: Style::new().add_modifier(Modifier::BOLD),
            bad: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
        }
    }

    /// `NO_COLOR` set to anything non-empty turns colour off.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::plain(),
            _ => Theme::colour(),
        }
    }

    /// The style of a kind's state word, from what the kind's definition
    /// says it means.
    pub fn state(&self, kind: crate::model::ResourceKind, state: &str) -> Style {
        self.tone(kind.def().tone(state))
    }

    /// The style of a tone.
    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Good => self.good,
            Tone::Warn => self.warn,
            Tone::Bad => self.bad,
        }
    }
}
