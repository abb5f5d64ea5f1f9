"""Throughput and size of Council's pages, as a ratio to a minimal Flask page in the same run.

Runs gunicorn (2 sync workers) on 127.0.0.1 for Council (the demo database in instance/) and for
benchmarks/baseline.py, then wrk against each page for a few seconds. Needs `wrk` (Debian package
wrk). Usage: .venv/bin/python benchmarks/run.py [--seconds 10] [--connections 8]

Everything stays on the loopback interface and stops by itself."""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def serve(target: str, port: int, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = dict(os.environ, **(extra_env or {}))
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError(f"{target} did not start")


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        print(f"  warning: {non2xx.group(1)} non-2xx responses for {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def size(url: str) -> tuple[int, int]:
    body = urllib.request.urlopen(url, timeout=5).read()
    return len(body), len(gzip.compress(body))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    pages = ["/login", "/councils", "/councils/1", "/register"]
    baseline = serve("benchmarks.baseline:app", 5101)
    council = serve("wsgi:app", 5102, {"COUNCIL_RATELIMIT_ENABLED": "false"})
    try:
        base_rps = wrk("http://127.0.0.1:5101/", args.seconds, args.connections)
        print(f"baseline (minimal Flask page): {base_rps:,.0f} req/s")
        print(f"{'page':<16}{'req/s':>10}{'ratio':>8}{'bytes':>9}{'gzip':>8}")
        for page in pages:
            url = f"http://127.0.0.1:5102{page}"
            rps = wrk(url, args.seconds, args.connections)
            raw, packed = size(url)
            print(f"{page:<16}{rps:>10,.0f}{rps / base_rps:>8.2f}{raw:>9,}{packed:>8,}")
        css = size("http://127.0.0.1:5102/static/council.css")
        print(f"stylesheet: {css[0]:,} bytes, {css[1]:,} gzipped")
    finally:
        for proc in (baseline, council):
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
