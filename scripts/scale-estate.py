"""A 100,000-instance EC2 estate on loopback, for measuring the binary at scale.

    .venv/bin/python scripts/scale-estate.py PORT INSTANCES REGION[,REGION...]

moto cannot serve such an estate in useful time: seeded to 100,000
instances, one `--once` run did not finish in 20 minutes, because moto
builds every answer from all its instances, under one interpreter lock.
So this script runs moto (in its own process, on a free port) with one
instance per region, and in front of it, on 127.0.0.1:PORT, a small proxy:
DescribeInstances and DescribeInstanceStatus in the listed regions are
answered with pages of moto's own answer for that region's instance,
repeated with distinct ids and names (INSTANCES in all, spread over the
regions), paged at MaxResults with a NextToken as AWS pages them. Every
other call goes to moto unchanged. Prints `ready` once serving, then serves
until killed. Dev and measurement only (scripts/rss); tests use moto itself.
"""

import http.client
import re
import socket
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from moto.ec2.models import ec2_backends
from moto.server import ThreadedMotoServer

ACCOUNT = "123456789012"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(port: int, region: str, body: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    auth = f"AWS4-HMAC-SHA256 Credential=t/20260101/{region}/ec2/aws4_request, SignedHeaders=host, Signature=x"
    conn.request("POST", "/", body, {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"})
    return conn.getresponse().read().decode()


def between(text: str, start: str, end: str) -> tuple[str, str, str]:
    """`text` split at the first `start` and the last `end`: before, inner, after."""
    a = text.index(start) + len(start)
    b = text.rindex(end)
    return text[:a], text[a:b], text[b:]


class Region:
    """One region's templates: moto's answer for its one instance."""

    def __init__(self, moto: int, region: str, index: int, count: int):
        self.count, self.index = count, index
        listing = ask(moto, region, "Action=DescribeInstances&Version=2016-11-15")
        head, self.reservation, tail = between(listing, "<reservationSet>", "</reservationSet>")
        self.head = re.sub(r"<nextToken>.*?</nextToken>", "", head)
        self.tail = tail
        self.instance = re.search(r"<instanceId>(i-[0-9a-f]+)</instanceId>", self.reservation).group(1)
        self.reservation_id = re.search(r"<reservationId>(r-[0-9a-f]+)</reservationId>", self.reservation).group(1)
        status = ask(moto, region, "Action=DescribeInstanceStatus&Version=2016-11-15&IncludeAllInstances=true")
        self.status_head, self.status, self.status_tail = between(
            status, "<instanceStatusSet>", "</instanceStatusSet>"
        )
        self.status_tail = re.sub(r"<nextToken>.*?</nextToken>", "", self.status_tail)

    def ids(self, n: int) -> str:
        return f"{self.index:02x}{n:015x}"

    def page(self, form: dict, statuses: bool) -> str:
        start = int(form.get("NextToken", "0") or 0)
        size = max(5, min(int(form.get("MaxResults", "1000")), 1000))
        end = min(start + size, self.count)
        if statuses:
            items = "".join(self.status.replace(self.instance, "i-" + self.ids(n)) for n in range(start, end))
            head, tail = self.status_head, self.status_tail
        else:
            items = "".join(
                self.reservation.replace(self.instance, "i-" + self.ids(n))
                .replace(self.reservation_id, "r-" + self.ids(n))
                .replace("<value>fleet</value>", f"<value>fleet-{n}</value>")
                for n in range(start, end)
            )
            head, tail = self.head, self.tail
        token = f"<nextToken>{end}</nextToken>" if end < self.count else ""
        return head + items + tail.replace("</requestId>", f"</requestId>{token}", 1)


def main() -> None:
    port, count, names = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(",")
    moto = free_port()
    ThreadedMotoServer(ip_address="127.0.0.1", port=moto, verbose=False).start()
    regions = {}
    for i, name in enumerate(names):
        ec2_backends[ACCOUNT][name].run_instances(
            "ami-12c6146b",
            1,
            None,
            [],
            instance_type="m5.large",
            is_instance_type_default=False,
            region_name=name,
            tags={"instance": {"Name": "fleet", "Environment": "production", "Team": "fleet"}},
        )
        share = count // len(names) + (1 if i < count % len(names) else 0)
        regions[name] = Region(moto, name, i, share)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            form = dict(urllib.parse.parse_qsl(body.decode(errors="replace")))
            scope = re.search(r"Credential=[^/]+/[^/]+/([^/]+)/ec2/", self.headers.get("Authorization", ""))
            region = regions.get(scope.group(1)) if scope else None
            action = form.get("Action")
            if region and action in ("DescribeInstances", "DescribeInstanceStatus") and not any(
                k.startswith(("InstanceId", "Filter")) for k in form
            ):
                self.answer(200, region.page(form, action == "DescribeInstanceStatus").encode(), "text/xml")
                return
            self.forward(body)

        def do_GET(self):
            self.forward(b"")

        def do_PUT(self):
            self.forward(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def do_HEAD(self):
            self.forward(b"")

        def forward(self, body: bytes):
            conn = http.client.HTTPConnection("127.0.0.1", moto, timeout=300)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "content-length")}
            conn.request(self.command, self.path, body, headers)
            r = conn.getresponse()
            data = r.read()
            self.answer(r.status, data, r.getheader("Content-Type", "text/xml"), r.getheaders())

        def answer(self, status: int, data: bytes, kind: str, headers=()):
            self.send_response(status)
            for k, v in headers:
                if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server", "content-type"):
                    self.send_header(k, v)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"ready {count} instances in {len(names)} regions", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
