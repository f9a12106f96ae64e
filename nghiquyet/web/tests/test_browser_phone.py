"""R43 in a real browser at 360 × 740, the smallest phone screen in common use.

1. Every page a demo persona reaches from the navigation and its home page (two links deep, one page per
   kind of link, at most MAX_PAGES) fits the screen: `document.documentElement.scrollWidth` does not exceed
   the viewport's width; the menu button opens the navigation; buttons and fields are at least 44 px high.
2. The application is installable and readable offline: the manifest and the service worker are served;
   after the committee member opened their pages, with the connection cut, "My work", a received notice
   and its document are still readable, marked as possibly out of date; after logging out nothing personal
   is readable offline.

`NQ_PHONE_SCREENSHOTS=docs/phone` also saves the screenshots of the main member pages shown in docs/.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from nghiquyet.demo.registry import DEMO_PASSWORD, DEMO_USERNAMES
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import Person
from nghiquyet.web.tests.test_crawl import SKIP, links_of, route_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 740
MAX_PAGES = 45
# Downloads and the pages that only change state; the API's own documentation is not a member's page.
NOT_PAGES = re.compile(r"(\.(docx|xlsx|pdf|ics|csv)$|/(docx|xlsx|pdf|ics|csv|download|export)/?$)")
# What must be tall enough to hit with a thumb (WCAG 2.5.5 target size: 44 × 44 CSS px).
TAPPABLE = (
    "button, [role=button], select, summary, "
    "input:not([type=checkbox], [type=radio], [type=hidden], [type=file], [type=range])"
)
SHOTS = os.environ.get("NQ_PHONE_SCREENSHOTS")


@pytest.fixture
def demo():
    call_command("seed_demo", "--scale", "tiny", "--flush", "--months", "3", stdout=io.StringIO())


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": WIDTH, "height": HEIGHT}
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def too_wide(page) -> str | None:
    """None when the page fits its screen, otherwise its width and the elements sticking out."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= page.evaluate("innerWidth"):
        return None
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
            .slice(-4).map(el => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className)"""
    )
    return f"{width} px: {', '.join(culprits)}"


def small_targets(page) -> list[str]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 43.5)
            .slice(0, 3).map(el => el.tagName + ' “' + (el.textContent || el.name || '').trim().slice(0, 30)
                                + '” ' + Math.round(el.getBoundingClientRect().height) + ' px')""",
        TAPPABLE,
    )


def visit_all(page, start: str) -> tuple[list[str], int]:
    """Open the persona's pages (breadth first from `start`, one page per kind of link, two links deep)
    and return what does not fit a phone's screen."""
    problems: list[str] = []
    seen, kinds = {start}, set()
    queue = deque([(start, 0)])
    opened = 0
    while queue and opened < MAX_PAGES:
        url, depth = queue.popleft()
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        opened += 1
        if problem := too_wide(page):
            problems.append(f"{url} is {problem}")
        if small := small_targets(page):
            problems.append(f"{url}: too small to tap: {'; '.join(small)}")
        if depth == 2:
            continue
        here = urlsplit(page.url).path
        for link in links_of(page.content(), here):
            path = urlsplit(link).path
            if link in seen or SKIP.search(path) or NOT_PAGES.search(path) or path.startswith("/admin"):
                continue
            kind = route_of(link)
            if kind in kinds:
                continue
            seen.add(link)
            kinds.add(kind)
            queue.append((link, depth + 1))
    return problems, opened


def test_r43_every_page_of_every_persona_fits_a_360_px_phone(demo, phone):
    problems: list[str] = []
    for username in DEMO_USERNAMES:
        page = phone.new_page()
        log_in(page, username)
        home = urlsplit(page.url).path
        # The compact navigation: the inbox (with its count) and the menu button show, the links behind it.
        expect(page.locator("#nav-inbox")).to_be_visible()
        expect(page.locator("#nav-main")).to_be_hidden()
        page.click("#nav-toggle")
        expect(page.locator("#nav-main a[href='/resolutions/mine/']")).to_be_visible()
        assert page.evaluate("document.querySelector('#nav-toggle').getBoundingClientRect().height") >= 44
        found, opened = visit_all(page, home)
        assert opened >= 8, (username, opened)
        problems += [f"{username}: {p}" for p in found]
        page.close()
        phone.clear_cookies()
    assert not problems, "\n".join(problems)


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))  # what the phone's screen shows


