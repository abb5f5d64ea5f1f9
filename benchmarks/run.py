"""Throughput, latency and size of Council's pages, as a ratio to a minimal Flask page in the same run.

Builds a demo database (the open thread grown to 50 posts; with --all also one of 5,000), runs
gunicorn (2 sync workers) on 127.0.0.1 for it and for benchmarks/baseline.py, signs in as the demo
member, and runs wrk against each page with 20 connections, accepting gzip as a browser does.
Prints req/s, the ratio to the minimal page, p50 and p99 latency, and the bytes on the wire.
Needs `wrk` (Debian package wrk).

    .venv/bin/python benchmarks/run.py [--seconds 10] [--connections 20] [--all] [--no-page-cache]

Each page is first requested for --warm seconds (not counted), as a reader's first visit fills the
kept pages (council/core/pages.py); --no-page-cache measures every request rendered in full.

Everything stays on the loopback interface (ports 5500-5599 by default, --port to move them) and
stops by itself. Figures on a shared machine are noisy: compare the ratios within one run."""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MEMBER = ("member@example.org", "kettle-orchard-2026")
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "en"}


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    non2xx: int


def build_database(path: Path, posts: int, page_cache: bool = True) -> dict[str, str]:
    env = dict(os.environ, FLASK_APP="wsgi.py", COUNCIL_DATABASE_URL=f"sqlite:///{path}",
               COUNCIL_RATELIMIT_ENABLED="false", COUNCIL_ENV="demo",
               COUNCIL_PAGE_CACHE="true" if page_cache else "false")
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([str(BIN / "flask"), "council", "demo", "--scale", str(posts)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


def serve(target: str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env or dict(os.environ),
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz" if env else f"http://127.0.0.1:{port}/",
                                   timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"{target} did not start")


def sign_in(port: int) -> str:
    """The session cookie of the demo member, signed in through the real form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login?lang=en").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": MEMBER[0], "password": MEMBER[1]})
    opener.open(f"http://127.0.0.1:{port}/login", data=data.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> Result:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = dict(
        (pct, _ms(value, unit)) for pct, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    )
    return Result(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=latency.get("50", float("nan")),
        p99_ms=latency.get("99", float("nan")),
        non2xx=int(non2xx.group(1)) if non2xx else 0,
    )


def on_the_wire(url: str, headers: dict[str, str]) -> tuple[int, str, str]:
    """(bytes of the body as sent, Content-Encoding, status) for a request with these headers."""
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:  # 304 and friends
        return len(error.read()), error.headers.get("Content-Encoding", "-"), str(error.code)
    body = response.read()
    return len(body), response.headers.get("Content-Encoding", "-"), str(response.status)


def etag_of(url: str, headers: dict[str, str]) -> str | None:
    response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)
    response.read()
    return response.headers.get("ETag")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=5501, help="first of three loopback ports")
    parser.add_argument("--all", action="store_true", help="also the directory, a council page, and a 5,000-post thread")
    parser.add_argument("--warm", type=int, default=2, help="seconds of requests before each page's measured run")
    parser.add_argument("--no-page-cache", action="store_true", help="render every request (COUNCIL_PAGE_CACHE=false)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="council-bench-"))
    base_port, small_port, large_port = args.port, args.port + 1, args.port + 2
    small = build_database(work / "small.db", 50, page_cache=not args.no_page_cache)
    servers = [serve("benchmarks.baseline:app", base_port), serve("wsgi:app", small_port, small)]
    cookies = {small_port: sign_in(small_port)}
    if args.all:
        large = build_database(work / "large.db", 5000, page_cache=not args.no_page_cache)
        servers.append(serve("wsgi:app", large_port, large))
        cookies[large_port] = sign_in(large_port)
    try:
        if args.warm:
            wrk(f"http://127.0.0.1:{base_port}/", args.warm, args.connections, BROWSER_HEADERS)
        base = wrk(f"http://127.0.0.1:{base_port}/", args.seconds, args.connections, BROWSER_HEADERS)
        print(f"{args.connections} connections, {args.seconds} s per page after {args.warm} s of warming, gunicorn 2 "
              f"sync workers, Accept-Encoding: {BROWSER_HEADERS['Accept-Encoding']}, kept pages "
              f"{'off' if args.no_page_cache else 'on'}")
        header = f"{'page':<44}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}{'wire B':>9}  encoding"
        print(header)
        print("-" * len(header))
        size, encoding, _ = on_the_wire(f"http://127.0.0.1:{base_port}/", BROWSER_HEADERS)
        print(f"{'minimal Flask page (the ceiling)':<44}{base.rps:>9,.0f}{1:>8.2f}{base.p50_ms:>9.1f}"
              f"{base.p99_ms:>9.1f}{size:>9,}  {encoding}")
        pages = [
            ("login (visitor)", small_port, "/login?lang=en", False),
            ("agenda (member)", small_port, "/councils/1/agenda?lang=en", True),
            ("thread, 50 posts (member)", small_port, "/councils/1/agenda/1?lang=en", True),
        ]
        if args.all:
            pages[1:1] = [
                ("council directory (visitor)", small_port, "/councils?lang=en", False),
                ("council page (visitor)", small_port, "/councils/1?lang=en", False),
            ]
            pages += [
                ("thread, 5000 posts, first page (member)", large_port, "/councils/1/agenda/1?lang=en", True),
                ("thread, 5000 posts, page 60 (member)", large_port, "/councils/1/agenda/1?after=2950&lang=en", True),
            ]
        for label, port, path, signed_in in pages:
            url = f"http://127.0.0.1:{port}{path}"
            headers = dict(BROWSER_HEADERS, **({"Cookie": cookies[port]} if signed_in else {}))
            if args.warm:
                wrk(url, args.warm, args.connections, headers)
            result = wrk(url, args.seconds, args.connections, headers)
            size, encoding, _ = on_the_wire(url, headers)
            print(f"{label:<44}{result.rps:>9,.0f}{result.rps / base.rps:>8.3f}{result.p50_ms:>9.1f}"
                  f"{result.p99_ms:>9.1f}{size:>9,}  {encoding}")
            if result.non2xx:
                print(f"  warning: {result.non2xx} responses that were not 2xx or 3xx")
            if signed_in and "agenda/1?" in path and port == small_port:
                etag = etag_of(url, headers)
                if etag:  # a repeat visit: the browser asks whether its copy is still good
                    repeat = dict(headers, **{"If-None-Match": etag})
                    result = wrk(url, args.seconds, args.connections, repeat)
                    size, _, status = on_the_wire(url, repeat)
                    print(f"{'  same, repeat visit (If-None-Match)':<44}{result.rps:>9,.0f}"
                          f"{result.rps / base.rps:>8.3f}{result.p50_ms:>9.1f}{result.p99_ms:>9.1f}{size:>9,}"
                          f"  status {status}")
        login_page = urllib.request.urlopen(f"http://127.0.0.1:{small_port}/login?lang=en", timeout=10).read().decode()
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', login_page).group(1)
        url = f"http://127.0.0.1:{small_port}{stylesheet}"
        raw, _, _ = on_the_wire(url, {})
        packed, encoding, _ = on_the_wire(url, BROWSER_HEADERS)
        cache = urllib.request.urlopen(url, timeout=10).headers.get("Cache-Control", "-")
        print(f"stylesheet {stylesheet}: {raw:,} bytes, {packed:,} on the wire ({encoding}); Cache-Control: {cache}")
    finally:
        for proc in servers:
            proc.send_signal(signal.SIGTERM)
        for proc in servers:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
