//! EC2 instances, and the kinds listed with them: EBS volumes, owned AMIs
//! and owned EBS snapshots.
//!
//! Why one listing for four kinds: their cross-kind facts need each other's
//! region-wide listings. An AMI shows how many instances run it
//! (DescribeInstances); a snapshot shows whether its volume still exists
//! (DescribeVolumes) and which owned AMI uses it (DescribeImages). Made by
//! separate adapters, each of those listings would be made twice a cycle;
//! here each is made once per region, all four concurrently, each paginated
//! to the end, and each kind is reported with its own outcome and its own
//! call count (as the EKS adapter reports clusters and nodegroups).
//!
//! A kind's cell fails when one of its own calls fails: instances need
//! DescribeInstances and DescribeInstanceStatus (the STATUS column), volumes
//! DescribeVolumes, AMIs DescribeImages, snapshots DescribeSnapshots (and
//! the account id). A fact borrowed from another kind's listing is left out
//! when that listing fails (its own cell already shows the error): an AMI's
//! instance count, a snapshot's `volume_exists` and `ami`.
//!
//! Snapshots: DescribeSnapshots with OwnerIds=self and the filter
//! `owner-id` = the caller's account, and only those whose OwnerId is that
//! account are kept. On AWS the filter says again what `self` says; moto
//! ignores OwnerIds and would answer every cycle, in every region, with its
//! stock AMIs' ~1,300 snapshots of another account (a megabyte that slowed
//! every other call of the cycle), but it honours the filter. The account
//! comes from [`Aws::account`]: the identity the binary learned at start,
//! else one STS GetCallerIdentity per process.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::Client;
use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput;
use aws_sdk_ec2::types::{Filter, Instance, InstanceStatus, SummaryStatus};
use compact_str::CompactString;

use super::{Cx, Lister, ami, counted, each_page, ebs_snapshot, ebs_volume, ec2_resource, probed};
use crate::aws::ops::{Operation, ec2};
use crate::aws::{KindResult, Tally, aws_error, rfc3339};
use crate::kinds::ec2_instance::*;
use crate::model::{AwsError, Fill, Resource, ResourceKind};

pub(super) struct Adapter;

type Listed<T> = Result<Vec<T>, AwsError>;

/// The largest page of the listings made with the instances.
const INSTANCE_PAGE: i32 = 250;

impl Lister for Adapter {
    const KIND: ResourceKind = ResourceKind::Ec2Instance;
    const OPERATIONS: &[Operation] = &[
        ec2::DESCRIBE_INSTANCES,
        ec2::DESCRIBE_INSTANCE_STATUS,
        ec2::DESCRIBE_VOLUMES,
        ec2::DESCRIBE_IMAGES,
        ec2::DESCRIBE_SNAPSHOTS,
    ];

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let client = cx.client(Client::new);
        // 250 instances a page, not the 1,000 AWS allows: a page of 1,000
        // leaves megabytes of response and parse garbage between the rows,
        // and over 100,000 instances the peak RSS of --once was 61 MB at
        // 1,000 and 48 MB at 250 (scripts/rss), with no longer a run.
        let page_size = cx.aws.page(5, INSTANCE_PAGE);
        let tallies: [Tally; 4] = Default::default();
        let [t_instances, t_volumes, t_images, t_snapshots] = &tallies;
        let (instances, statuses, volumes, images, snapshots) = futures::join!(
            instances(cx, &client, page_size, t_instances),
            statuses(&client, page_size, t_instances),
            volumes(cx, &client, page_size, t_volumes),
            images(cx, &client, page_size, t_images),
            snapshots(cx, &client, page_size, t_snapshots),
        );
        let results = assemble(instances, statuses, volumes, images, snapshots);
        let kinds = [
            ResourceKind::Ec2Instance,
            ResourceKind::EbsVolume,
            ResourceKind::Ami,
            ResourceKind::EbsSnapshot,
        ];
        let mut out: Vec<KindResult> = kinds
            .into_iter()
            .zip(results)
            .zip(tallies)
            .map(|((kind, (result, fill)), tally)| KindResult {
                fill: Some(fill),
                ..counted(kind, tally, result)
            })
            .collect();
        let members = Self::KIND.listing_members();
        out.sort_by_key(|r| members.iter().position(|k| *k == r.kind));
        out
    }

    /// Each kind listed here has a probe of its own.
    async fn probe(kind: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        let client = cx.client(Client::new);
        match kind {
            ResourceKind::EbsVolume => probed(client.describe_volumes().max_results(5).send()).await,
            ResourceKind::Ami => probed(client.describe_images().owners("self").max_results(5).send()).await,
            ResourceKind::EbsSnapshot => {
                probed(client.describe_snapshots().owner_ids("self").max_results(5).send()).await
            }
            _ => probed(client.describe_instances().max_results(5).send()).await,
        }
    }

    fn probe_api(kind: ResourceKind) -> &'static str {
        match kind {
            ResourceKind::EbsVolume => ec2::DESCRIBE_VOLUMES.api,
            ResourceKind::Ami => ec2::DESCRIBE_IMAGES.api,
            ResourceKind::EbsSnapshot => ec2::DESCRIBE_SNAPSHOTS.api,
            _ => ec2::DESCRIBE_INSTANCES.api,
        }
    }
}

