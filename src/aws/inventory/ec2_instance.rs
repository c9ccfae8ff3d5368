//! EC2 instances, and the kinds listed with them: EBS volumes, owned AMIs,
//! owned EBS snapshots and key pairs (a key's instance count comes from the
//! instances listed here, not from a second DescribeInstances).
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

use super::{Cx, Lister, ami, each_page, ebs_snapshot, ebs_volume, ec2_resource, ended, key_pair, probed};
use crate::aws::ops::{Operation, ec2};
use crate::aws::{KindResult, Tally, aws_error, rfc3339};
use crate::kinds::ec2_instance::*;
use crate::model::{AwsError, Checks, Fact, Late, Resource, ResourceKind};

pub(super) struct Adapter;

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
        ec2::DESCRIBE_KEY_PAIRS,
    ];

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let client = cx.client(Client::new);
        // 250 instances a page, not the 1,000 AWS allows: a page of 1,000
        // leaves megabytes of response and parse garbage between the rows,
        // and over 100,000 instances the peak RSS of --once was 61 MB at
        // 1,000 and 48 MB at 250 (scripts/rss), with no longer a run.
        let page_size = cx.aws.page(5, INSTANCE_PAGE);
        let tallies: [Tally; 5] = Default::default();
        let [t_instances, t_volumes, t_images, t_snapshots, t_keys] = &tallies;
        let (instances, statuses, volumes, images, snapshots, keys) = futures::join!(
            instances(cx, &client, page_size, t_instances),
            statuses(&client, page_size, t_instances),
            volumes(cx, &client, page_size, t_volumes),
            images(cx, &client, page_size, t_images),
            snapshots(cx, &client, page_size, t_snapshots),
            key_pairs(cx, &client, t_keys),
        );
        let ends = assemble(instances, statuses, volumes, images, snapshots, keys);
        let kinds = [
            ResourceKind::Ec2Instance,
            ResourceKind::EbsVolume,
            ResourceKind::Ami,
            ResourceKind::EbsSnapshot,
            ResourceKind::KeyPair,
        ];
        let mut out: Vec<KindResult> = kinds
            .into_iter()
            .zip(ends)
            .zip(tallies)
            .map(|((kind, end), tally)| ended(kind, tally, end))
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
            ResourceKind::KeyPair => probed(client.describe_key_pairs().send()).await,
            _ => probed(client.describe_instances().max_results(5).send()).await,
        }
    }

    fn probe_api(kind: ResourceKind) -> &'static str {
        match kind {
            ResourceKind::EbsVolume => ec2::DESCRIBE_VOLUMES.api,
            ResourceKind::Ami => ec2::DESCRIBE_IMAGES.api,
            ResourceKind::EbsSnapshot => ec2::DESCRIBE_SNAPSHOTS.api,
            ResourceKind::KeyPair => ec2::DESCRIBE_KEY_PAIRS.api,
            _ => ec2::DESCRIBE_INSTANCES.api,
        }
    }
}

/// The instances (not terminated) per AMI and per key pair, learnt from
/// the instances' pages as they were handed over.
#[derive(Debug, Default)]
struct PerImage {
    images: BTreeMap<CompactString, u32>,
    keys: BTreeMap<CompactString, u32>,
}

