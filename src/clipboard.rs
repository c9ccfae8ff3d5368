//! Copying through the terminal: OSC 52 carries base64 text to the
//! terminal the user sits at, so it works over ssh, from a bastion with no
//! display. Inside tmux the plain sequence reaches tmux (which keeps it and
//! forwards it with `set-clipboard on`), and a DCS passthrough copy reaches
//! the outer terminal directly (tmux's `allow-passthrough on`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// `ESC ] 52 ; c ; <base64> BEL`: set the clipboard to `text`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// The sequence wrapped for tmux's passthrough: `ESC P tmux; <seq with
/// each ESC doubled> ESC \`.
pub fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// What to write to the terminal to copy `text`: the OSC 52 sequence, and
/// inside tmux (`in_tmux`, from `$TMUX`) its passthrough form after it.
pub fn copy_sequence(text: &str, in_tmux: bool) -> String {
    let seq = osc52(text);
    if in_tmux {
        let wrapped = tmux_passthrough(&seq);
        seq + &wrapped
    } else {
        seq
    }
}

/// Whether we run inside tmux (`$TMUX` is set and not empty).
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_between_the_markers() {
        assert_eq!(osc52("i-0abc"), "\x1b]52;c;aS0wYWJj\x07");
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
        // Not only ASCII: base64 of the UTF-8 bytes.
        assert_eq!(osc52("é"), "\x1b]52;c;w6k=\x07");
    }

    #[test]
    fn tmux_gets_the_passthrough_form_too() {
        assert_eq!(copy_sequence("i-0abc", false), "\x1b]52;c;aS0wYWJj\x07");
        assert_eq!(
            copy_sequence("i-0abc", true),
            "\x1b]52;c;aS0wYWJj\x07\x1bPtmux;\x1b\x1b]52;c;aS0wYWJj\x07\x1b\\"
        );
    }
}
