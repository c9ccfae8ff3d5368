//! EC2 key pairs. The id is the key's name. Listed with the EC2 instances
//! (`listed_with`): how many instances use a key comes from the instances'
//! listing of the same cycle, with no call of its own.

use super::{KindDef, ResourceKind, States, age_of, count, id, text};

detail_keys! {
    /// The `key-…` id.
    KEY_PAIR_ID,
    /// `rsa` or `ed25519`.
    TYPE,
    FINGERPRINT,
    CREATED,
    /// How many instances (not terminated) were launched with it (absent
    /// when the instances could not be listed).
    INSTANCES,
}

/// The one state of a key pair.
pub const AVAILABLE: &str = "available";

pub static KIND: KindDef = KindDef {
    listed_with: Some(ResourceKind::Ec2Instance),
    columns: &[
        id(22),
        text(KEY_PAIR_ID, 21),
        text(TYPE, 7),
        count(INSTANCES, 9),
        text(FINGERPRINT, 30),
        age_of(CREATED, 5),
    ],
    states: States {
        good: &[AVAILABLE],
        ..States::NONE
    },
    console: "https://{host}/ec2/home?region={region}#KeyPairs:search={id}",
    late: &[INSTANCES],
    ..KindDef::new(
        ResourceKind::KeyPair,
        "ec2",
        "key pairs",
        "Keys",
        "key pair",
        &["key", "kp", "keys", "keypair", "keypairs"],
    )
};
