"""R43: the weight of a member's pages on a phone — bytes transferred (compressed, headers included) on a
first visit (empty caches) and on a repeat visit — measured in Debian's Chromium at 360 × 740 through the
DevTools protocol, and what the service worker fetches in the background, from the server's access log.

Run against a production-like server (DEBUG=0: collected, precompressed static files; docs/performance.md):
    python benchmarks/phone_weight.py http://127.0.0.1:8000 ACCESS_LOG dangvien capuy
(gunicorn ... --access-logfile ACCESS_LOG --access-logformat '%(m)s %(U)s %(s)s %(B)s').
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "nghiquyet"
PAGES = ["/resolutions/mine/", "/inbox/", "/meetings/mine/"]


class Meter:
    """The bytes a page's requests took from the network (encodedDataLength), leaving out what the HTTP
    cache answered."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.cdp.on(
            "Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"])
        )
        self.cdp.on(
            "Network.loadingFinished",
            lambda e: self.sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )

    def take(self) -> tuple[int, list[tuple[str, int]]]:
        rows = [(self.urls.get(r, "?"), n) for r, n in self.sizes.items() if n]
        self.sizes.clear()
        return sum(n for _, n in rows), rows


def log_lines(log: Path, offset: int) -> tuple[list[str], int]:
    with log.open() as f:
        f.seek(offset)
        return f.read().splitlines(), f.tell()


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def main(base: str, log: Path, usernames: list[str]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for username in usernames:
            for path in PAGES:
                context = browser.new_context(
                    base_url=base,
                    viewport={"width": 360, "height": 740},
                    locale="vi-VN",
                    service_workers="block",
                )
                page = context.new_page()
                # Log in through the API of the page so that the first visit of `path` finds nothing cached.
                page.request.get(base + "/accounts/login/")
                token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
                page.request.post(
                    base + "/accounts/login/",
                    form={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                    headers={"Referer": base + "/accounts/login/"},
                )
                meter = Meter(page)
                page.goto(path)
                page.wait_for_load_state("networkidle")
                first, rows = meter.take()
                page.goto(path)
                page.wait_for_load_state("networkidle")
                repeat, again = meter.take()
                print(
                    f"{username} {path}: first visit {first / 1024:.1f} KB ({len(rows)} requests), "
                    f"repeat visit {repeat / 1024:.1f} KB ({len(again)} requests)"
                )
                if path == PAGES[0]:
                    for url, n in sorted(rows, key=lambda r: -r[1]):
                        print(f"      {n / 1024:6.1f} KB  {url.removeprefix(base)}")
                context.close()
            # The service worker: what it fetches in the background after the first page (server side).
            context = browser.new_context(
                base_url=base, viewport={"width": 360, "height": 740}, locale="vi-VN"
            )
            page = context.new_page()
            offset = log.stat().st_size
            log_in(page, username)
            page.wait_for_timeout(4000)
            lines, offset = log_lines(log, offset)
            kept = [line for line in lines if not line.startswith(("POST", "GET /accounts", "GET /static"))]
            print(
                f"{username}: with the service worker, after logging in: {len(lines)} requests, of which kept in the background: "
                + ", ".join(line.split()[1] for line in kept)
            )
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:] or ["dangvien", "capuy"])
