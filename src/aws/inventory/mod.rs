//! The inventory adapters: one file per kind (named as its file in
//! `src/kinds/`), each a [`Listing`] that lists a region to the end, counts
//! every call, converts SDK types into [`Resource`]s, makes `doctor`'s one
//! cheap probe, and declares the operations it calls (for `policy` and the
//! call-site scan). [`LISTINGS`] is the table the poller, doctor and policy
//! derive from.
//!
//! Each adapter file states its kind, operations, listing and probe by
//! implementing [`Lister`] (or, reporting one kind only, [`OneKind`], which
//! adds the tally and the one result); the boxed, object-safe [`Listing`]
//! is made from it here, once. The shared steps of a listing are here too:
//! [`each_page`] and [`all_pages`] (paginate, count, convert; [`all_items`]
//! keeps the SDK's items, [`Cx::resources`] converts and hands each page
//! over), [`fan_out`] (one call per item, several at once) and
//! [`ec2_resource`] (an EC2 resource named by its tags).
//!
//! Every listing delivers its rows one way: it hands them over to the
//! [`PageSink`] ([`Cx::hand`]) and keeps none, page by page as they arrive
//! or, for a listing that joins something to its rows before they are
//! whole (tags from GetResources, a security group's interfaces, an EMR
//! cluster's description), all at its end, in one page. Its result is then
//! only what completes the rows handed over: its late facts
//! ([`crate::model::Late`], none for most), or its error.
//!
//! A kind listed with another (`listed_with`) has no adapter of its own: the
//! host's listing makes its calls and reports it, and its file here only
//! converts (EBS volumes, AMIs and snapshots come with the EC2 instances).

mod ami;
mod autoscaling_group;
mod cloudwatch_alarm;
mod ebs_snapshot;
mod ebs_volume;
mod ec2_instance;
mod ecs_cluster;
mod ecs_service;
mod eks_cluster;
mod elastic_ip;
mod emr_cluster;
mod key_pair;
mod lambda_function;
mod load_balancer;
mod nat_gateway;
mod rds_instance;
mod s3_bucket;
mod security_group;
mod tagging;
mod vpc;

use std::error::Error;

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_async::future::pagination_stream::PaginationStream;
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};

use super::ops::{Operation, ec2};
use super::{Aws, KindResult, Tally, aws_error, tags};
use crate::model::{AwsError, Job, Late, Resource, ResourceKind};

/// How many per-item calls of one listing run at once.
pub(super) const FAN_OUT: usize = 16;

/// The largest pages (250 instances: a megabyte or more of response and
/// as much again of the SDK's structs until they become rows) in flight at
/// once, in the whole process. Unbounded, memory at a cycle's peak grew with
/// the number of regions listing large fleets at the same moment, not with
/// the estate; bounded, a 100,000-instance estate over five regions peaks
/// a few megabytes lower and varies half as much from run to run
/// (scripts/rss). Two, not four: once the TUI held its rows once, the pages
/// in flight were the largest part of its peak left (about 3 MB each),
/// and its median peak over that estate went from 64 to 60 MB (3 runs
/// each, tmux). Each region still reads its own pages in order, so only
/// estates with several large regions wait for a permit.
static LARGE_PAGES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// The listings whose pages take a [`LARGE_PAGES`] permit.
const LARGE_PAGED: &[Operation] = &[ec2::DESCRIBE_INSTANCES];

/// Where a listing hands its rows over, a page at a time, before it ends:
/// the listing keeps none of them (the poller's sink stamps them with
/// their account and sends each as an `Event::Page`).
pub type PageSink = dyn Fn(ResourceKind, Vec<Resource>) + Send + Sync;

/// What a listing is given: the SDK configs, the region it lists, the
/// regions of the cycle (a global listing keeps only what lives in them),
/// and where its pages go as they arrive.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    pub aws: &'a Aws,
    pub region: &'a str,
    pub selected: &'a [String],
    pub pages: &'a PageSink,
    /// Nothing is on screen yet: a listing that can should ask for a small
    /// first page, for the first rows, then the largest pages.
    pub quick_start: bool,
}

impl Cx<'_> {
    /// Hands one page of rows over to the sink (an empty page is not
    /// sent). Rows handed over are not kept: a large region's rows are held
    /// once, by whoever owns them, not also here until the listing ends.
    /// The listing's [`KindResult`] completes them.
    pub(super) fn hand(&self, kind: ResourceKind, rows: Vec<Resource>) {
        if !rows.is_empty() {
            (self.pages)(kind, rows);
        }
    }
}

