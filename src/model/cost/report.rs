//! The `"cost"` object of `--once --cost`: the Cost tab's figures as
//! two-decimal strings with their unit.

use serde::Serialize;

use super::{CostLine, CostSnapshot, Money, TagCosts};

/// An amount as `--once --cost` prints it: two decimals and the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    pub amount: String,
    pub unit: String,
}

/// One named amount (a service, a region or a tag value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedAmount {
    pub name: String,
    pub amount: String,
    pub unit: String,
}

/// The `"cost"` object of `--once --cost`: the Cost tab's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    /// `cost-explorer` or `cache`.
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Cost Explorer calls made for this report, by API.
    pub calls: std::collections::BTreeMap<String, u32>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub figures: Option<serde_json::Value>,
}

impl CostSnapshot {
    fn amount(&self, m: Money) -> Amount {
        Amount {
            amount: m.two_dp(),
            unit: self.unit.clone(),
        }
    }

    fn named(&self, lines: &[CostLine]) -> Vec<NamedAmount> {
        lines
            .iter()
            .map(|l| NamedAmount {
                name: l.name.clone(),
                amount: l.amount.two_dp(),
                unit: self.unit.clone(),
            })
            .collect()
    }

    /// The figures as JSON, every amount a two-decimal string with its unit.
    pub fn report_figures(&self) -> serde_json::Value {
        use serde_json::json;
        let p = self.projection();
        let forecast = match &self.forecast {
            Ok(f) => json!({
                "status": "ok",
                "month": self.amount(f.month),
                "rest_of_month": self.amount(f.rest_of_month),
            }),
            Err(why) => json!({"status": "unavailable", "error": why}),
        };
        let by_tag = match &self.by_tag {
            TagCosts::NotAsked => json!({"state": "not_asked"}),
            TagCosts::Active { key, lines } => json!({"state": "active", "key": key, "values": self.named(lines)}),
            TagCosts::NotActive { key } => json!({
                "state": "not_active",
                "key": key,
                "note": "cost allocation tags not active: every cost came back untagged",
            }),
        };
        let daily: Vec<serde_json::Value> = self
            .daily
            .iter()
            .map(|(d, m)| json!({"date": d.to_string(), "amount": m.two_dp(), "unit": self.unit}))
            .collect();
        json!({
            "today": self.today.to_string(),
            "fetched_at": self.fetched_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "unit": self.unit,
            "month_to_date": self.amount(self.month_to_date),
            "last_month": self.amount(self.last_month),
            "yesterday": self.amount(self.yesterday),
            "forecast": forecast,
            "projection": {
                "amount": p.amount.two_dp(),
                "unit": self.unit,
                "elapsed_days": p.elapsed_days,
                "days_in_month": p.days_in_month,
                "method": "month_to_date / elapsed_days * days_in_month",
            },
            "by_service": self.named(&self.by_service),
            "by_region": self.named(&self.by_region),
            "by_account": self.named(&self.by_account),
            "by_tag": by_tag,
            "daily": daily,
        })
    }
}

impl CostReport {
    pub fn new(
        result: Result<&CostSnapshot, &crate::model::AwsError>,
        calls: &crate::model::CallCount,
        cached: bool,
    ) -> CostReport {
        CostReport {
            source: if cached { "cache" } else { "cost-explorer" },
            error: result.err().map(ToString::to_string),
            calls: calls.by_api.clone(),
            figures: result.ok().map(CostSnapshot::report_figures),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cost::tests::{d, raw};
    use chrono::DateTime;

    #[test]
    fn the_report_prints_two_decimal_strings_with_the_unit() {
        let s = CostSnapshot::assemble(d("2026-11-25"), DateTime::UNIX_EPOCH, raw());
        let r = CostReport::new(Ok(&s), &crate::model::CallCount::default(), true);
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["source"], "cache");
        assert_eq!(
            v["month_to_date"],
            serde_json::json!({"amount": "612.40", "unit": "USD"})
        );
        assert_eq!(v["last_month"]["amount"], "15.01");
        assert_eq!(v["forecast"]["month"]["amount"], "160.83");
        assert_eq!(
            v["by_service"][1],
            serde_json::json!({"name": "AWS Lambda", "amount": "0.00", "unit": "USD"})
        );
        assert_eq!(v["by_tag"]["values"][0]["name"], "web");
        assert_eq!(v["daily"].as_array().unwrap().len(), 30);
        assert_eq!(
            v["daily"][0],
            serde_json::json!({"date": "2026-10-26", "amount": "0.00", "unit": "USD"})
        );
        assert!(v.get("error").is_none());
        let failed = CostReport::new(
            Err(&crate::model::AwsError::new("AccessDenied", "no")),
            &crate::model::CallCount::default(),
            false,
        );
        let v = serde_json::to_value(&failed).unwrap();
        assert_eq!(v["error"], "AccessDenied: no");
        assert!(v.get("month_to_date").is_none());
    }
}
