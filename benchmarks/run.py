"""Throughput and size of Council's pages, as a ratio to a minimal Flask page in the same run.

Builds two demo databases (the open thread grown to 50 and to 5,000 posts), runs gunicorn (2 sync
workers) on 127.0.0.1 for each and for benchmarks/baseline.py, signs in as the demo member, and
runs wrk against each page for a few seconds. Needs `wrk` (Debian package wrk).

    .venv/bin/python benchmarks/run.py [--seconds 10] [--connections 8]

Everything stays on the loopback interface and stops by itself."""

from __future__ import annotations

import argparse
import gzip
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MEMBER = ("member@example.org", "kettle-orchard-2026")


def build_database(path: Path, posts: int) -> dict[str, str]:
    env = dict(os.environ, FLASK_APP="wsgi.py", COUNCIL_DATABASE_URL=f"sqlite:///{path}",
               COUNCIL_RATELIMIT_ENABLED="false", COUNCIL_ENV="demo")
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([str(BIN / "flask"), "council", "demo", "--scale", str(posts)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return env


def serve(target: str, port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env or dict(os.environ),
    )
    for _ in range(100):
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


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> float:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        print(f"  warning: {non2xx.group(1)} non-2xx responses for {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def size(url: str, cookie: str = "") -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    body = urllib.request.urlopen(request, timeout=5).read()
    return len(body), len(gzip.compress(body))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="council-bench-"))
    small = build_database(work / "small.db", 50)
    large = build_database(work / "large.db", 5000)
    servers = [serve("benchmarks.baseline:app", 5101), serve("wsgi:app", 5102, small), serve("wsgi:app", 5103, large)]
    try:
        base_rps = wrk("http://127.0.0.1:5101/", args.seconds, args.connections)
        print(f"baseline (minimal Flask page, same gunicorn settings): {base_rps:,.0f} req/s")
        print(f"{'page':<44}{'req/s':>9}{'ratio':>8}{'bytes':>9}{'gzip':>8}")
        cookies = {5102: sign_in(5102), 5103: sign_in(5103)}
        pages = [
            ("login (visitor)", 5102, "/login?lang=en", False),
            ("council directory (visitor)", 5102, "/councils?lang=en", False),
            ("council page (visitor)", 5102, "/councils/1?lang=en", False),
            ("agenda (member)", 5102, "/councils/1/agenda?lang=en", True),
            ("thread, 50 posts, first page (member)", 5102, "/councils/1/agenda/1?lang=en", True),
            ("thread, 5000 posts, first page (member)", 5103, "/councils/1/agenda/1?lang=en", True),
            ("thread, 5000 posts, page 60 (member)", 5103, "/councils/1/agenda/1?after=2950&lang=en", True),
        ]
        for label, port, path, signed_in in pages:
            url = f"http://127.0.0.1:{port}{path}"
            cookie = cookies[port] if signed_in else ""
            rps = wrk(url, args.seconds, args.connections, cookie)
            raw, packed = size(url, cookie)
            print(f"{label:<44}{rps:>9,.0f}{rps / base_rps:>8.2f}{raw:>9,}{packed:>8,}")
        css = size("http://127.0.0.1:5102/static/council.css")
        print(f"stylesheet: {css[0]:,} bytes, {css[1]:,} gzipped")
    finally:
        for proc in servers:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
