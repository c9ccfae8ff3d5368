//! A small fault-injecting HTTP proxy in front of moto, on loopback. It reads
//! the region and service from each request's SigV4 credential scope and,
//! when a rule matches, answers with the fault instead of forwarding.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Fault {
    /// An AWS query-protocol (EC2-style) XML error.
    Ec2Error {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
    /// Never answer (the client's timeout must fire).
    Hang,
    /// Forward, then cut the answer into pages of `size` items with a next
    /// token, for the listings moto 5.2.5 answers in one page
    /// (DescribeVolumes, DescribeSubnets, DescribeSecurityGroups,
    /// DescribeSnapshots, ListFunctions, ListBuckets, GetMetricData, DescribeAlarms,
    /// ECS ListClusters and ListServices).
    Paginate { size: usize },
    // ---- Reliability faults (issue #6) ----
    /// A JSON-protocol error: `x-amzn-ErrorType` header and a
    /// `{"__type", "message"}` body (Lambda and EKS REST-JSON, EMR awsJson1.1).
    JsonError {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
    /// An awsQuery XML error, `<ErrorResponse><Error>` (RDS, STS).
    QueryError {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
    /// An S3 REST-XML error, `<Error>` at the root.
    S3Error {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
    /// Read the request, then close the connection without a byte of answer.
    Close,
    /// HTTP 200 whose body is neither XML nor JSON.
    Malformed,
    /// Forward, then send only half the body under the full Content-Length and close.
    Truncated,
    /// Read the request, then reset the connection (TCP RST, no answer).
    Reset,
    /// The first `n` matching requests get `fault`; later ones are forwarded.
    FailFirst {
        n: usize,
        fault: Box<Fault>,
        count: Arc<AtomicUsize>,
    },
    /// Answer with this status, content type and body (a recorded response,
    /// for what moto cannot serve, e.g. Cost Explorer's GetCostForecast).
    Respond {
        status: u16,
        content_type: &'static str,
        body: &'static str,
    },
}

impl Fault {
    /// `fault` for the first `n` matching requests, then the real answer.
    pub fn fail_first(n: usize, fault: Fault) -> Fault {
        Fault::FailFirst {
            n,
            fault: Box::new(fault),
            count: Arc::new(AtomicUsize::new(0)),
        }
    }
}

/// One request the proxy saw: its signing region and service, the query
/// action or path, and whether a fault answered it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub region: String,
    pub service: String,
    pub head: String,
    pub faulted: bool,
    pub at: std::time::Instant,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub region: &'static str,
    /// The signing name: ec2, rds, s3, lambda, eks, elasticmapreduce.
    pub service: &'static str,
    /// Only requests whose head or body contain this; `Action=X` matches
    /// the query action X exactly (`Action=DescribeInstances` is not
    /// DescribeInstanceStatus).
    pub contains: Option<&'static str>,
    pub fault: Fault,
}

pub struct FaultProxy {
    pub url: String,
    pub rules: Arc<Mutex<Vec<Rule>>>,
    /// Every request, in arrival order.
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl FaultProxy {
    pub fn start(upstream_port: u16, rules: Vec<Rule>) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
        let rules = Arc::new(Mutex::new(rules));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (shared, log) = (rules.clone(), seen.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (rules, log) = (shared.clone(), log.clone());
                std::thread::spawn(move || serve(conn, upstream_port, &rules, &log));
            }
        });
        FaultProxy { url, rules, seen }
    }

    /// The requests seen so far for (region, service) whose head or body contain `contains`.
    pub fn seen(&self, region: &str, service: &str, contains: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .expect("seen")
            .iter()
            .filter(|s| s.region == region && s.service == service && matches(&s.head, contains))
            .cloned()
            .collect()
    }

    pub fn set(&self, rules: Vec<Rule>) {
        *self.rules.lock().expect("rules") = rules;
    }
}