/// A region's instances as rows (their STATUS left out until the status
/// checks are joined) and the instances (not terminated) per AMI.
#[derive(Default)]
struct Instances {
    rows: Vec<Resource>,
    per_image: BTreeMap<String, usize>,
}

/// The instances, each page handed on as it arrives (the STATUS column
/// unknown until the status checks are read). The first cycle's first page
/// is small when nothing is on screen yet (rows after one short round
/// trip), then the largest pages (fewest calls).
async fn instances(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Result<Instances, AwsError> {
    let mut out = Instances::default();
    // Each page becomes rows at once: the SDK's structs (several times a
    // row's size) are not kept to the end of a large region's listing.
    let mut take = |page: DescribeInstancesOutput| {
        let mut rows = Vec::new();
        for i in page.reservations.unwrap_or_default().iter().flat_map(|r| r.instances()) {
            if let Some(image) = i.image_id().filter(|_| !is_gone(i)) {
                *out.per_image.entry(image.to_string()).or_default() += 1;
            }
            rows.push(instance(i, cx.region));
        }
        cx.hand(ResourceKind::Ec2Instance, rows, &mut out.rows);
    };
    let mut token = None;
    if cx.quick_start {
        tally.page(ec2::DESCRIBE_INSTANCES);
        let first = client
            .describe_instances()
            .max_results(5)
            .send()
            .await
            .map_err(aws_error)?;
        token = first.next_token().filter(|t| !t.is_empty()).map(str::to_string);
        take(first);
        if token.is_none() {
            return Ok(out);
        }
    }
    let pages = client
        .describe_instances()
        .max_results(page_size)
        .set_next_token(token)
        .into_paginator()
        .send();
    each_page(pages, tally, ec2::DESCRIBE_INSTANCES, take).await?;
    Ok(out)
}

/// Every instance's status checks, stopped ones too (IncludeAllInstances),
/// each page boiled down as it arrives to the instance's id and the worst
/// of its checks ([`worst_check`]): 11 bytes an instance ([`Checks`]), not
/// the SDK's structs (several hundred), to the end of a large region.
async fn statuses(client: &Client, page_size: i32, tally: &Tally) -> Result<Checks, AwsError> {
    let mut out = Checks::default();
    let pages = client
        .describe_instance_status()
        .include_all_instances(true)
        .max_results(page_size)
        .into_paginator()
        .send();
    each_page(pages, tally, ec2::DESCRIBE_INSTANCE_STATUS, |page| {
        for s in page.instance_statuses() {
            if let Some(id) = s.instance_id() {
                out.push(id, worst_check(s));
            }
        }
    })
    .await?;
    out.sort();
    Ok(out)
}

/// The worst of each instance's status checks, by instance id. An id as
/// AWS makes them (`i-` and up to 18 lowercase hex digits) is kept as its
/// digit count and its digits two to a byte: 11 bytes an instance with
/// its check, where a `(CompactString, &str)` takes 40. Any other id is
/// kept as text.
#[derive(Default)]
struct Checks {
    packed: Vec<([u8; 10], u8)>,
    other: Vec<(CompactString, u8)>,
}

/// What [`worst_check`] says, by number.
const WORST: [&str; 4] = ["ok", "impaired", "initializing", "insufficient-data"];

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

impl Checks {
    fn push(&mut self, id: &str, worst: &'static str) {
        let n = WORST.iter().position(|w| *w == worst).unwrap_or(WORST.len() - 1) as u8;
        match packed_id(id) {
            Some(key) => self.packed.push((key, n)),
            None => self.other.push((id.into(), n)),
        }
    }

    /// Sorted by id, for [`Checks::get`]; the buffer no larger than it is.
    fn sort(&mut self) {
        self.packed.sort_unstable_by_key(|e| e.0);
        self.packed.shrink_to_fit();
        self.other.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }

    /// The worst check of the instance `id`, if it has any.
    fn get(&self, id: &str) -> Option<&'static str> {
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
}

/// A region's volumes as rows, and their ids (a snapshot says whether its
/// volume still exists).
#[derive(Default)]
struct Volumes {
    rows: Vec<Resource>,
    ids: BTreeSet<CompactString>,
}

/// The volumes, each page made rows as it arrives and handed on.
async fn volumes(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Result<Volumes, AwsError> {
    let mut out = Volumes::default();
    let pages = client.describe_volumes().max_results(page_size).into_paginator().send();
    each_page(pages, tally, ec2::DESCRIBE_VOLUMES, |page| {
        let rows: Vec<Resource> = page
            .volumes()
            .iter()
            .map(|v| ebs_volume::volume(v, cx.region))
            .collect();
        out.ids.extend(rows.iter().map(|r| r.id.clone()));
        cx.hand(ResourceKind::EbsVolume, rows, &mut out.rows);
    })
    .await?;
    Ok(out)
}

/// A region's owned AMIs as rows, and the AMIs that use each snapshot.
#[derive(Default)]
struct Images {
    rows: Vec<Resource>,
    by_snapshot: BTreeMap<String, Vec<CompactString>>,
}

/// The owned AMIs, each page made rows as it arrives and handed on (the
/// instance count unknown until the instances are listed).
async fn images(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Result<Images, AwsError> {
    let mut out = Images::default();
    let pages = client
        .describe_images()
        .owners("self")
        .max_results(page_size)
        .into_paginator()
        .send();
    each_page(pages, tally, ec2::DESCRIBE_IMAGES, |page| {
        let rows: Vec<Resource> = page.images().iter().map(|i| ami::image(i, cx.region, None)).collect();
        for image in &rows {
            let snapshots = image.detail_str(crate::kinds::ami::SNAPSHOTS);
            for snap in snapshots.split(',').filter(|s| !s.is_empty()) {
                out.by_snapshot
                    .entry(snap.to_string())
                    .or_default()
                    .push(image.id.clone());
            }
        }
        cx.hand(ResourceKind::Ami, rows, &mut out.rows);
    })
    .await?;
    Ok(out)
}

/// The caller's own snapshots: OwnerIds=self, filtered by and checked
/// against the caller's account; each page made rows as it arrives and
/// handed on (the facts borrowed from the volumes and AMIs unknown until
/// those are listed).
async fn snapshots(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Listed<Resource> {
    let account = cx.aws.account(tally).await?;
    let mut out = Vec::new();
    let pages = client
        .describe_snapshots()
        .owner_ids("self")
        .filters(Filter::builder().name("owner-id").values(&account).build())
        .max_results(page_size)
        .into_paginator()
        .send();
    each_page(pages, tally, ec2::DESCRIBE_SNAPSHOTS, |page| {
        let rows = page
            .snapshots()
            .iter()
            .filter(|s| s.owner_id() == Some(account.as_str()))
            .map(|s| ebs_snapshot::snapshot(s, cx.region, None, None))
            .collect();
        cx.hand(ResourceKind::EbsSnapshot, rows, &mut out);
    })
    .await?;
    Ok(out)
}

/// The four kinds' results, in the order instances, volumes, AMIs,
/// snapshots, each with the [`Fill`] of what its rows borrow from the
/// other listings, applied to the rows kept here (none, when they were
/// handed on as pages: whoever holds them applies it).
fn assemble(
    instances: Result<Instances, AwsError>,
    statuses: Result<Checks, AwsError>,
    volumes: Result<Volumes, AwsError>,
    images: Result<Images, AwsError>,
    snapshots: Listed<Resource>,
) -> [(Listed<Resource>, Fill); 4] {
    // Instances (not terminated) per AMI, when the instances are known.
    let (instances, launched) = match instances {
        Ok(Instances { rows, per_image }) => (Ok(rows), Some(per_image)),
        Err(e) => (Err(e), None),
    };
    let (volumes, volume_ids) = split(volumes.map(|v| (v.rows, v.ids)));
    // Owned AMIs per snapshot, when the AMIs are known.
    let (images, used_by) = split(images.map(|i| (i.rows, i.by_snapshot)));
    let snapshot_fill = Fill::new(move |r| {
        let volume = r.detail_str(crate::kinds::ebs_snapshot::VOLUME);
        let volume_exists = volume_ids
            .as_ref()
            .map(|ids| !volume.is_empty() && ids.contains(volume));
        let amis: Option<Vec<&str>> = used_by.as_ref().map(|m| {
            m.get(r.id.as_str())
                .map(|ids| ids.iter().map(CompactString::as_str).collect())
                .unwrap_or_default()
        });
        ebs_snapshot::linked(volume_exists, amis.as_deref())
    });
    let image_fill = Fill::new(move |r| match &launched {
        Some(launched) => vec![(
            crate::kinds::ami::INSTANCES,
            launched.get(r.id.as_str()).copied().unwrap_or(0).to_string(),
        )],
        None => vec![],
    });
    let (instances, instance_fill) = match (instances, statuses) {
        (Ok(rows), Ok(checks)) => {
            let fill = Fill::new(move |r| {
                let status = running_checks(&r.state, checks.get(&r.id));
                vec![(STATUS_CHECKS, status.to_string())]
            });
            (Ok(rows), fill)
        }
        (Err(e), _) | (_, Err(e)) => (Err(e), Fill::none()),
    };
    [
        (instances, instance_fill),
        (volumes, Fill::none()),
        (images, image_fill),
        (snapshots, snapshot_fill),
    ]
    .map(|(rows, fill)| {
        let rows = rows.map(|mut rows| {
            rows.iter_mut().for_each(|r| fill.apply(r));
            rows
        });
        (rows, fill)
    })
}

/// A listing's rows and what was learnt beside them, or its error (and
/// nothing learnt).
fn split<T>(listed: Result<(Vec<Resource>, T), AwsError>) -> (Listed<Resource>, Option<T>) {
    match listed {
        Ok((rows, learnt)) => (Ok(rows), Some(learnt)),
        Err(e) => (Err(e), None),
    }
}

/// Terminated (or on its way): no longer runs its AMI.
fn is_gone(i: &Instance) -> bool {
    i.state()
        .and_then(|s| s.name())
        .is_some_and(|n| matches!(n.as_str(), "terminated" | "shutting-down"))
}

/// An instance's row, without its STATUS (joined from the status checks).
fn instance(i: &Instance, region: &str) -> Resource {
    let mut r = ec2_resource(ResourceKind::Ec2Instance, region, i.instance_id(), i.tags());
    r.state = i
        .state()
        .and_then(|s| s.name())
        .map(|n| n.as_str().into())
        .unwrap_or_default();
    r.set(TYPE, i.instance_type().map(|t| t.as_str()).unwrap_or_default());
    r.set(
        AZ,
        i.placement().and_then(|p| p.availability_zone()).unwrap_or_default(),
    );
    r.set(PRIVATE_IP, i.private_ip_address().unwrap_or_default());
    r.set(PUBLIC_IP, i.public_ip_address().unwrap_or_default());
    r.set(LAUNCH_TIME, i.launch_time().map(rfc3339).unwrap_or_default());
    if r.state == "stopped" {
        let at = crate::kinds::ec2_instance::stopped_at(i.state_transition_reason().unwrap_or_default());
        r.set(
            STOPPED_AT,
            at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
        );
    }
    r.set(VPC, i.vpc_id().unwrap_or_default());
    r.set(
        MONITORING,
        i.monitoring()
            .and_then(|m| m.state())
            .map(|s| s.as_str())
            .unwrap_or_default(),
    );
    r
}

/// What the STATUS column says for an instance in `state`: `–` unless it
/// runs; else the worst of its checks ([`worst_check`]), and
/// `insufficient-data` when AWS reports none yet.
fn running_checks(state: &str, worst: Option<&'static str>) -> &'static str {
    match state {
        "running" => worst.unwrap_or("insufficient-data"),
        _ => NOT_RUNNING,
    }
}

/// The worst of an instance's system, instance and attached-EBS checks:
/// `impaired`, `initializing`, `insufficient-data` (also for none, or one
/// not understood), else `ok`.
fn worst_check(s: &InstanceStatus) -> &'static str {
    let checks: Vec<&SummaryStatus> = [
        s.system_status().and_then(|c| c.status()),
        s.instance_status().and_then(|c| c.status()),
        s.attached_ebs_status().and_then(|c| c.status()),
    ]
    .into_iter()
    .flatten()
    .filter(|c| **c != SummaryStatus::NotApplicable)
    .collect();
    let any = |want: SummaryStatus| checks.iter().any(|c| **c == want);
    if any(SummaryStatus::Impaired) {
        "impaired"
    } else if any(SummaryStatus::Initializing) {
        "initializing"
    } else if checks.is_empty()
        || any(SummaryStatus::InsufficientData)
        || checks.iter().any(|c| **c != SummaryStatus::Ok)
    {
        "insufficient-data"
    } else {
        "ok"
    }
}

/// The STATUS of an instance that is not running.
pub const NOT_RUNNING: &str = "–";

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{InstanceStatusSummary, SummaryStatus as S};

    use super::*;

    /// The STATUS of an instance in `state` with `status` as the SDK gives it.
    fn status_checks(state: &str, status: Option<&InstanceStatus>) -> &'static str {
        running_checks(state, status.map(worst_check))
    }

    fn status(system: S, instance: S) -> InstanceStatus {
        InstanceStatus::builder()
            .instance_id("i-1")
            .system_status(InstanceStatusSummary::builder().status(system).build())
            .instance_status(InstanceStatusSummary::builder().status(instance).build())
            .build()
    }

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
        checks.sort();
        assert_eq!(checks.other.len(), 2, "only the ids that are not hex are kept as text");
        for (id, worst) in ids {
            assert_eq!(checks.get(id), Some(worst), "{id}");
        }
        for missing in ["i-0123456789abcdef1", "i-0", "i-00a", "i-", "i-notthere", ""] {
            assert_eq!(checks.get(missing), None, "{missing}");
        }
        assert_eq!(std::mem::size_of::<([u8; 10], u8)>(), 11);
    }

    #[test]
    fn status_checks_say_the_worst_and_a_dash_when_not_running() {
        assert_eq!(status_checks("running", Some(&status(S::Ok, S::Ok))), "ok");
        assert_eq!(status_checks("running", Some(&status(S::Ok, S::Impaired))), "impaired");
        assert_eq!(
            status_checks("running", Some(&status(S::Initializing, S::Ok))),
            "initializing"
        );
        assert_eq!(
            status_checks("running", Some(&status(S::InsufficientData, S::Ok))),
            "insufficient-data"
        );
        assert_eq!(status_checks("running", None), "insufficient-data");
        assert_eq!(
            status_checks("stopped", Some(&status(S::NotApplicable, S::NotApplicable))),
            "–"
        );
        assert_eq!(status_checks("pending", None), "–");
    }
}
