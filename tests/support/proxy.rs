//! A small fault-injecting HTTP proxy in front of moto, on loopback. It reads
//! the region and service from each request's SigV4 credential scope and,
//! when a rule matches, answers with the fault instead of forwarding.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
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
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub region: &'static str,
    /// The signing name: ec2, rds, s3, lambda, eks, elasticmapreduce.
    pub service: &'static str,
    /// Only requests whose head or body contain this (e.g. `Action=DescribeVolumes`).
    pub contains: Option<&'static str>,
    pub fault: Fault,
}

pub struct FaultProxy {
    pub url: String,
    pub rules: Arc<Mutex<Vec<Rule>>>,
}

impl FaultProxy {
    pub fn start(upstream_port: u16, rules: Vec<Rule>) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
        let rules = Arc::new(Mutex::new(rules));
        let shared = rules.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let rules = shared.clone();
                std::thread::spawn(move || serve(conn, upstream_port, &rules));
            }
        });
        FaultProxy { url, rules }
    }

    pub fn set(&self, rules: Vec<Rule>) {
        *self.rules.lock().expect("rules") = rules;
    }
}

/// One request per connection: read it, then fault or forward it.
fn serve(mut client: TcpStream, upstream_port: u16, rules: &Mutex<Vec<Rule>>) {
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
        .find(|r| r.region == region && r.service == service && r.contains.is_none_or(|c| text.contains(c)))
        .cloned();
    match rule.map(|r| r.fault) {
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
        None => {
            let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
                return;
            };
            let request = force_close(&request);
            if upstream.write_all(&request).is_err() {
                return;
            }
            let mut response = Vec::new();
            let _ = upstream.read_to_end(&mut response);
            let _ = client.write_all(&response);
        }
    }
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