/// One request per connection: read it, then fault or forward it.
fn serve(mut client: TcpStream, upstream_port: u16, rules: &Mutex<Vec<Rule>>, seen: &Mutex<Vec<Seen>>) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    let Some(request) = read_request(&mut client) else {
        return;
    };
    let text = String::from_utf8_lossy(&request).to_string();
    let scope = text
        .split("Credential=")
        .nth(1)
        .map(|c| {
            c.split(',')
                .next()
                .unwrap_or_default()
                .split('/')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let (region, service) = (
        scope.get(2).cloned().unwrap_or_default(),
        scope.get(3).cloned().unwrap_or_default(),
    );
    let rule = rules
        .lock()
        .expect("rules")
        .iter()
        .find(|r| r.region == region && r.service == service && r.contains.is_none_or(|c| matches(&text, c)))
        .cloned();
    // A fail-first rule past its count forwards.
    let fault = match rule.map(|r| r.fault) {
        Some(Fault::FailFirst { n, fault, count }) => (count.fetch_add(1, Ordering::SeqCst) < n).then_some(*fault),
        other => other,
    };
    let head: String = text.lines().next().unwrap_or_default().to_string();
    let action = param(&text, "Action")
        .map(|a| format!(" Action={a}"))
        .unwrap_or_default();
    let target = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("x-amz-target:")
                .or_else(|| l.strip_prefix("X-Amz-Target:"))
        })
        .map(|t| format!(" target={}", t.trim()))
        .unwrap_or_default();
    seen.lock().expect("seen").push(Seen {
        region: region.clone(),
        service: service.clone(),
        head: format!("{head}{action}{target}"),
        faulted: fault.as_ref().is_some_and(|f| !matches!(f, Fault::Paginate { .. })),
        at: std::time::Instant::now(),
    });
    match fault {
        Some(Fault::Hang) => std::thread::sleep(Duration::from_secs(120)),
        Some(Fault::Ec2Error { status, code, message }) => {
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>fault</RequestID></Response>"
            );
            let _ = write!(
                client,
                "HTTP/1.1 {status} Fault\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Some(Fault::Paginate { size }) => {
            let response = forward(&request, upstream_port);
            let _ = client.write_all(&paginate(&text, &response, size));
        }
        Some(Fault::Respond {
            status,
            content_type,
            body,
        }) => {
            let _ = write!(
                client,
                "HTTP/1.1 {status} Recorded\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        None => {
            let _ = client.write_all(&forward(&request, upstream_port));
        }
        Some(Fault::JsonError { status, code, message }) => {
            let body = serde_json::json!({ "__type": code, "message": message, "Message": message }).to_string();
            let _ = write!(
                client,
                "HTTP/1.1 {status} Fault\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: {code}\r\nx-amzn-RequestId: fault\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Some(Fault::QueryError { status, code, message }) => {
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>"
            );
            let _ = write!(
                client,
                "HTTP/1.1 {status} Fault\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Some(Fault::S3Error { status, code, message }) => {
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault</RequestId></Error>"
            );
            let _ = write!(
                client,
                "HTTP/1.1 {status} Fault\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Some(Fault::Close) => {
            let _ = client.shutdown(std::net::Shutdown::Both);
        }
        Some(Fault::Malformed) => {
            let body = "this is not what AWS sends {<";
            let _ = write!(
                client,
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Some(Fault::Truncated) => {
            let response = forward(&request, upstream_port);
            let body_at = find(&response, b"\r\n\r\n").map_or(response.len(), |i| i + 4);
            let cut = body_at + (response.len() - body_at) / 2;
            let _ = client.write_all(&response[..cut]);
            let _ = client.shutdown(std::net::Shutdown::Both);
        }
        Some(Fault::Reset) => {
            // A zero linger makes the close an RST instead of a FIN.
            let _ = socket2::SockRef::from(&client).set_linger(Some(Duration::ZERO));
            drop(client);
        }
        Some(Fault::FailFirst { .. }) => unreachable!("resolved above"),
    }
}

fn forward(request: &[u8], upstream_port: u16) -> Vec<u8> {
    let mut response = Vec::new();
    if let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", upstream_port))
        && upstream.write_all(&force_close(request)).is_ok()
    {
        let _ = upstream.read_to_end(&mut response);
    }
    response
}

/// Whether a request (or a seen head) contains `wanted`; `Action=X` must
/// name the action exactly.
fn matches(text: &str, wanted: &str) -> bool {
    match wanted.strip_prefix("Action=") {
        Some(action) => param(text, "Action") == Some(action),
        None => text.contains(wanted),
    }
}

/// A query parameter of the request line or the form body.
fn param<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("{name}=");
    request
        .split(['?', '&', ' ', '\n', '\r'])
        .find_map(|part| part.strip_prefix(needle.as_str()))
        .filter(|v| !v.is_empty())
}

/// Cuts one listing answer down to a page: the token is the offset of the
/// next item. The page size is the request's own (MaxResults, MaxItems) or
/// `size` when it names none.
fn paginate(request: &str, response: &[u8], size: usize) -> Vec<u8> {
    let Some(split) = find(response, b"\r\n\r\n") else {
        return response.to_vec();
    };
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let body = String::from_utf8_lossy(&response[split + 4..]).to_string();
    let token = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| param(request, n))
            .and_then(|t| t.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let page = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| param(request, n))
            .and_then(|t| t.parse::<usize>().ok())
            .unwrap_or(size)
    };
    let new_body = if request.contains("Action=DescribeVolumes") {
        let (from, n) = (token(&["NextToken"]), page(&["MaxResults"]));
        cut_xml(&body, "volumeSet", "item", from, n, "nextToken")
    } else if request.contains("Action=DescribeSubnets") {
        let (from, n) = (token(&["NextToken"]), page(&["MaxResults"]));
        cut_xml(&body, "subnetSet", "item", from, n, "nextToken")
    } else if request.contains("Action=DescribeAlarms") {
        let (from, n) = (token(&["NextToken"]), page(&["MaxRecords"]));
        cut_alarms(&body, from, n)
    } else if request.contains("Action=DescribeSecurityGroups") {
        let (from, n) = (token(&["NextToken"]), page(&["MaxResults"]));
        cut_xml(&body, "securityGroupInfo", "item", from, n, "nextToken")
    } else if request.contains("Action=DescribeSnapshots") {
        let (from, n) = (token(&["NextToken"]), page(&["MaxResults"]));
        cut_xml(&body, "snapshotSet", "item", from, n, "nextToken")
    } else if request.contains("Action=GetMetricData") {
        // Pages of results (each with all its datapoints), as CloudWatch
        // may split a batch when its answer is large.
        cut_xml(
            &body,
            "MetricDataResults",
            "member",
            token(&["NextToken"]),
            size,
            "NextToken",
        )
    } else if request.contains("/2015-03-31/functions") {
        let (from, n) = (token(&["Marker"]), page(&["MaxItems"]));
        let mut v: serde_json::Value = serde_json::from_str(&body).expect("ListFunctions json");
        let all = v["Functions"].as_array().cloned().unwrap_or_default();
        v["Functions"] = serde_json::Value::Array(all.iter().skip(from).take(n).cloned().collect());
        if from + n < all.len() {
            v["NextMarker"] = serde_json::Value::String((from + n).to_string());
        }
        v.to_string()
    } else if request.contains("x-id=ListBuckets") || request.starts_with("GET /?") || request.starts_with("GET / ") {
        // The request asks for the largest page (10,000); the rule's size cuts it.
        let (from, n) = (token(&["continuation-token"]), size.min(page(&["max-buckets"])));
        cut_xml(&body, "Buckets", "Bucket", from, n, "ContinuationToken")
    } else if let Some(list) = ecs_list(request) {
        cut_ecs(request, &body, list, size)
    } else {
        body
    };
    let head: Vec<String> = head
        .lines()
        .filter(|l| !l.to_lowercase().starts_with("content-length:"))
        .map(str::to_string)
        .collect();
    format!(
        "{}\r\nContent-Length: {}\r\n\r\n{new_body}",
        head.join("\r\n"),
        new_body.len()
    )
    .into_bytes()
}