/// The instances, each page handed on as it arrives (the STATUS column
/// unknown until the status checks are read). The first cycle's first page
/// is small when nothing is on screen yet (rows after one short round
/// trip), then the largest pages (fewest calls).
async fn instances(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Result<PerImage, AwsError> {
    let mut per_image = PerImage::default();
    // Each page becomes rows at once: the SDK's structs (several times a
    // row's size) are not kept to the end of a large region's listing.
    let mut take = |page: DescribeInstancesOutput| {
        let mut rows = Vec::new();
        for i in page.reservations.unwrap_or_default().iter().flat_map(|r| r.instances()) {
            if !is_gone(i) {
                if let Some(image) = i.image_id() {
                    *per_image.images.entry(image.into()).or_default() += 1;
                }
                if let Some(key) = i.key_name().filter(|k| !k.is_empty()) {
                    *per_image.keys.entry(key.into()).or_default() += 1;
                }
            }
            rows.push(instance(i, cx.region));
        }
        cx.hand(ResourceKind::Ec2Instance, rows);
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
            return Ok(per_image);
        }
    }
    let pages = client
        .describe_instances()
        .max_results(page_size)
        .set_next_token(token)
        .into_paginator()
        .send();
    each_page(pages, tally, ec2::DESCRIBE_INSTANCES, take).await?;
    Ok(per_image)
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
    Ok(out.sorted())
}

/// The volumes, each page made rows as it arrives and handed on; their
/// ids are kept (a snapshot says whether its volume still exists).
async fn volumes(
    cx: Cx<'_>,
    client: &Client,
    page_size: i32,
    tally: &Tally,
) -> Result<BTreeSet<CompactString>, AwsError> {
    let mut ids = BTreeSet::new();
    let pages = client.describe_volumes().max_results(page_size).into_paginator().send();
    each_page(pages, tally, ec2::DESCRIBE_VOLUMES, |page| {
        let rows: Vec<Resource> = page
            .volumes()
            .iter()
            .map(|v| ebs_volume::volume(v, cx.region))
            .collect();
        ids.extend(rows.iter().map(|r| r.id.clone()));
        cx.hand(ResourceKind::EbsVolume, rows);
    })
    .await?;
    Ok(ids)
}

/// The AMIs that use each snapshot, learnt from the AMIs' pages.
type BySnapshot = BTreeMap<CompactString, Vec<CompactString>>;

/// The owned AMIs, each page made rows as it arrives and handed on (the
/// instance count unknown until the instances are listed).
async fn images(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Result<BySnapshot, AwsError> {
    let mut by_snapshot = BySnapshot::new();
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
                by_snapshot.entry(snap.into()).or_default().push(image.id.clone());
            }
        }
        cx.hand(ResourceKind::Ami, rows);
    })
    .await?;
    Ok(by_snapshot)
}

/// The caller's own snapshots: OwnerIds=self, filtered by and checked
/// against the caller's account; each page made rows as it arrives and
/// handed on (the facts borrowed from the volumes and AMIs unknown until
/// those are listed).
async fn snapshots(cx: Cx<'_>, client: &Client, page_size: i32, tally: &Tally) -> Result<(), AwsError> {
    let account = cx.aws.account(tally).await?;
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
            .map(|s| ebs_snapshot::snapshot(s, cx.region))
            .collect();
        cx.hand(ResourceKind::EbsSnapshot, rows);
    })
    .await
}

/// The key pairs of the region: one call (DescribeKeyPairs has no pages),
/// handed over whole (their instance counts come at the end).
async fn key_pairs(cx: Cx<'_>, client: &Client, tally: &Tally) -> Result<(), AwsError> {
    tally.page(ec2::DESCRIBE_KEY_PAIRS);
    let out = client.describe_key_pairs().send().await.map_err(aws_error)?;
    let rows = out
        .key_pairs()
        .iter()
        .map(|k| key_pair::key_pair(k, cx.region))
        .collect();
    cx.hand(ResourceKind::KeyPair, rows);
    Ok(())
}

