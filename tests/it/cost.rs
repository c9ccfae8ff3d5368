//! Cost Explorer through the real SDK: against moto with the seeder's queued
//! results, GetCostForecast from a recorded response through the fault proxy,
//! the disk cache across two starts of the real binary, and the poller never
//! fetching cost on the inventory interval.

use std::sync::Arc;
use std::time::Duration;

use aws_monitor::aws::{Aws, AwsSettings};
use aws_monitor::cache::CostCache;
use aws_monitor::model::cost::{CostSnapshot, Money, RawCost, TagCosts, UNTAGGED};
use aws_monitor::poller::{self, CostSettings, Event, PollerConfig};
use chrono::{DateTime, NaiveDate, Utc};

use crate::support::proxy::{Fault, FaultProxy, Rule};
use crate::support::{Moto, Profile, binary, estate, run, seed};

/// A GetCostForecast answer as Cost Explorer sends it.
const RECORDED_FORECAST: &str = r#"{"Total":{"Amount":"702.1234567","Unit":"USD"},"ForecastResultsByTime":[{"TimePeriod":{"Start":"2028-03-03","End":"2028-04-01"},"MeanValue":"702.1234567","PredictionIntervalLowerBound":"650.0","PredictionIntervalUpperBound":"760.5"}]}"#;

fn noon(day: &str) -> DateTime<Utc> {
    format!("{day}T12:00:00Z").parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A moto of its own with the seeder's three month-to-date results queued,
/// then one DAILY result (moto hands each new query the next in line).
fn cost_moto(daily: &[(&str, &str)]) -> Moto {
    let _ = estate(); // the test profile and environment
    let moto = Moto::start();
    seed::cost(&moto.url).expect("queue the seeder's cost results");
    let days: Vec<_> = daily
        .iter()
        .map(|(d, amount)| {
            let next = day(d).succ_opt().unwrap();
            serde_json::json!({"TimePeriod": {"Start": d, "End": next.to_string()},
                "Total": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}, "Groups": [], "Estimated": false})
        })
        .collect();
    let body = serde_json::json!({"results": [{"ResultsByTime": days}]});
    moto.post("/moto-api/static/ce/cost-and-usage-results", &body.to_string());
    moto
}

async fn aws(url: &str) -> Aws {
    let settings = AwsSettings {
        endpoint_url: Some(url.to_string()),
        max_attempts: 1,
        ..Default::default()
    };
    Aws::load(&settings).await.expect("load profile")
}

/// Days around the leap day, for a snapshot taken on 2028-03-01.
const LEAP_DAYS: [(&str, &str); 5] = [
    ("2028-01-31", "1.00"),   // in the last 30 days, not in last month
    ("2028-02-01", "2.005"),  // first day of last month
    ("2028-02-15", "3.10"),   //
    ("2028-02-29", "4.2049"), // yesterday, the leap day
    ("2028-03-01", "9.99"),   // today: in no whole-day figure
];

#[tokio::test(flavor = "multi_thread")]
async fn figures_and_day_boundaries_against_moto() {
    let moto = cost_moto(&LEAP_DAYS);
    let fetch = aws(&moto.url).await.cost(noon("2028-03-01"), Some("Team")).await;
    let s = fetch.result.expect("cost figures");
    assert_eq!(s.unit, "USD");
    assert_eq!(
        s.month_to_date.to_string(),
        "1127.07",
        "the seeder's services, summed exactly"
    );
    assert_eq!(s.by_service.len(), 6);
    assert_eq!(s.by_service[0].name, "Amazon Elastic Compute Cloud - Compute");
    assert_eq!(s.by_service[0].amount.to_string(), "612.40");
    let regions: Vec<_> = s
        .by_region
        .iter()
        .map(|l| (l.name.as_str(), l.amount.to_string()))
        .collect();
    assert_eq!(
        regions,
        vec![
            ("us-east-1", "598.21".to_string()),
            ("us-west-2", "301.44".to_string()),
            ("eu-west-1", "227.42".to_string())
        ]
    );
    let TagCosts::Active { key, lines } = &s.by_tag else {
        panic!("Team is active in the seed: {:?}", s.by_tag)
    };
    assert_eq!(key, "Team");
    assert_eq!(lines[0].name, "web");
    assert_eq!(
        lines.last().map(|l| (l.name.as_str(), l.amount.to_string())),
        Some((UNTAGGED, "35.00".into()))
    );
    // Exclusive end dates: last month is Feb 1 up to (not including) Mar 1.
    assert_eq!(s.last_month.to_string(), "9.31", "2.005 + 3.10 + 4.2049");
    assert_eq!(s.yesterday.to_string(), "4.20", "Feb 29 only");
    assert_eq!(s.daily.len(), 30);
    assert_eq!(s.daily[0].0, day("2028-01-31"));
    assert_eq!(s.daily[0].1.to_string(), "1.00");
    assert_eq!(s.daily[29].0, day("2028-02-29"));
    // moto has no GetCostForecast: the cell degrades, the projection stays.
    let why = s.forecast.clone().expect_err("moto cannot forecast");
    assert!(why.starts_with("unavailable: "), "{why}");
    let p = s.projection();
    assert_eq!((p.elapsed_days, p.days_in_month), (1, 31));
    assert_eq!(fetch.calls.by_api.get("ce:GetCostAndUsage"), Some(&4));
    assert_eq!(fetch.calls.by_api.get("ce:GetCostForecast"), Some(&1));
}

