//! Editing helpers for the text prompts (tag filter, search).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::Tags;

/// Applies an editing key to a prompt; returns whether the text changed.
pub(super) fn edit(input: &mut String, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Backspace => input.pop().is_some(),
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            input.clear();
            true
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            input.push(c);
            true
        }
        _ => false,
    }
}

/// The word being typed, without a leading `!`.
pub(super) fn last_word(input: &str) -> &str {
    let word = &input[input.rfind(' ').map_or(0, |i| i + 1)..];
    word.strip_prefix('!').unwrap_or(word)
}

/// Completes the last word of `input` with the shortest candidate it starts.
pub(super) fn complete(input: &str, candidates: &[String]) -> Option<String> {
    let start = input.rfind(' ').map_or(0, |i| i + 1);
    let (head, word) = input.split_at(start);
    let (neg, word) = match word.strip_prefix('!') {
        Some(w) => ("!", w),
        None => ("", word),
    };
    let best = candidates
        .iter()
        .filter(|c| c.starts_with(word) && c.as_str() != word)
        .min_by_key(|c| c.len())?;
    Some(format!("{head}{neg}{best}"))
}

impl super::Prompt {
    /// Tab: completes the word being typed with the shortest candidate.
    pub(super) fn complete_word(&mut self) {
        if let Some(done) = complete(&self.input, &self.candidates) {
            self.input = done;
        }
    }
}

/// A few candidates that complete `word`, shortest first.
pub(super) fn suggest(word: &str, candidates: &[String]) -> Vec<String> {
    let mut found: Vec<&String> = candidates
        .iter()
        .filter(|c| c.starts_with(word) && c.as_str() != word)
        .collect();
    found.sort_by_key(|c| (c.len(), c.as_str()));
    found.into_iter().take(6).cloned().collect()
}

/// Tags of a resource as `k=v` lines, for the detail pane.
pub fn tag_lines(tags: &Tags) -> Vec<String> {
    tags.iter().map(|(k, v)| format!("{k}={v}")).collect()
}
