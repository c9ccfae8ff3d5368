//! Exact decimal money, as Cost Explorer gives it.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An exact amount of money. Sums are decimal, never binary floating point.
/// It prints with two decimals, as Cost Explorer does (`1127.07`); it is
/// stored (in the cache) with every digit Cost Explorer gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses a Cost Explorer amount such as `"0.0101516483"`.
    pub fn parse(text: &str) -> Result<Money, String> {
        Decimal::from_str(text.trim())
            .or_else(|_| Decimal::from_scientific(text.trim()))
            .map(Money)
            .map_err(|e| format!("bad amount {text:?}: {e}"))
    }

    /// Two decimals, half away from zero: `"1127.07"`.
    pub fn two_dp(&self) -> String {
        let rounded = self.0.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        format!("{rounded:.2}")
    }

    /// Whole cents, for charts (negative amounts, i.e. credits, count as 0).
    pub fn cents(&self) -> u64 {
        let cents = (self.0 * Decimal::ONE_HUNDRED).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        rust_decimal::prelude::ToPrimitive::to_u64(&cents).unwrap_or(0)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.two_dp())
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl<'a> std::iter::Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.normalize().to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let text = String::deserialize(d)?;
        Money::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn money_prints_two_decimals_like_cost_explorer() {
        assert_eq!(m("1127.07").to_string(), "1127.07");
        assert_eq!(m("0.0101516483").to_string(), "0.01");
        assert_eq!(m("0.005").to_string(), "0.01");
        assert_eq!(m("0.004999").to_string(), "0.00");
        assert_eq!(m("12").to_string(), "12.00");
        assert_eq!(m("-3.455").to_string(), "-3.46");
        assert_eq!(m("1.5E-7").to_string(), "0.00");
        assert!(Money::parse("twelve").unwrap_err().starts_with("bad amount \"twelve\""));
    }

    #[test]
    fn sums_are_exact_where_floats_drift() {
        let tenth = m("0.1");
        let total: Money = std::iter::repeat_n(tenth, 1000).sum();
        assert_eq!(total, m("100"));
        let float: f64 = std::iter::repeat_n(0.1f64, 1000).sum();
        assert_ne!(float, 100.0, "binary floats drift; decimals do not");
        // Many tiny amounts that each round to 0.00 still add up.
        let tiny: Money = std::iter::repeat_n(m("0.0049"), 1000).sum();
        assert_eq!(tiny.to_string(), "4.90");
    }

    #[test]
    fn money_round_trips_every_digit_through_the_cache() {
        let v = m("0.0101516483");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, "\"0.0101516483\"");
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), v);
    }
}
