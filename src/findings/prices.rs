//! The list prices findings estimate waste with: us-east-1 on-demand list
//! prices, as of their date. Estimates, shown as "est."; the config file's
//! `[prices]` table overrides any of them.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::model::cost::Money;

/// The date the default prices were read from the AWS price pages.
pub const PRICES_DATE: &str = "2026-11-01";

/// Hours in a billing month, as AWS prices monthly figures.
pub const HOURS_PER_MONTH: u32 = 730;

/// Prices used by the cost estimates of findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    /// EBS storage per GB-month, by volume type (`gp3`, `io2`, ...).
    pub ebs_gb_month: BTreeMap<String, Money>,
    /// Provisioned IOPS per IOPS-month (io1, io2).
    pub ebs_iops_month: Money,
    /// EBS snapshot storage per GB-month.
    pub snapshot_gb_month: Money,
    /// A public IPv4 address per hour.
    pub ipv4_hour: Money,
    /// An application or network load balancer per hour (its LCUs aside).
    pub lb_hour: Money,
    /// A NAT gateway per hour (its data processed aside).
    pub nat_gateway_hour: Money,
}

fn usd(cents_thousandths: i64) -> Money {
    Money(Decimal::new(cents_thousandths, 3))
}

impl Default for Prices {
    fn default() -> Self {
        let ebs = [
            ("gp3", 80),
            ("gp2", 100),
            ("io1", 125),
            ("io2", 125),
            ("st1", 45),
            ("sc1", 15),
            ("standard", 50),
        ];
        Prices {
            ebs_gb_month: ebs.iter().map(|(t, p)| (t.to_string(), usd(*p))).collect(),
            ebs_iops_month: usd(65),
            snapshot_gb_month: usd(50),
            ipv4_hour: usd(5),
            lb_hour: Money(Decimal::new(225, 4)),
            nat_gateway_hour: usd(45),
        }
    }
}

/// The config file's `[prices]` table: any price may be overridden.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceOverrides {
    #[serde(default)]
    pub ebs_gb_month: BTreeMap<String, Decimal>,
    pub ebs_iops_month: Option<Decimal>,
    pub snapshot_gb_month: Option<Decimal>,
    pub ipv4_hour: Option<Decimal>,
    pub lb_hour: Option<Decimal>,
    pub nat_gateway_hour: Option<Decimal>,
}

impl Prices {
    pub fn with(mut self, o: &PriceOverrides) -> Prices {
        for (t, p) in &o.ebs_gb_month {
            self.ebs_gb_month.insert(t.clone(), Money(*p));
        }
        if let Some(p) = o.ebs_iops_month {
            self.ebs_iops_month = Money(p);
        }
        if let Some(p) = o.snapshot_gb_month {
            self.snapshot_gb_month = Money(p);
        }
        if let Some(p) = o.ipv4_hour {
            self.ipv4_hour = Money(p);
        }
        if let Some(p) = o.lb_hour {
            self.lb_hour = Money(p);
        }
        if let Some(p) = o.nat_gateway_hour {
            self.nat_gateway_hour = Money(p);
        }
        self
    }

    /// A volume's storage per month: size x its type's GB-month price, plus
    /// provisioned IOPS where the type bills them. Unknown types cost as gp3.
    pub fn volume_month(&self, volume_type: &str, size_gib: u64, iops: u64) -> Money {
        let per_gb = self
            .ebs_gb_month
            .get(volume_type)
            .or_else(|| self.ebs_gb_month.get("gp3"))
            .map_or(Decimal::ZERO, |m| m.0);
        let mut total = per_gb * Decimal::from(size_gib);
        if matches!(volume_type, "io1" | "io2") {
            total += self.ebs_iops_month.0 * Decimal::from(iops);
        }
        Money(total)
    }

    pub fn snapshot_month(&self, size_gib: u64) -> Money {
        Money(self.snapshot_gb_month.0 * Decimal::from(size_gib))
    }

    pub fn ipv4_month(&self) -> Money {
        Money(self.ipv4_hour.0 * Decimal::from(HOURS_PER_MONTH))
    }

    /// An application or network load balancer's hours for a month.
    pub fn lb_month(&self) -> Money {
        Money(self.lb_hour.0 * Decimal::from(HOURS_PER_MONTH))
    }

    /// A NAT gateway's hours for a month.
    pub fn nat_gateway_month(&self) -> Money {
        Money(self.nat_gateway_hour.0 * Decimal::from(HOURS_PER_MONTH))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_prices_make_the_monthly_estimates() {
        let p = Prices::default();
        assert_eq!(p.volume_month("gp3", 100, 0).two_dp(), "8.00");
        assert_eq!(p.volume_month("gp2", 100, 0).two_dp(), "10.00");
        assert_eq!(
            p.volume_month("io2", 100, 1000).two_dp(),
            "77.50",
            "12.50 storage + 65.00 IOPS"
        );
        assert_eq!(
            p.volume_month("gp3", 100, 3000).two_dp(),
            "8.00",
            "gp3 IOPS are not billed here"
        );
        assert_eq!(p.volume_month("sc1", 1000, 0).two_dp(), "15.00");
        assert_eq!(p.snapshot_month(40).two_dp(), "2.00");
        assert_eq!(p.ipv4_month().two_dp(), "3.65");
        assert_eq!(p.lb_month().two_dp(), "16.43", "$0.0225 x 730 = 16.425");
    }

    #[test]
    fn overrides_replace_single_prices() {
        let o = PriceOverrides {
            ebs_gb_month: [("gp3".to_string(), Decimal::new(9, 2))].into(),
            ipv4_hour: Some(Decimal::new(1, 2)),
            ..PriceOverrides::default()
        };
        let p = Prices::default().with(&o);
        assert_eq!(p.volume_month("gp3", 100, 0).two_dp(), "9.00");
        assert_eq!(p.volume_month("gp2", 100, 0).two_dp(), "10.00");
        assert_eq!(p.ipv4_month().two_dp(), "7.30");
        assert_eq!(p.lb_month().two_dp(), "16.43", "not overridden");
        let lb = PriceOverrides {
            lb_hour: Some(Decimal::new(3, 2)),
            ..PriceOverrides::default()
        };
        assert_eq!(Prices::default().with(&lb).lb_month().two_dp(), "21.90");
    }

    #[test]
    fn a_nat_gateway_costs_its_hours_and_the_price_can_be_overridden() {
        assert_eq!(Prices::default().nat_gateway_month().two_dp(), "32.85");
        let o = PriceOverrides {
            nat_gateway_hour: Some(Decimal::new(52, 3)),
            ..PriceOverrides::default()
        };
        assert_eq!(Prices::default().with(&o).nat_gateway_month().two_dp(), "37.96");
    }
}
