//! Every AWS SDK crate is built small in a release and cheaply in a bench
//! (its own `[profile.release.package.X]` and `[profile.bench.package.X]`
//! in Cargo.toml): a new `aws-sdk-*` dependency without them fails here.

use toml::Table;

fn manifest() -> Table {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let text = std::fs::read_to_string(path).expect("read Cargo.toml");
    text.parse().expect("Cargo.toml is TOML")
}

/// The `aws-sdk-*` crates in `[dependencies]`, sorted.
fn sdk_crates(cargo: &Table) -> Vec<String> {
    let deps = cargo["dependencies"].as_table().expect("[dependencies]");
    deps.keys().filter(|k| k.starts_with("aws-sdk-")).cloned().collect()
}

/// The crates of `cargo` that lack `[profile.<profile>.package.X]` with
/// `opt-level = want`.
fn missing(cargo: &Table, profile: &str, want: toml::Value) -> Vec<String> {
    let packages = cargo
        .get("profile")
        .and_then(|p| p.get(profile))
        .and_then(|p| p.get("package"))
        .and_then(|p| p.as_table());
    sdk_crates(cargo)
        .into_iter()
        .filter(|name| packages.and_then(|p| p.get(name)).and_then(|p| p.get("opt-level")) != Some(&want))
        .collect()
}

#[test]
fn every_sdk_crate_has_its_release_and_bench_profile() {
    let cargo = manifest();
    assert!(sdk_crates(&cargo).len() >= 10, "{:?}", sdk_crates(&cargo));
    let release = missing(&cargo, "release", toml::Value::from("z"));
    assert!(
        release.is_empty(),
        "no [profile.release.package.X] opt-level = \"z\": {release:?}"
    );
    let bench = missing(&cargo, "bench", toml::Value::from(0));
    assert!(
        bench.is_empty(),
        "no [profile.bench.package.X] opt-level = 0: {bench:?}"
    );
}

#[test]
fn a_crate_without_its_entries_is_named() {
    let cargo: Table = r#"
        [dependencies]
        aws-sdk-ec2 = "1"
        aws-sdk-new = "1"
        serde = "1"
        [profile.release.package.aws-sdk-ec2]
        opt-level = "z"
        [profile.bench.package.aws-sdk-ec2]
        opt-level = 0
        [profile.bench.package.aws-sdk-new]
        opt-level = 3
    "#
    .parse()
    .expect("toml");
    assert_eq!(missing(&cargo, "release", toml::Value::from("z")), ["aws-sdk-new"]);
    assert_eq!(missing(&cargo, "bench", toml::Value::from(0)), ["aws-sdk-new"]);
}
