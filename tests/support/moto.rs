//! A real moto server on a free loopback port, killed on drop. If the test
//! process dies any other way, moto sees its stdin close and exits too.

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

const WRAPPER: &str = r#"
import sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(sys.argv[1]), verbose=False)
server.start()
sys.stdin.read()
server.stop()
"#;

pub struct Moto {
    child: Child,
    _stdin: ChildStdin,
    pub port: u16,
    pub url: String,
}

/// The Python of the project's `.venv` (made by `scripts/test`), or `$MOTO_PYTHON`.
pub fn python() -> PathBuf {
    std::env::var_os("MOTO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Moto {
    /// Starts moto and waits until it answers. Panics (fails the test, never
    /// skips it) when moto cannot be started.
    pub fn start() -> Moto {
        let port = free_port();
        let python = python();
        let mut child = Command::new(&python)
            .args(["-c", WRAPPER, &port.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start moto with {} ({e}); run scripts/test to create .venv",
                    python.display()
                )
            });
        let stdin = child.stdin.take().expect("piped stdin");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if ureq::get(&format!("{url}/moto-api/data.json"))
                .timeout(Duration::from_secs(2))
                .call()
                .is_ok()
            {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("moto exited at start ({status}); is moto[server] installed in .venv?");
            }
            assert!(Instant::now() < deadline, "moto did not answer on {url} within 60s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            child,
            _stdin: stdin,
            port,
            url,
        }
    }

    /// POSTs to moto's control API.
    pub fn post(&self, path: &str, body: &str) {
        ureq::post(&format!("{}{path}", self.url))
            .send_string(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self._stdin.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
