//! The default of each setting a flag can change, defined once: the flags,
//! the poller, the AWS set-up and the cost cache all read them here.

use std::time::Duration;

/// Time between refreshes (`--refresh`).
pub const REFRESH: Duration = Duration::from_secs(60);

/// Most AWS listings in flight at once (`--concurrency`).
pub const CONCURRENCY: u16 = 32;

/// Longest one AWS call may take, retries included (`--call-timeout`).
pub const CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// How long cached cost figures are used before Cost Explorer is asked
/// again (`--cost-ttl`).
pub const COST_TTL: Duration = Duration::from_secs(6 * 3600);
