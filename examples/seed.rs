//! Seeds a local moto server with a realistic estate (dev only; the shipped
//! binary never writes to AWS).
//!
//! `cargo run --example seed -- --endpoint-url http://127.0.0.1:5000 [--scale N] [--org]`
//!
//! `--org` also makes an organization with two member accounts (`dev` and
//! `prod`), each with a little estate of its own: watch all three with
//! `aws-monitor --org-role AwsMonitorReadOnly`.

#[allow(dead_code, unused_imports, reason = "the tests use more of the seeder than the demo")]
#[path = "../tests/support/seed/mod.rs"]
mod seed;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut endpoint = std::env::var("AWS_ENDPOINT_URL").ok();
    let mut scale = 0u32;
    let mut with_org = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--endpoint-url" => endpoint = it.next().cloned(),
            "--scale" => {
                scale = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| anyhow::anyhow!("--scale takes a whole number"))?
            }
            "--org" => with_org = true,
            other => anyhow::bail!("unknown argument {other:?}; usage: seed --endpoint-url URL [--scale N] [--org]"),
        }
    }
    let endpoint = endpoint.ok_or_else(|| anyhow::anyhow!("give --endpoint-url URL (a local moto server)"))?;
    anyhow::ensure!(
        endpoint.starts_with("http://127.0.0.1")
            || endpoint.starts_with("http://localhost")
            || endpoint.starts_with("http://[::1]"),
        "the seeder writes only to a local emulator on loopback, not {endpoint}"
    );
    let started = std::time::Instant::now();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (summary, members) = rt.block_on(seed::seed_accounts(&endpoint, scale, with_org))?;
    let total: usize = summary.counts.values().sum();
    eprintln!("seeded {total} resources in {:.1}s", started.elapsed().as_secs_f64());
    for (id, name) in members {
        eprintln!("member account {name}: {id} (role {})", seed::MEMBER_ROLE);
    }
    Ok(())
}
