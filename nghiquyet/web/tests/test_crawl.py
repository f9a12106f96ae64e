"""#16.5 (R45): show a person only what they may open. From the home page of each demo persona, follow
every same-site link shown (GET only) over the demo data, and assert that none answers 403, 404 or 500.

Bounded: a kind of link is a page's URL pattern and the pattern it links to ("an organization's page
links to a member's page"); of a kind, at most PER_PAGE links of one page and PER_KIND in all are followed
(the same view, the same checks), and MAX_PAGES pages in all per persona; file downloads are opened once per route
(their rendering is tested elsewhere), PDFs not at all (LibreOffice: seconds each).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from nghiquyet.demo.registry import DEMO_USERNAMES
from nghiquyet.testing import clock

pytestmark = pytest.mark.django_db

PER_PAGE = 2
PER_KIND = 24
MAX_PAGES = 600
# Links that change state or leave the pages a person reads.
SKIP = re.compile(r"^/(accounts/logout|i18n/|static/|media/|api/docs)|\.pdf$|/pdf/$")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_of(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.links:
        href, _ = urldefrag(href)
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue  # another site (none is expected: the application works offline)
        if href.startswith("?"):
            href = urlsplit(base).path + href
        elif not href.startswith("/"):
            continue
        out.append(href)
    return out


def route_of(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return match.route or match.view_name


# Query parameters as a hand or a stale bookmark may send them: every page reads its parameters through a
# form or a tolerant parser, so none of these may cost a 500 (#16.2).
JUNK = "page=abc&year=abc&month=13&number=99&period=month&org=NOPE&term=%00&status=zzz&state=zzz&sort=password&root=%27&day=32%2F13%2F2026&date=abc&kind=zzz&q=%25"
# Pages that ask for a period (a "year" field) are also asked for the periods an officer looks back on (R39):
# 2024 under the bloc, the quarter of the February 2025 reorganization, last year, and the year to come.
PERIODS = (
    "period=year&year=2024",
    "period=quarter&year=2025&number=1",
    f"period=year&year={clock.TODAY.year - 1}",
    f"period=year&year={clock.TODAY.year + 1}",
)


def crawl(client: Client) -> tuple[dict[str, tuple[int, str]], int]:
    """Pages answering 403/404/500 (url → (status, the page that showed the link)) and pages opened.
    The first page of each URL pattern is also asked for with malformed parameters (JUNK): a 500 then is
    broken too."""
    seen: set[str] = {"/"}
    junked: set[str] = set()
    per_kind: dict[tuple[str, str], int] = defaultdict(int)
    queue = deque([("/", "(start)")])
    broken: dict[str, tuple[int, str]] = {}
    opened = 0
    while queue and opened < MAX_PAGES:
        url, source = queue.popleft()
        response = client.get(url, follow=True)
        opened += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken[url] = (response.status_code, source)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        final = response.request["PATH_INFO"]
        here = route_of(final)
        if here not in junked:
            junked.add(here)
            asked = [JUNK, *(PERIODS if 'name="year"' in response.content.decode() else ())]
            for query in asked:
                other = client.get(f"{final}?{query}")
                if other.status_code >= 500:
                    broken[f"{final}?{query}"] = (other.status_code, source)
        on_page: dict[str, int] = defaultdict(int)
        for link in links_of(response.content.decode(), final):
            if link in seen or SKIP.search(urlsplit(link).path):
                continue
            target = route_of(link)
            kind = (here, target)
            if per_kind[kind] >= PER_KIND or on_page[target] >= PER_PAGE:
                continue
            seen.add(link)
            per_kind[kind] += 1
            on_page[target] += 1
            queue.append((link, final))
    return broken, opened


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", "--scale", "tiny", "--flush", "--months", "3", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        from nghiquyet.demo.registry import flush

        flush()


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_r45_every_link_a_persona_is_shown_opens(demo_data, username, settings):
    # As served: the dashboard's figures kept a few minutes (the rest of the suite computes them afresh).
    settings.DASHBOARD_CACHE_SECONDS = 300
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    broken, opened = crawl(client)
    assert opened > 10, opened
    assert not broken, "\n".join(
        f"{status} {url} (linked from {source})" for url, (status, source) in broken.items()
    )