/// The five kinds' ends, in the order instances, volumes, AMIs, snapshots, key pairs:
/// each the [`Late`] facts its rows borrow from the other listings (a fact
/// whose listing failed left out: its own cell shows the error), or its
/// own error.
fn assemble(
    instances: Result<PerImage, AwsError>,
    statuses: Result<Checks, AwsError>,
    volumes: Result<BTreeSet<CompactString>, AwsError>,
    images: Result<BySnapshot, AwsError>,
    snapshots: Result<(), AwsError>,
    keys: Result<(), AwsError>,
) -> [Result<Late, AwsError>; 5] {
    use crate::kinds::{ami, ebs_snapshot, key_pair};
    let launched = instances.as_ref().ok().map(|per_image| Fact::Count {
        key: ami::INSTANCES,
        by_id: per_image.images.clone(),
    });
    let keyed = instances.as_ref().ok().map(|per_image| Fact::Count {
        key: key_pair::INSTANCES,
        by_id: per_image.keys.clone(),
    });
    let exists = volumes.as_ref().ok().map(|ids| Fact::Exists {
        key: ebs_snapshot::VOLUME_EXISTS,
        of: ebs_snapshot::VOLUME,
        ids: ids.clone(),
    });
    let used_by = images.as_ref().ok().map(|by_snapshot| Fact::Named {
        key: ebs_snapshot::AMI,
        by_id: by_snapshot.clone(),
    });
    [
        instance_end(instances.map(drop), statuses),
        volumes.map(|_| Late::none()),
        images.map(|_| Late::of(launched)),
        snapshots.map(|()| Late::of(exists.into_iter().chain(used_by))),
        keys.map(|()| Late::of(keyed)),
    ]
}

/// The instances' end: their STATUS from the status checks; either
/// listing failing fails the instances.
fn instance_end(instances: Result<(), AwsError>, statuses: Result<Checks, AwsError>) -> Result<Late, AwsError> {
    instances?;
    Ok(Late::of([Fact::Checks {
        key: STATUS_CHECKS,
        checks: statuses?,
    }]))
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
    r.set(KEY_NAME, i.key_name().unwrap_or_default());
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

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::types::{InstanceStatusSummary, SummaryStatus as S};

    use super::*;

    /// The STATUS of `i-1` in `state` with `status` as the SDK gives it.
    fn status_checks(state: &str, status: Option<&InstanceStatus>) -> &'static str {
        let mut checks = Checks::default();
        if let Some(s) = status {
            checks.push("i-1", worst_check(s));
        }
        checks.sorted().status("i-1", state)
    }

    fn status(system: S, instance: S) -> InstanceStatus {
        InstanceStatus::builder()
            .instance_id("i-1")
            .system_status(InstanceStatusSummary::builder().status(system).build())
            .instance_status(InstanceStatusSummary::builder().status(instance).build())
            .build()
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

    /// The instances' end is data: printed, it names each instance's
    /// worst check; compared, it is equal to the same checks made again.
    #[test]
    fn the_instances_late_facts_print_and_compare() {
        let checks = || {
            let mut c = Checks::default();
            c.push("i-0123456789abcdef0", "impaired");
            c.push("i-0a", "ok");
            c.sorted()
        };
        let end = instance_end(Ok(()), Ok(checks())).expect("listed");
        let printed = format!("{end:?}");
        assert!(
            printed.starts_with("Late([Checks { key: DetailKey { key: \"status_checks\""),
            "{printed}"
        );
        assert!(
            printed.ends_with(r#"checks: {"i-0a": "ok", "i-0123456789abcdef0": "impaired"} }])"#),
            "{printed}"
        );
        assert_eq!(end, instance_end(Ok(()), Ok(checks())).expect("listed"));
        let mut other = Checks::default();
        other.push("i-0a", "impaired");
        assert_ne!(end, instance_end(Ok(()), Ok(other.sorted())).expect("listed"));
        let denied = AwsError::new("UnauthorizedOperation", "no");
        assert_eq!(
            instance_end(Ok(()), Err(denied.clone())),
            Err(denied),
            "no STATUS: the cell fails"
        );

        let mut row = Resource::new(ResourceKind::Ec2Instance, "eu-west-1", "i-0a");
        row.state = "running".into();
        end.apply(&mut row);
        assert_eq!(row.detail_str(STATUS_CHECKS), "ok");
    }
}