/// The demo's seed: every part of the Cost view has believable figures.
#[tokio::test(flavor = "multi_thread")]
async fn the_seeded_daily_series_fills_the_chart_last_month_and_yesterday() {
    let _ = estate();
    let moto = Moto::start();
    seed::cost(&moto.url).expect("queue the grouped results");
    seed::cost_daily(&moto.url, day("2027-03-10")).expect("queue the daily series");
    let s = aws(&moto.url)
        .await
        .cost(noon("2027-03-10"), Some("Team"))
        .await
        .result
        .expect("figures");
    assert_eq!(s.month_to_date.to_string(), "1127.07");
    assert!(matches!(s.by_tag, TagCosts::Active { .. }), "{:?}", s.by_tag);
    assert_eq!(s.daily.len(), 30);
    assert!(
        s.daily.iter().all(|(_, m)| m.cents() > 2_000),
        "every day has a figure: {:?}",
        s.daily
    );
    assert!(
        (100_000..150_000).contains(&s.last_month.cents()),
        "February: {}",
        s.last_month
    );
    assert!(s.yesterday.cents() > 2_000, "yesterday: {}", s.yesterday);
    // This month's whole days (Mar 1-9) and today's partial day make the month to date.
    let march: u64 = s
        .daily
        .iter()
        .filter(|(d, _)| *d >= day("2027-03-01"))
        .map(|(_, m)| m.cents())
        .sum();
    assert!(march < 112_707 && march > 100_000, "{march}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_forecast_is_parsed_from_a_recorded_response() {
    let moto = cost_moto(&[("2028-03-01", "10.50"), ("2028-03-02", "0.004")]);
    let rule = |fault| Rule {
        region: "us-east-1",
        service: "ce",
        contains: Some("GetCostForecast"),
        fault,
    };
    let proxy = FaultProxy::start(
        moto.port,
        vec![rule(Fault::Respond {
            status: 200,
            content_type: "application/x-amz-json-1.1",
            body: RECORDED_FORECAST,
        })],
    );
    let aws = aws(&proxy.url).await;
    let s = aws
        .cost(noon("2028-03-03"), Some("Team"))
        .await
        .result
        .expect("figures");
    let f = s.forecast.clone().expect("a forecast");
    assert_eq!(f.rest_of_month.to_string(), "702.12");
    assert_eq!(f.month.to_string(), "712.63", "10.50 + 0.004 so far + 702.1234567");
    // Cost Explorer's own refusal reads as a reason, not a failure.
    proxy.set(vec![rule(Fault::JsonError {
        status: 400,
        code: "DataUnavailableException",
        message: "Insufficient amount of historical data",
    })]);
    let s = aws.cost(noon("2028-03-03"), None).await.result.expect("figures");
    assert_eq!(s.by_tag, TagCosts::NotAsked);
    assert_eq!(
        s.forecast,
        Err("unavailable: DataUnavailableException: Insufficient amount of historical data".into())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn get_cost_and_usage_follows_next_page_token() {
    let _ = estate();
    let moto = Moto::start();
    let page = |contains, body| Rule {
        region: "us-east-1",
        service: "ce",
        contains: Some(contains),
        fault: Fault::Respond {
            status: 200,
            content_type: "application/x-amz-json-1.1",
            body,
        },
    };
    // The second page is asked with the token the first one gave.
    let proxy = FaultProxy::start(
        moto.port,
        vec![
            page(
                "p2tok",
                r#"{"ResultsByTime":[{"TimePeriod":{"Start":"2028-03-01","End":"2028-03-04"},"Total":{},"Groups":[{"Keys":["AWS Lambda"],"Metrics":{"UnblendedCost":{"Amount":"0.005","Unit":"USD"}}}],"Estimated":true}]}"#,
            ),
            page(
                "\"SERVICE\"",
                r#"{"ResultsByTime":[{"TimePeriod":{"Start":"2028-03-01","End":"2028-03-04"},"Total":{},"Groups":[{"Keys":["Amazon Elastic Compute Cloud - Compute"],"Metrics":{"UnblendedCost":{"Amount":"100.004","Unit":"USD"}}}],"Estimated":true}],"NextPageToken":"p2tok"}"#,
            ),
        ],
    );
    let fetch = aws(&proxy.url).await.cost(noon("2028-03-03"), None).await;
    let s = fetch.result.expect("figures");
    assert_eq!(s.by_service.len(), 2, "{:?}", s.by_service);
    assert_eq!(
        s.month_to_date.to_string(),
        "100.01",
        "100.004 + 0.005 across two pages"
    );
    assert_eq!(
        fetch.calls.by_api.get("ce:GetCostAndUsage"),
        Some(&4),
        "service x2, region, daily"
    );
    assert_eq!(fetch.calls.pages, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_cost_explorer_is_an_error_with_its_code() {
    let moto = cost_moto(&[]);
    let proxy = FaultProxy::start(
        moto.port,
        vec![Rule {
            region: "us-east-1",
            service: "ce",
            contains: None,
            fault: Fault::JsonError {
                status: 400,
                code: "AccessDeniedException",
                message: "not authorized to perform ce:GetCostAndUsage",
            },
        }],
    );
    let fetch = aws(&proxy.url).await.cost(Utc::now(), None).await;
    let e = fetch.result.expect_err("denied");
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(fetch.calls.calls, 1, "the first refusal stops the refresh");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_poller_loads_cost_once_and_then_only_on_request() {
    let moto = cost_moto(&[]);
    let dir = tempfile::tempdir().unwrap();
    let aws = Arc::new(aws(&moto.url).await);
    let cache = CostCache::new(
        dir.path().into(),
        "123456789012",
        Some(&moto.url),
        Duration::from_secs(3600),
    );
    // Cycles half a second apart: enough of them to show that none asks
    // for cost, without a cycle always in flight to crowd the cost calls
    // out of moto on a loaded machine (each cycle lists every kind).
    let config = PollerConfig {
        interval: Duration::from_millis(500),
        cost: Some(CostSettings {
            cache: Some(cache.clone()),
            tag_key: Some("Team".into()),
        }),
        ..PollerConfig::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (commands, handle) = poller::spawn(aws, vec!["us-east-1".into()], config, tx);
    // Each event waited for: (cached, calls) per cost event, and cycles finished.
    let mut costs: Vec<(bool, u32)> = Vec::new();
    let mut cycles = 0;
    let mut next = async |costs: &mut Vec<(bool, u32)>, cycles: &mut u32| {
        let event = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("an event within 60s")
            .expect("the poller runs");
        match event {
            Event::Cost { result, calls, cached } => {
                assert!(result.is_ok(), "{result:?}");
                costs.push((cached, calls.calls));
            }
            Event::CycleFinished { .. } => *cycles += 1,
            _ => {}
        }
    };
    while cycles < 3 || costs.is_empty() {
        next(&mut costs, &mut cycles).await;
    }
    assert_eq!(
        costs,
        vec![(false, 5)],
        "one first fetch, none on the interval ({cycles} cycles)"
    );
    assert!(cache.load_any().is_some(), "the fetch was cached");
    commands.send(poller::Command::RefreshCost { tag_key: None }).unwrap();
    while costs.len() < 2 {
        next(&mut costs, &mut cycles).await;
    }
    assert_eq!(
        costs,
        vec![(false, 5), (false, 4)],
        "an explicit refresh, without a tag key"
    );
    commands.send(poller::Command::Stop).unwrap();
    let _ = handle.await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cached_figures_for_another_tag_key_are_not_used() {
    let _ = estate();
    // Nothing listens here: any Cost Explorer call fails.
    let url = format!("http://127.0.0.1:{}", crate::support::moto::free_port());
    let aws = aws_monitor::aws::Fleet::from(aws(&url).await);
    let dir = tempfile::tempdir().unwrap();
    let cache = CostCache::new(dir.path().into(), "123456789012", Some(&url), Duration::from_secs(3600));
    let raw = RawCost {
        by_tag: Some(("Team".into(), vec![("Team$web".into(), Money::parse("1").unwrap())])),
        ..RawCost::default()
    };
    cache
        .store(&CostSnapshot::assemble(Utc::now().date_naive(), Utc::now(), raw))
        .unwrap();
    let settings = |key: Option<&str>| CostSettings {
        cache: Some(cache.clone()),
        tag_key: key.map(str::to_string),
    };
    for key in [None, Some("Team")] {
        let Event::Cost { result, calls, cached } = poller::cost_figures(&aws, &settings(key), None).await else {
            panic!("a cost event")
        };
        assert!(cached && result.is_ok() && calls.calls == 0, "{key:?}: {result:?}");
    }
    let Event::Cost { result, calls, cached } = poller::cost_figures(&aws, &settings(Some("Environment")), None).await
    else {
        panic!("a cost event")
    };
    assert!(!cached && calls.calls == 1, "asked Cost Explorer");
    assert_eq!(result.expect_err("nothing listens").code, "EndpointUnreachable");
}

/// `--once --cost` through a proxy that can refuse every Cost Explorer call.
fn once_cost(profile: &Profile, url: &str, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec![
        "--once",
        "--cost",
        "--cost-tag",
        "Team",
        "--output",
        "json",
        "--regions",
        "us-east-1",
        "--endpoint-url",
        url,
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = run(binary(profile).args(&args));
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("json ({e}): {out}\n{err}"));
    (code, v, err)
}

#[test]
fn once_cost_prints_the_figures_and_a_second_start_uses_the_cache() {
    let moto = cost_moto(&[]);
    let proxy = FaultProxy::start(moto.port, vec![]);
    let profile = Profile::new("testing", "testing");
    let (code, v, err) = once_cost(&profile, &proxy.url, &[]);
    assert_eq!(code, 0, "{err}");
    let cost = &v["cost"];
    assert_eq!(cost["source"], "cost-explorer");
    assert_eq!(
        cost["month_to_date"],
        serde_json::json!({"amount": "1127.07", "unit": "USD"})
    );
    assert_eq!(cost["by_service"][0]["amount"], "612.40");
    assert_eq!(
        cost["by_region"][2],
        serde_json::json!({"name": "eu-west-1", "amount": "227.42", "unit": "USD"})
    );
    assert_eq!(cost["by_tag"]["state"], "active");
    assert_eq!(cost["by_tag"]["values"][3]["name"], UNTAGGED);
    assert_eq!(cost["forecast"]["status"], "unavailable");
    assert!(
        cost["projection"]["amount"]
            .as_str()
            .is_some_and(|a| a.split('.').nth(1).map(str::len) == Some(2))
    );
    assert_eq!(cost["daily"].as_array().map(Vec::len), Some(30));
    assert_eq!(cost["calls"]["ce:GetCostAndUsage"], 4);
    assert_eq!(cost["calls"]["ce:GetCostForecast"], 1);

    // The cache: one file, mode 0600, under $XDG_CACHE_HOME/aws-monitor
    // (beside the inventory cache).
    let dir = profile.dir.path().join("cache").join("aws-monitor");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("cost-")))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(!text.contains("testing"), "no credential in the cache");

    // From now on any Cost Explorer call is refused: a second start within
    // the TTL must not make one.
    proxy.set(vec![Rule {
        region: "us-east-1",
        service: "ce",
        contains: None,
        fault: Fault::JsonError {
            status: 400,
            code: "AccessDeniedException",
            message: "proxy: no Cost Explorer call was expected",
        },
    }]);
    let (code, v, err) = once_cost(&profile, &proxy.url, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["cost"]["source"], "cache");
    assert_eq!(v["cost"]["calls"], serde_json::json!({}));
    assert_eq!(v["cost"]["month_to_date"]["amount"], "1127.07");

    // Past the TTL it asks again (and here is refused): exit 2, one line.
    // With a TTL of 0s every cached figure is past it.
    let (code, v, _) = once_cost(&profile, &proxy.url, &["--cost-ttl", "0s"]);
    assert_eq!(code, 2);
    assert_eq!(v["cost"]["source"], "cost-explorer");
    assert_eq!(v["cost"]["calls"]["ce:GetCostAndUsage"], 1);
    assert!(
        v["cost"]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("AccessDeniedException: proxy: no Cost Explorer call")),
        "{v}"
    );
}
