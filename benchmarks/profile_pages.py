"""Where the server time of a page goes: builds the demo database (the open thread grown to 50
posts), signs in as the demo member through the test client, and profiles repeated requests of
each page with cProfile (standard library). Prints the mean time per request and the functions
that cost most.

    .venv/bin/python benchmarks/profile_pages.py [--requests 200] [--top 25] [--page thread] [--no-page-cache]

With kept pages on (the default) repeated requests are served from the store; --no-page-cache
profiles the rendering itself, as a reader's first visit pays it.

Run it on a quiet machine: the figures are wall-clock means."""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PAGES = {
    "login": ("/login?lang=en", False),
    "agenda": ("/councils/1/agenda?lang=en", True),
    "thread": ("/councils/1/agenda/1?lang=en", True),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--page", choices=sorted(PAGES), action="append")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--no-page-cache", action="store_true", help="render every request")
    args = parser.parse_args()
    from run import MEMBER, build_database  # benchmarks/run.py

    work = Path(tempfile.mkdtemp(prefix="council-profile-"))
    env = build_database(work / "profile.db", 50, page_cache=not args.no_page_cache)
    os.environ.update(env)
    from council import create_app

    app = create_app()
    client = app.test_client()
    page = client.get("/login?lang=en").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": MEMBER[0], "password": MEMBER[1]})
    visitor = app.test_client()
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "en"}
    for name in args.page or list(PAGES):
        path, signed_in = PAGES[name]
        who = client if signed_in else visitor
        for _ in range(20):  # warm up: templates compiled, caches filled
            assert who.get(path, headers=headers).status_code == 200
        profiler = cProfile.Profile()
        start, cpu = time.perf_counter(), time.process_time()
        profiler.enable()
        for _ in range(args.requests):
            who.get(path, headers=headers)
        profiler.disable()
        elapsed = time.perf_counter() - start
        print(f"\n=== {name}: {path} — {elapsed / args.requests * 1000:.2f} ms per request (profiled) ===")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue().split("\n", 6)[-1])
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            who.get(path, headers=headers)
        print(f"    without the profiler: {(time.perf_counter() - start) / args.requests * 1000:.2f} ms per request, "
              f"{(time.process_time() - cpu) / args.requests * 1000:.2f} ms of CPU")


if __name__ == "__main__":
    main()