/// The list an ECS listing answers with (awsJson1.1, named by its
/// `X-Amz-Target`), for the ECS listings moto answers in one page.
fn ecs_list(request: &str) -> Option<&'static str> {
    if request.contains("AmazonEC2ContainerServiceV20141113.ListClusters") {
        Some("clusterArns")
    } else if request.contains("AmazonEC2ContainerServiceV20141113.ListServices") {
        Some("serviceArns")
    } else {
        None
    }
}

/// An ECS listing page: the request's JSON body names the page
/// (`maxResults`, else `size`) and where it starts (`nextToken`).
fn cut_ecs(request: &str, body: &str, list: &str, size: usize) -> String {
    let input: serde_json::Value = request
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or_default();
    let from: usize = input["nextToken"].as_str().and_then(|t| t.parse().ok()).unwrap_or(0);
    let n = input["maxResults"].as_u64().map_or(size, |n| n as usize);
    let mut v: serde_json::Value = serde_json::from_str(body).expect("ECS listing json");
    let all = v[list].as_array().cloned().unwrap_or_default();
    v[list] = serde_json::Value::Array(all.iter().skip(from).take(n).cloned().collect());
    if from + n < all.len() {
        v["nextToken"] = serde_json::Value::String((from + n).to_string());
    }
    v.to_string()
}