def _kept(page) -> list[str]:
    return page.evaluate(
        "caches.open('nq-pages').then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"
    )


def _cut_connection(context) -> None:
    """Offline, service worker included: Playwright's offline mode does not reach a service worker's own
    requests (microsoft/playwright#2311), so those are refused too (PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS
    is set by the browser fixture)."""
    context.set_offline(True)
    context.route(
        "**/*",
        lambda route: (
            route.abort("internetdisconnected") if route.request.service_worker else route.continue_()
        ),
    )


def test_r43_installable_readable_offline_and_nothing_left_after_logout(demo, phone, live_server):
    page = phone.new_page()

    manifest = page.request.get("/manifest.webmanifest")
    assert manifest.ok and manifest.headers["content-type"].startswith("application/manifest+json")
    data = json.loads(manifest.text())
    assert data["short_name"] == "nghiquyet" and data["display"] == "standalone" and data["start_url"] == "/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert page.request.get(icon["src"]).ok, icon["src"]
        assert not urlsplit(icon["src"]).netloc  # served by the application, no CDN
    worker = page.request.get("/sw.js")
    assert worker.ok and "javascript" in worker.headers["content-type"]
    assert worker.headers["service-worker-allowed"] == "/" and "no-cache" in worker.headers["cache-control"]

    log_in(page, "capuy")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == live_server.url + "/"
    notice = Notification.objects.filter(recipient__username="capuy", url__startswith="/meetings/").first()
    assert notice is not None
    name = Person.objects.get(user__username="capuy").full_name

    page.goto("/resolutions/mine/")
    task = page.locator("main a[href^='/resolutions/items/']").first.inner_text()
    assert len(task) > 10
    _shot(page, "my-work")
    page.goto("/inbox/")
    _shot(page, "inbox")
    page.goto(notice.url)
    _shot(page, "notice")
    docx = page.locator("#download-docx").get_attribute("href")
    # The service worker keeps "My work", the inbox's notices and their documents in the background.
    page.wait_for_function(
        "([a, b, c]) => caches.open('nq-pages').then(c2 => c2.keys()).then(keys => {"
        " const got = keys.map(r => new URL(r.url).pathname); return [a, b, c].every(u => got.includes(u)); })",
        arg=["/resolutions/mine/", notice.url, docx],
        timeout=30_000,
    )

    _cut_connection(phone)
    page.goto("/resolutions/mine/")
    expect(page.locator("h1")).to_have_text("Việc của tôi")
    expect(page.locator("main")).to_contain_text(task)
    expect(page.locator("#offline-note")).to_be_visible()
    # "…fetched at 09:05 27/11/2026; it may be out of date" (the time of the browser's clock).
    expect(page.locator("#offline-note")).to_contain_text(re.compile(r"\d\d:\d\d \d\d/\d\d/\d{4}"))
    _shot(page, "offline-my-work")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    page.goto(notice.url)
    expect(page.locator("h1")).to_contain_text(notice.title.split(": ", 1)[-1][:40])
    expect(page.locator("#offline-note")).to_be_visible()
    status = page.evaluate("(u) => fetch(u).then(r => r.status + ' ' + r.headers.get('Content-Type'))", docx)
    assert status.startswith("200 application/vnd.openxmlformats"), status

    # Back online, log out through the menu: every copy is dropped.
    phone.unroute("**/*")
    phone.set_offline(False)
    page.goto("/resolutions/mine/")
    page.click("#nav-toggle")
    _shot(page, "menu")
    page.click("#nav-main details.dropdown summary")
    page.click("#logout-form button")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.wait_for_function("caches.keys().then(keys => keys.length === 0)")

    _cut_connection(phone)
    for url in ("/resolutions/mine/", notice.url, "/inbox/"):
        page.goto(url)
        expect(page.locator("#offline-missing")).to_be_visible()
        body = page.locator("body")
        expect(body).not_to_contain_text(task)
        expect(body).not_to_contain_text(name)
        expect(page.locator("#offline-note")).to_have_count(0)
    assert page.evaluate("(u) => fetch(u).then(r => r.status, () => 'refused')", docx) == "refused"
