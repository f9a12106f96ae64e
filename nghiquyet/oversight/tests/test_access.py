"""Who does what in the upper level's work (R28-R37): the predicates, the cached roles, the landing page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.orgs.tests.factories import UserFactory
from nghiquyet.oversight import services
from nghiquyet.oversight.access import roles_for

pytestmark = pytest.mark.django_db


def test_r31_predicates_follow_the_upper_level_bodies(world, standing):
    # R31/R33: the Organization Board and the Standing Committee direct; the Inspection Committee inspects.
    for user in (world.btc, standing.user):
        assert user.has_perm("oversight.direct", world.g1) and user.has_perm("oversight.direct", world.bloc)
        assert not user.has_perm("oversight.inspect", world.g1)
    assert world.ubkt.has_perm("oversight.inspect", world.g1)
    assert world.ubkt.has_perm("oversight.supervise", world.g1)
    assert not world.ubkt.has_perm("oversight.direct", world.g1)
    # A grassroots secretary manages their own subtree (orgs.access) but directs nothing here.
    assert not world.secretary.has_perm("oversight.direct", world.g1)
    assert not world.secretary.has_perm("oversight.supervise", world.g1)
    assert world.secretary.has_perm("oversight.lead", world.g1)
    assert world.committee_member.has_perm("oversight.sit", world.g1)
    assert not world.committee_member.has_perm("oversight.lead", world.g1)
    assert not world.outsider.has_perm("oversight.sit", world.g1)
    assert not world.member.has_perm("oversight.sit", world.g1)


def test_r29_bloc_wide_visibility_needs_a_seat_or_an_upper_role(world):
    for user in (world.btc, world.ubkt, world.secretary, world.committee_member, world.outsider):
        assert user.has_perm("oversight.see_bloc", world.g1), user
    assert not world.member.has_perm("oversight.see_bloc", world.g1)


def test_roles_are_read_once_per_user(world):
    user = world.btc
    with CaptureQueriesContext(connection) as ctx:
        roles_for(user)
        roles_for(user)
        user.has_perm("oversight.direct", world.g1)
    # scope: person, bodies, seats; roles: bodies with their kinds (no seats: no seat paths query).
    assert len(ctx.captured_queries) == 4
    assert roles_for(world.secretary).seat_paths == {world.g1.pk: world.g1.path}


def test_superuser_directs_everything(world):
    admin = UserFactory(username="admin", is_superuser=True)
    assert roles_for(admin).everything and admin.has_perm("oversight.direct", world.g2)


@pytest.mark.parametrize(
    ("persona", "upper", "seated"),
    [
        ("btc", True, False),
        ("ubkt", True, False),
        ("secretary", False, True),
        ("outsider", False, True),
        ("member", False, False),
    ],
)
def test_home_lists_the_sections_of_the_user(world, client_for, persona, upper, seated):
    response = client_for(getattr(world, persona)).get(reverse("oversight:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert ('id="upper-sections"' in html) is upper
    assert ('id="grassroots-sections"' in html) is seated
    assert ('id="nothing"' in html) is (not upper and not seated)
    assert ("oversight/difficulties/" in html) is (persona != "ubkt" and persona != "member")


def test_home_requires_login(client):
    assert client.get(reverse("oversight:home")).status_code == 302


def test_every_form_page_renders_for_those_who_use_it(world, client_for):
    """R28-R37: each entry form opens for the persona who fills it in (the links on the landing page)."""
    import datetime as dt

    from nghiquyet.oversight.models import InspectionPlan
    from nghiquyet.oversight.periods import PeriodKind

    body = world.ubkt.person.body_roles.get().body
    plan = services.create_plan(
        body,
        title="KH",
        content="ND",
        period_kind=PeriodKind.YEAR,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        targets=[world.g1],
    )
    record = services.open_record(plan, org=world.g1, date=dt.date(2026, 5, 5))
    pages = {
        "btc": [
            "guidance_create",
            "request_create",
            "course_create",
            "nomination_create",
            "nomination_list",
            "coverage",
            "inspection_report",
            "difficulty_list",
            "proposal_list",
            "example_list",
        ],
        "ubkt": [
            "plan_create",
            ("plan_edit", plan.pk),
            ("record_edit", record.pk),
            "plan_list",
            "record_list",
            "recommendation_list",
            "course_list",
        ],
        "secretary": [
            "difficulty_create",
            "share",
            "coverage",
            "nomination_create",
            "guidance_list",
            "request_list",
        ],
        "committee_member": ["proposal_create", "example_list", "record_list"],
    }
    for persona, names in pages.items():
        client = client_for(getattr(world, persona))
        for name in names:
            name, *args = name if isinstance(name, tuple) else (name,)
            response = client.get(reverse(f"oversight:{name}", args=args))
            assert response.status_code == 200, (persona, name)
    assert InspectionPlan.objects.count() == 1


def test_r31_an_unknown_access_verb_fails_loud_instead_of_granting_read_access(world):
    """A typo ("drect") must not fall through to the read check of the helper."""
    from nghiquyet.oversight import access

    helpers = [getattr(access, n) for n in dir(access) if n.startswith("get_") and n.endswith("_for_user")]
    checked = 0
    for helper in helpers:
        if "perm" not in helper.__code__.co_varnames[: helper.__code__.co_argcount]:
            continue
        with pytest.raises(ValueError, match="unknown access verb 'drect'"):
            helper(world.btc, 1, "drect")
        checked += 1
    assert checked >= 11