impl Cx<'_> {
    /// An SDK client for the region: `cx.client(Client::new)`.
    pub fn client<C>(&self, new: fn(&aws_config::SdkConfig) -> C) -> C {
        new(&self.aws.regional(self.region))
    }

    /// [`each_page`] of `kind`'s resources: each item converted for this
    /// region, each page handed over as it arrives.
    pub(super) async fn resources<O, E, I>(
        &self,
        kind: ResourceKind,
        pages: PaginationStream<Result<O, SdkError<E, HttpResponse>>>,
        tally: &Tally,
        op: Operation,
        items: impl Fn(&O) -> &[I],
        convert: impl Fn(&I, &str) -> Resource,
    ) -> Result<(), AwsError>
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
    {
        each_page(pages, tally, op, |page| {
            self.hand(kind, items(&page).iter().map(|i| convert(i, self.region)).collect())
        })
        .await
    }
}

/// One adapter, as the poller, doctor and policy see it. An adapter file
/// implements [`Lister`] (or [`OneKind`]) and gets this from it.
pub trait Listing: Sync {
    /// The kind it lists; it reports that kind and those listed with it
    /// ([`ResourceKind::listing_members`]), one result each, in that order.
    fn kind(&self) -> ResourceKind;

    /// Every SDK operation this file calls, with its IAM action.
    fn operations(&self) -> &'static [Operation];

    /// Lists `cx.region` to the end of every page, handing its rows over
    /// to `cx.pages`; one end per kind it reports.
    fn list<'a>(&'a self, cx: Cx<'a>) -> BoxFuture<'a, Vec<KindResult>>;

    /// `doctor`'s probe of one of the kinds the listing reports: the first
    /// page of its listing, as small as the API allows.
    fn probe_member<'a>(
        &'a self,
        kind: ResourceKind,
        aws: &'a Aws,
        region: &'a str,
    ) -> BoxFuture<'a, Result<(), AwsError>>;

    /// The counted label of [`Listing::probe_member`]'s call.
    fn probe_member_api(&self, kind: ResourceKind) -> &'static str;

    /// The counted label of the listing's own probe: its first operation.
    fn probe_api(&self) -> &'static str {
        self.operations().first().map_or("", |o| o.api)
    }
}

/// What an adapter file states: its kind, its operations, how it lists a
/// region and how it probes each kind it reports.
pub(super) trait Lister: Sync {
    const KIND: ResourceKind;

    /// Every SDK operation the file calls, with its IAM action.
    const OPERATIONS: &'static [Operation];

    /// Lists `cx.region` to the end, handing every row over ([`Cx::hand`]):
    /// one end for each kind it reports, in
    /// [`ResourceKind::listing_members`] order.
    fn list(cx: Cx<'_>) -> impl Future<Output = Vec<KindResult>> + Send;

    /// `doctor`'s probe of `kind` in `cx.region`: the first page of its
    /// listing, as small as the API allows (answered or not; see [`probed`]).
    fn probe(kind: ResourceKind, cx: Cx<'_>) -> impl Future<Output = Result<(), AwsError>> + Send;

    /// The counted label of the probe of `kind`: the first operation's.
    fn probe_api(kind: ResourceKind) -> &'static str {
        let _ = kind;
        Self::OPERATIONS.first().map_or("", |o| o.api)
    }
}

impl<T: Lister> Listing for T {
    fn kind(&self) -> ResourceKind {
        T::KIND
    }

    fn operations(&self) -> &'static [Operation] {
        T::OPERATIONS
    }

    fn list<'a>(&'a self, cx: Cx<'a>) -> BoxFuture<'a, Vec<KindResult>> {
        Box::pin(<T as Lister>::list(cx))
    }

    fn probe_member<'a>(
        &'a self,
        kind: ResourceKind,
        aws: &'a Aws,
        region: &'a str,
    ) -> BoxFuture<'a, Result<(), AwsError>> {
        let cx = Cx {
            aws,
            region,
            selected: &[],
            pages: &|_, _| {},
            quick_start: false,
        };
        Box::pin(<T as Lister>::probe(kind, cx))
    }

    fn probe_member_api(&self, kind: ResourceKind) -> &'static str {
        <T as Lister>::probe_api(kind)
    }
}

/// A [`Lister`] of one kind and nothing listed with it, with no late facts:
/// the tally, the one result and the handing over of the rows it returns
/// are the same for all, here once.
pub(super) trait OneKind: Sync {
    const KIND: ResourceKind;

    /// Every SDK operation the file calls, with its IAM action.
    const OPERATIONS: &'static [Operation];

