"""The quality panels of settled records come from the cache; the others are computed on every view.

A resolution is settled once issued with its meeting's record signed; a meeting once it and the meetings
it is compared with are signed. Then nothing the panel reads can change, so a cached panel is never stale.
Before that, a change shows on the next view. The minutes are marked signed with an UPDATE here: the
panels read the status only, and the signing service's own tests live with the meetings.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings import services as meeting_services
from nghiquyet.meetings.models import Meeting, MeetingStatus, Phase, Stance
from nghiquyet.resolutions import services
from nghiquyet.resolutions.quality_data import meeting_settled, resolution_settled

from .test_quality_pages import _last_month, _section
from .test_review import NOV_4, held_meeting

pytestmark = pytest.mark.django_db


def _sign(*meetings: Meeting) -> None:
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(status=MeetingStatus.SIGNED)


def _view(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _score(html: str, element_id: str) -> int:
    return int(re.search(rf'id="{element_id}"[^>]*>(\d+)<', html).group(1))


def test_settled_resolution_panel_is_served_from_the_cache(world, committee, client_for):
    resolution = _last_month(world, committee)
    client = client_for(world.secretary)
    url = resolution.get_absolute_url()
    client.get(reverse("web:home"))  # the session and the scope, out of the counts

    # Issued, but its meeting's record is not signed: computed on every view.
    _, first = _view(client, url)
    _, again = _view(client, url)
    assert again == first

    _sign(resolution.meeting)
    html, filling = _view(client, url)
    cached_html, cached = _view(client, url)
    assert filling == first
    # The panel's own queries (its resolution, items, earlier texts, upper documents, the meeting's
    # attendance, opinions, topics, agenda…) are gone; the page's others remain.
    assert cached <= filling - 8
    assert _section(cached_html, "quality") == _section(html, "quality") != ""
    assert _score(cached_html, "quality-score") == _score(html, "quality-score")


def test_open_meeting_record_keeps_the_resolution_panel_live(world, committee, client_for):
    """An opinion recorded after issue, while the minutes are open, shows in the panel at once."""
    resolution = _last_month(world, committee)
    client = client_for(world.secretary)
    html, _ = _view(client, resolution.get_absolute_url())
    assert "nq-deduction-adopted_without_discussion" in _section(html, "quality-breakdown")

    meeting_services.add_opinion(
        resolution.meeting,
        author=committee.members[3],
        stance=Stance.DISAGREE,
        text="Đề nghị bổ sung chỉ tiêu cụ thể cho nhiệm vụ thứ hai.",
        phase=Phase.DURING,
    )
    html, _ = _view(client, resolution.get_absolute_url())
    assert "nq-deduction-adopted_without_discussion" not in html


def test_draft_panel_follows_every_edit(world, committee, adopted_meeting, draft, client_for):
    _sign(adopted_meeting)  # a signed meeting does not make a draft settled
    client = client_for(world.secretary)
    html, _ = _view(client, draft.get_absolute_url())
    assert "nq-finding-too_many_items" not in html
    for n in range(12):
        services.save_item(draft, content=f"Nhiệm vụ bổ sung số {n + 1}", deadline_kind="month")
    html, _ = _view(client, draft.get_absolute_url())
    assert "nq-finding-too_many_items" in _section(html, "quality-findings")


def test_cached_panels_are_kept_per_language(world, committee, client_for, settings):
    resolution = _last_month(world, committee)
    _sign(resolution.meeting)
    client = client_for(world.secretary)
    html, _ = _view(client, resolution.get_absolute_url())
    assert "<h2>Chất lượng</h2>" in _section(html, "quality")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html, _ = _view(client, resolution.get_absolute_url())
    assert "<h2>Quality</h2>" in _section(html, "quality")


def test_settled_meeting_panel_is_served_from_the_cache(world, committee, client_for):
    october = held_meeting(world, committee, dt.date(2026, 10, 5))
    november = held_meeting(world, committee, NOV_4)
    client = client_for(world.secretary)
    url = reverse("meetings:meeting", args=[november.pk])
    client.get(reverse("web:home"))

    _sign(november)  # October, in its history, is still open: live
    html, first = _view(client, url)
    assert "Chất lượng cuộc họp" in _section(html, "meeting-quality")
    _, again = _view(client, url)
    assert again == first

    _sign(october)
    html, filling = _view(client, url)
    cached_html, cached = _view(client, url)
    assert filling == first
    assert cached <= filling - 6  # only the history's statuses are read
    assert _section(cached_html, "meeting-quality") == _section(html, "meeting-quality")
    assert _score(cached_html, "meeting-quality-score") == _score(html, "meeting-quality-score")


def test_settled_means_every_input_is_locked(world, committee, adopted_meeting, draft):
    assert not resolution_settled(draft)
    issued = services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 5))
    assert not resolution_settled(issued)  # the meeting's record is still open
    _sign(adopted_meeting)
    issued.meeting.refresh_from_db()
    assert resolution_settled(issued)

    october = held_meeting(world, committee, dt.date(2026, 10, 5))
    assert not meeting_settled([adopted_meeting, october])
    _sign(october)
    october.refresh_from_db()
    adopted_meeting.refresh_from_db()
    assert meeting_settled([adopted_meeting, october])


def test_r17_the_panel_cache_key_changes_with_any_of_its_sources(tmp_path, monkeypatch):
    """No hand-bumped version: a change to the checks, the panels' templates or the catalogue is a new key."""
    from nghiquyet.resolutions import quality_data

    names = {p.name for p in quality_data.PANEL_SOURCES}
    assert {"checks.py", "score.py", "quality_data.py", "_quality.html", "django.mo"} <= names
    before = quality_data.panel_version()
    copies = []
    for path in quality_data.PANEL_SOURCES:
        copy = tmp_path / f"{len(copies)}-{path.name}"
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(quality_data, "PANEL_SOURCES", tuple(copies))
    quality_data.panel_version.cache_clear()
    try:
        same = quality_data.panel_version()
        copies[0].write_bytes(copies[0].read_bytes() + b"\n# changed\n")
        quality_data.panel_version.cache_clear()
        changed = quality_data.panel_version()
    finally:
        quality_data.panel_version.cache_clear()
    assert same == before and changed != before
