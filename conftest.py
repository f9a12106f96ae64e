"""Shared fixtures: a small bloc with named personas.

- `world.btc`: an Organization Board officer of the bloc (sees the whole bloc, manages it);
- `world.ubkt`: an Inspection Committee officer of the bloc (sees the whole bloc);
- `world.secretary`: secretary of grassroots committee G1 (sees and manages G1's subtree);
- `world.committee_member`: an ordinary committee member of G1 (sees G1's subtree);
- `world.member`: an ordinary party member of cell C1 in G1;
- `world.outsider`: the secretary of another grassroots organization, G2.
"""

from types import SimpleNamespace

import pytest
import time_machine

from nghiquyet.orgs.models import BodyKind, Education, OrgKind, Position, Theory
from nghiquyet.orgs.tests.factories import (
    BodyFactory,
    BodyStaffFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)


def pytest_configure(config):
    from django.conf import settings

    # Hashing dominates a test's time with the real hasher; these passwords protect nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The dashboard's figures are computed on every request, so that a test sees the records it just
    # wrote; oversight/tests/test_dashboard_cache.py turns the reuse on and tests it.
    settings.DASHBOARD_CACHE_SECONDS = 0
    # The server's clock is pinned (below) but the browser's cookie jar keeps the real time: cookies that
    # expire with the browser session are never dropped as "expired" by a clock years ahead of the pin.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    config.addinivalue_line(
        "markers",
        "now(moment): run the test at this moment instead of the suite's (nghiquyet/testing/clock.py)",
    )


def _travel(request):
    from nghiquyet.testing import clock

    marker = request.node.get_closest_marker("now")
    moment = clock.parse(marker.args[0]) if marker else clock.NOW
    return time_machine.travel(moment, tick=True)


@pytest.fixture(scope="session", autouse=True)
def _session_clock(request):
    """Session-wide fixtures (the browser, the test databases) run at the suite's instant too."""
    with _travel(request):
        yield


@pytest.fixture(scope="module", autouse=True)
def _module_clock(request, _session_clock):
    """A module's shared fixtures (a generated demo history) start from the suite's instant, as its tests do."""
    with _travel(request):
        yield


@pytest.fixture(autouse=True)
def pinned_clock(request, _module_clock):
    """Every test runs at the suite's instant (or its `now` marker's), whatever the real date: see
    nghiquyet/testing/clock.py. The clock ticks from there, so records made one after another still differ
    in time. Yields the traveller: `pinned_clock.move_to(...)` or `.shift(...)` moves it within a test."""
    with _travel(request) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Vietnamese), whatever an earlier test left active;
    a test asserting English text pins it (translation.override("en") or the language cookie)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: a panel cached by an earlier test under a primary key that
    the rolled-back database hands out again must not be served."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def in_english():
    """For tests asserting the English source messages of services and forms."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    bloc = OrganizationFactory(
        code="DUK", name="Đảng bộ Khối các cơ quan", kind=OrgKind.BLOC, issuer_code="ĐUK"
    )
    g1 = OrganizationFactory(code="G1", name="Đảng bộ Sở Tư pháp", parent=bloc)
    p1 = OrganizationFactory(
        code="G1P1", name="Đảng bộ bộ phận Thanh tra", kind=OrgKind.PARTIAL_COMMITTEE, parent=g1
    )
    c1 = OrganizationFactory(
        code="G1C1", name="Chi bộ Văn phòng", kind=OrgKind.SUBORDINATE_CELL, issuer_code="CB", parent=g1
    )
    c2 = OrganizationFactory(
        code="G1P1C1", name="Chi bộ Thanh tra 1", kind=OrgKind.SUBORDINATE_CELL, issuer_code="CB", parent=p1
    )
    g2 = OrganizationFactory(
        code="G2", name="Chi bộ Ban Dân tộc", kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB", parent=bloc
    )
    office = OrganizationFactory(
        code="CQDUK",
        name="Chi bộ Cơ quan Đảng ủy Khối",
        kind=OrgKind.GRASSROOTS_CELL,
        issuer_code="CB",
        parent=bloc,
    )

    def person(name, home, username=None, **kw):
        user = UserFactory(username=username) if username else None
        return PersonFactory(full_name=name, home_org=home, user=user, **kw)

    btc = person("Hoàng Minh Tuấn", office, "btc")
    ubkt = person("Vũ Thị Hạnh", office, "ubkt")
    secretary = person("Nguyễn Văn Bình", c1, "bithu", education=Education.MASTER, theory=Theory.ADVANCED)
    committee_member = person(
        "Trần Thị Lan", c2, "capuy", education=Education.DOCTORATE, theory=Theory.BACHELOR
    )
    member = person("Đặng Văn Hùng", c1, "dangvien")
    outsider = person("Lê Thị Mai", g2, "outsider", theory=Theory.ELEMENTARY)

    board = BodyFactory(org=bloc, kind=BodyKind.ORGANIZATION_BOARD, name="Ban Tổ chức Đảng ủy Khối")
    inspection = BodyFactory(
        org=bloc, kind=BodyKind.INSPECTION_COMMITTEE, name="Ủy ban Kiểm tra Đảng ủy Khối"
    )
    BodyStaffFactory(body=board, person=btc)
    BodyStaffFactory(body=inspection, person=ubkt)

    term1 = TermFactory(org=g1)
    MembershipFactory(term=term1, person=secretary, position=Position.SECRETARY)
    MembershipFactory(term=term1, person=committee_member, position=Position.MEMBER)
    term2 = TermFactory(org=g2)
    MembershipFactory(term=term2, person=outsider, position=Position.SECRETARY)

    return SimpleNamespace(
        bloc=bloc,
        g1=g1,
        p1=p1,
        c1=c1,
        c2=c2,
        g2=g2,
        office=office,
        btc=btc.user,
        ubkt=ubkt.user,
        secretary=secretary.user,
        committee_member=committee_member.user,
        member=member.user,
        outsider=outsider.user,
        people=SimpleNamespace(
            btc=btc,
            ubkt=ubkt,
            secretary=secretary,
            committee_member=committee_member,
            member=member,
            outsider=outsider,
        ),
        term1=term1,
        term2=term2,
    )


@pytest.fixture
def client_for(client):
    """Log a persona in on the test client: `client_for(world.secretary)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium tries to reach Google's hosts at every start; this machine has no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # A service worker's own requests are then seen by the context's routes, so that a test can cut them
    # off too (context.set_offline does not reach them: microsoft/playwright#2311).
    os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log in through the real login form: `login("bithu", "password")`."""

    def do(username, password="matkhau-thu-nghiem"):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        return page

    return do