    /// Lists `cx.region` to the end, counting each call in `tally`: the
    /// rows it returns are handed over at its end, after any it handed
    /// over as pages ([`Cx::resources`]).
    fn list(cx: Cx<'_>, tally: &Tally) -> impl Future<Output = Result<Vec<Resource>, AwsError>> + Send;

    /// `doctor`'s probe in `cx.region`: the first page of the listing, as
    /// small as the API allows (answered or not; see [`probed`]).
    fn probe(cx: Cx<'_>) -> impl Future<Output = Result<(), AwsError>> + Send;
}

impl<T: OneKind> Lister for T {
    const KIND: ResourceKind = <T as OneKind>::KIND;
    const OPERATIONS: &'static [Operation] = <T as OneKind>::OPERATIONS;

    async fn list(cx: Cx<'_>) -> Vec<KindResult> {
        let tally = Tally::default();
        let result = <T as OneKind>::list(cx, &tally).await;
        vec![counted(&cx, <T as OneKind>::KIND, tally, result)]
    }

    async fn probe(_: ResourceKind, cx: Cx<'_>) -> Result<(), AwsError> {
        <T as OneKind>::probe(cx).await
    }
}

/// Every listing. A kind with no listing here fails
/// `every_kind_has_one_listing`, by name.
pub static LISTINGS: &[&dyn Listing] = &[
    &ec2_instance::Adapter,
    &security_group::Adapter,
    &elastic_ip::Adapter,
    &rds_instance::Adapter,
    &s3_bucket::Adapter,
    &lambda_function::Adapter,
    &eks_cluster::Adapter,
    &emr_cluster::Adapter,
    &vpc::Adapter,
    &cloudwatch_alarm::Adapter,
    &ecs_cluster::Adapter,
    &load_balancer::Adapter,
    &autoscaling_group::Adapter,
    &nat_gateway::Adapter,
];

/// The listing of a kind that has one of its own.
pub fn listing(kind: ResourceKind) -> Option<&'static dyn Listing> {
    LISTINGS.iter().copied().find(|l| l.kind() == kind)
}

/// The listing that reports a kind: its own, or its host's.
pub fn host(kind: ResourceKind) -> Option<&'static dyn Listing> {
    listing(kind.def().listed_with.unwrap_or(kind))
}

impl Aws {
    /// Runs one job to the end of its pagination, handing its rows to
    /// `pages`; one end per kind. `selected` is the region set of the
    /// cycle: global listings keep only what lives in it. `quick_start`
    /// asks for a small first page.
    pub async fn fetch(&self, job: &Job, selected: &[String], pages: &PageSink, quick_start: bool) -> Vec<KindResult> {
        let Some(l) = listing(job.kind) else {
            let err = AwsError::new("NoListing", format!("{} has no listing of its own", job.kind));
            return job
                .kinds()
                .iter()
                .map(|&kind| KindResult {
                    kind,
                    result: Err(err.clone()),
                    calls: Default::default(),
                })
                .collect();
        };
        l.list(Cx {
            aws: self,
            region: &job.region,
            selected,
            pages,
            quick_start,
        })
        .await
    }
}

/// One kind's end, with nothing late: the rows it gathered to the end
/// handed over now, with the calls its tally counted.
pub(super) fn counted(
    cx: &Cx<'_>,
    kind: ResourceKind,
    tally: Tally,
    result: Result<Vec<Resource>, AwsError>,
) -> KindResult {
    ended(
        kind,
        tally,
        result.map(|rows| cx.hand(kind, rows)).map(|()| Late::none()),
    )
}

/// One kind's end: its late facts (its rows handed over already), or its
/// error, with the calls its tally counted.
pub(super) fn ended(kind: ResourceKind, tally: Tally, result: Result<Late, AwsError>) -> KindResult {
    KindResult {
        kind,
        result,
        calls: tally.into_count(),
    }
}

/// Reads a paginated listing to its end: counts each page as `op`
/// before looking at it (failed pages count too), stops at the first error,
/// and hands each page to `each`. A page of one of the [`LARGE_PAGED`]
/// listings is asked for only with a [`LARGE_PAGES`] permit, held until
/// `each` has made it into rows.
pub(super) async fn each_page<O, E>(
    mut pages: PaginationStream<Result<O, SdkError<E, HttpResponse>>>,
    tally: &Tally,
    op: Operation,
    mut each: impl FnMut(O),
) -> Result<(), AwsError>
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    loop {
        // The semaphore is never closed: acquiring only waits.
        let _permit = match LARGE_PAGED.contains(&op) {
            true => LARGE_PAGES.acquire().await.ok(),
            false => None,
        };
        let Some(page) = pages.next().await else {
            return Ok(());
        };
        tally.page(op);
        each(page.map_err(aws_error)?);
    }
}

