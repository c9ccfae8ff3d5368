//! EC2 instances' status checks as a late fact: the worst check of each
//! instance, by id, in 11 bytes an instance (not a `String` each).

use std::fmt;

use compact_str::CompactString;

/// What an instance's worst check says, by number.
const WORST: [&str; 4] = ["ok", "impaired", "initializing", "insufficient-data"];

/// The STATUS of an instance that is not running.
pub const NOT_RUNNING: &str = "–";

/// The worst of each instance's status checks, by instance id. An id as
/// AWS makes them (`i-` and up to 18 lowercase hex digits) is kept as its
/// digit count and its digits two to a byte: 11 bytes an instance with
/// its check, where a `(CompactString, &str)` takes 40. Any other id is
/// kept as text. Built with [`Checks::push`], then [`Checks::sorted`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Checks {
    packed: Vec<([u8; 10], u8)>,
    other: Vec<(CompactString, u8)>,
}

/// An instance id's digit count and hex digits, two to a byte.
fn packed_id(id: &str) -> Option<[u8; 10]> {
    let hex = id.strip_prefix("i-")?;
    if hex.is_empty() || hex.len() > 18 {
        return None;
    }
    let mut out = [0u8; 10];
    out[0] = hex.len() as u8;
    for (i, c) in hex.bytes().enumerate() {
        let digit = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        out[1 + i / 2] |= if i % 2 == 0 { digit << 4 } else { digit };
    }
    Some(out)
}

/// The id [`packed_id`] packed.
fn unpacked(key: &[u8; 10]) -> String {
    let hex = b"0123456789abcdef";
    let digits = (0..key[0] as usize).map(|i| {
        let byte = key[1 + i / 2];
        let digit = if i % 2 == 0 { byte >> 4 } else { byte & 0xf };
        hex[digit as usize] as char
    });
    format!("i-{}", digits.collect::<String>())
}

impl Checks {
    /// The worst check of the instance `id`: `ok`, `impaired`,
    /// `initializing`, else `insufficient-data`.
    pub fn push(&mut self, id: &str, worst: &str) {
        let n = WORST.iter().position(|w| *w == worst).unwrap_or(WORST.len() - 1) as u8;
        match packed_id(id) {
            Some(key) => self.packed.push((key, n)),
            None => self.other.push((id.into(), n)),
        }
    }

    /// Sorted by id, for [`Checks::get`]; the buffer no larger than it is.
    pub fn sorted(mut self) -> Checks {
        self.packed.sort_unstable_by_key(|e| e.0);
        self.packed.shrink_to_fit();
        self.other.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self
    }

    /// The worst check of the instance `id`, if it has any.
    pub fn get(&self, id: &str) -> Option<&'static str> {
        let n = match packed_id(id) {
            Some(key) => self
                .packed
                .binary_search_by_key(&key, |e| e.0)
                .ok()
                .map(|at| self.packed[at].1),
            None => self
                .other
                .binary_search_by(|e| e.0.as_str().cmp(id))
                .ok()
                .map(|at| self.other[at].1),
        }?;
        Some(WORST[n as usize])
    }

    /// What the STATUS column says for the instance `id` in `state`: `–`
    /// unless it runs; else its worst check, and `insufficient-data` when
    /// AWS reports none yet.
    pub fn status(&self, id: &str, state: &str) -> &'static str {
        match state {
            "running" => self.get(id).unwrap_or("insufficient-data"),
            _ => NOT_RUNNING,
        }
    }
}

/// Each instance's id and worst check, as text: `{"i-0a": "ok"}`.
impl fmt::Debug for Checks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let packed = self.packed.iter().map(|(k, n)| (unpacked(k), WORST[*n as usize]));
        let other = self.other.iter().map(|(k, n)| (k.to_string(), WORST[*n as usize]));
        f.debug_map().entries(packed.chain(other)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_are_found_by_any_instance_id() {
        let mut checks = Checks::default();
        let ids = [
            ("i-0123456789abcdef0", "impaired"),
            ("i-0123456789abcdef", "ok"),
            ("i-12345678", "initializing"),
            ("i-0a", "ok"),
            ("i-0a0", "insufficient-data"),
            ("i-NOTHEX", "impaired"),
            ("odd", "initializing"),
        ];
        for (id, worst) in ids.iter().rev() {
            checks.push(id, worst);
        }
        let checks = checks.sorted();
        assert_eq!(checks.other.len(), 2, "only the ids that are not hex are kept as text");
        for (id, worst) in ids {
            assert_eq!(checks.get(id), Some(worst), "{id}");
        }
        for missing in ["i-0123456789abcdef1", "i-0", "i-00a", "i-", "i-notthere", ""] {
            assert_eq!(checks.get(missing), None, "{missing}");
        }
        assert_eq!(std::mem::size_of::<([u8; 10], u8)>(), 11);
        for (id, _) in &ids[..5] {
            assert_eq!(packed_id(id).map(|k| unpacked(&k)).as_deref(), Some(*id));
        }
    }

    #[test]
    fn the_status_is_a_dash_unless_running() {
        let mut checks = Checks::default();
        checks.push("i-1", "impaired");
        let checks = checks.sorted();
        assert_eq!(checks.status("i-1", "running"), "impaired");
        assert_eq!(checks.status("i-2", "running"), "insufficient-data");
        assert_eq!(checks.status("i-1", "stopped"), "–");
    }
}