/// A DescribeAlarms page: the metric alarms, then the composite ones, as
/// one list cut at `from..from+n`, with a `NextToken` when more remain.
fn cut_alarms(body: &str, from: usize, n: usize) -> String {
    let metric = xml_items(body, "MetricAlarms", "member").len();
    let composite = xml_items(body, "CompositeAlarms", "member").len();
    let end = (from + n).min(metric + composite);
    let (m_from, m_end) = (from.min(metric), end.min(metric));
    let (c_from, c_end) = (from.saturating_sub(metric), end.saturating_sub(metric));
    let body = cut_xml(body, "MetricAlarms", "member", m_from, m_end - m_from, "");
    let body = cut_xml(
        &body,
        "CompositeAlarms",
        "member",
        c_from,
        c_end.saturating_sub(c_from),
        "",
    );
    if end < metric + composite {
        body.replacen(
            "</DescribeAlarmsResult>",
            &format!("<NextToken>{end}</NextToken></DescribeAlarmsResult>"),
            1,
        )
    } else {
        body
    }
}

/// The `<item>` elements (which may nest) of the `<list>` element.
fn xml_items<'a>(body: &'a str, list: &str, item: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{list}>"), format!("</{list}>"));
    let (Some(start), Some(end)) = (body.find(&open), body.rfind(&close)) else {
        return Vec::new();
    };
    let inner = &body[start + open.len()..end];
    let (item_open, item_close) = (format!("<{item}>"), format!("</{item}>"));
    let mut items = Vec::new();
    let (mut depth, mut at, mut item_start) = (0usize, 0usize, 0usize);
    while at < inner.len() {
        if inner[at..].starts_with(&item_open) {
            if depth == 0 {
                item_start = at;
            }
            depth += 1;
            at += item_open.len();
        } else if inner[at..].starts_with(&item_close) {
            depth -= 1;
            at += item_close.len();
            if depth == 0 {
                items.push(&inner[item_start..at]);
            }
        } else {
            at += inner[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    items
}

/// Keeps items `from..from+n` of the `<list>` element, whose items are
/// `<item>` elements that may nest, and adds `<token_tag>` when more remain
/// (no token when `token_tag` is empty).
fn cut_xml(body: &str, list: &str, item: &str, from: usize, n: usize, token_tag: &str) -> String {
    let (open, close) = (format!("<{list}>"), format!("</{list}>"));
    let (Some(start), Some(end)) = (body.find(&open), body.rfind(&close)) else {
        return body.to_string();
    };
    let items = xml_items(body, list, item);
    let kept: String = items.iter().skip(from).take(n).copied().collect();
    let more = if from + n < items.len() && !token_tag.is_empty() {
        format!("<{token_tag}>{}</{token_tag}>", from + n)
    } else {
        String::new()
    };
    format!(
        "{}{open}{kept}{close}{more}{}",
        &body[..start],
        &body[end + close.len()..]
    )
}

fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = stream.read(&mut chunk).ok()?;
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Some(buf);
        }
    }
}

/// Rewrites the request to close the connection after one answer.
fn force_close(request: &[u8]) -> Vec<u8> {
    let end = find(request, b"\r\n\r\n").unwrap_or(request.len());
    let head = String::from_utf8_lossy(&request[..end]);
    let mut out: Vec<u8> = head
        .lines()
        .filter(|l| !l.to_lowercase().starts_with("connection:"))
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes();
    out.extend_from_slice(b"\r\nConnection: close");
    out.extend_from_slice(&request[end..]);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