/// Reads a paginated listing to its end ([`each_page`]) and converts every
/// item that `items` finds on a page, all kept to the end.
pub(super) async fn all_pages<O, E, I, T>(
    pages: PaginationStream<Result<O, SdkError<E, HttpResponse>>>,
    tally: &Tally,
    op: Operation,
    items: impl Fn(&O) -> &[I],
    mut convert: impl FnMut(&I) -> T,
) -> Result<Vec<T>, AwsError>
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    let mut out = Vec::new();
    each_page(pages, tally, op, |page| {
        out.extend(items(&page).iter().map(&mut convert));
    })
    .await?;
    Ok(out)
}

/// [`all_pages`] of the items as the SDK gives them (nothing streamed).
pub(super) async fn all_items<O, E, I: Clone>(
    pages: PaginationStream<Result<O, SdkError<E, HttpResponse>>>,
    tally: &Tally,
    op: Operation,
    items: impl Fn(&O) -> &[I],
) -> Result<Vec<I>, AwsError>
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    all_pages(pages, tally, op, items, I::clone).await
}

/// Runs `call` for each item, [`FAN_OUT`] at once, and keeps the answers in
/// the items' order; the first error fails the whole.
pub(super) async fn fan_out<I, T, F>(items: I, call: impl FnMut(I::Item) -> F) -> Result<Vec<T>, AwsError>
where
    I: IntoIterator,
    F: Future<Output = Result<T, AwsError>>,
{
    futures::stream::iter(items)
        .map(call)
        .buffered(FAN_OUT)
        .try_collect()
        .await
}

/// An EC2 resource with its tags, named by its `Name` tag (else unnamed);
/// its id as the SDK gives it (empty when absent).
pub(super) fn ec2_resource(
    kind: ResourceKind,
    region: &str,
    id: Option<&str>,
    t: &[aws_sdk_ec2::types::Tag],
) -> Resource {
    let mut r = Resource::new(kind, region, id.unwrap_or_default());
    r.tags = tags(t.iter().map(|t| (t.key(), t.value())));
    r.name = r.tags.get("Name").unwrap_or_default().into();
    r
}

/// Awaits a probe's call and drops a successful answer: a probe only asks
/// whether the call works.
pub(super) async fn probed<O, E>(
    call: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
) -> Result<(), AwsError>
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    call.await.map(drop).map_err(aws_error)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesError;
    use aws_smithy_async::future::pagination_stream::fn_stream::FnStream;

    use super::*;

    /// The most pages in flight at once when eight listings of `op`, three
    /// pages each, run together: a page counts from the moment it is asked
    /// for until the listing has taken it.
    async fn most_in_flight(op: Operation) -> usize {
        let now = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tally = Tally::default();
        let listings = (0..8).map(|_| {
            let (asked, most) = (now.clone(), most.clone());
            let pages = PaginationStream::new(FnStream::new(move |tx| {
                Box::pin(async move {
                    for _ in 0..3 {
                        let n = asked.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        let page: Result<(), SdkError<DescribeInstancesError, HttpResponse>> = Ok(());
                        if tx.send(page).await.is_err() {
                            return;
                        }
                    }
                })
            }));
            let now = now.clone();
            let tally = &tally;
            async move {
                each_page(pages, tally, op, |()| {
                    now.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }
        });
        for listed in futures::future::join_all(listings).await {
            listed.expect("listed");
        }
        most.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn at_most_two_instance_pages_are_in_flight_in_the_whole_process() {
        assert_eq!(most_in_flight(ec2::DESCRIBE_INSTANCES).await, 2);
        assert_eq!(
            most_in_flight(ec2::DESCRIBE_VOLUMES).await,
            8,
            "other listings are not bounded"
        );
    }

    #[test]
    fn every_kind_has_one_listing() {
        for &k in ResourceKind::all() {
            let owners: Vec<ResourceKind> = LISTINGS
                .iter()
                .filter(|l| l.kind().listing_members().contains(&k))
                .map(|l| l.kind())
                .collect();
            assert_eq!(
                owners.len(),
                1,
                "{k} must be reported by exactly one listing, is by {owners:?}"
            );
            assert_eq!(listing(k).is_some(), k.has_own_listing(), "{k}: a listing of its own");
        }
    }

    #[test]
    fn every_listing_declares_its_calls() {
        for l in LISTINGS {
            let k = l.kind();
            assert!(!l.operations().is_empty(), "{k}: no operations");
            assert!(
                super::super::actions::action_for(l.probe_api()).is_some(),
                "{k}: probe label"
            );
        }
    }
}
