"""Each recipient reads a notification in their own language, not in the language of whoever triggered it
(#16): the language a user chose with the switch in the top bar is recorded, and what others' actions send
them — the inbox entry and its e-mail copy — is written in it; a user who never chose one reads the site's
language, Vietnamese."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from nghiquyet.meetings import services as meetings
from nghiquyet.notify.models import LanguagePreference, Notification
from nghiquyet.notify.services import notify

pytestmark = pytest.mark.django_db


def _choose(client, language):
    """The switch in the top bar, as the page posts it."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_the_switch_records_the_users_language(world, client_for):
    client = client_for(world.committee_member)
    _choose(client, "en")
    assert LanguagePreference.objects.get(user=world.committee_member).language == "en"
    _choose(client, "vi")
    assert LanguagePreference.objects.get(user=world.committee_member).language == "vi"
    # An unsupported language sets nothing and records nothing.
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert LanguagePreference.objects.get(user=world.committee_member).language == "vi"
    assert not LanguagePreference.objects.filter(user=world.secretary).exists()


def test_a_meeting_notice_sent_in_english_reaches_each_member_in_their_language(
    world, committee, meeting, client_for, django_capture_on_commit_callbacks
):
    """The secretary works in English and sends the notice; a member who chose English reads it in
    English, one who chose Vietnamese and one who chose nothing read it in Vietnamese — inbox and e-mail."""
    english, vietnamese, unset = committee.members[1], committee.members[2], committee.members[3]
    _choose(client_for(english.user), "en")
    _choose(client_for(vietnamese.user), "vi")
    for person in (english, vietnamese, unset):
        person.user.email = f"{person.user.username}@example.vn"
        person.user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        meetings.send_notice(meeting)
    titles = dict(
        Notification.objects.filter(url=meeting.get_absolute_url()).values_list("recipient_id", "title")
    )
    assert titles[english.user_id] == f"Meeting notice: {meeting.title}"
    assert titles[vietnamese.user_id] == f"Thông báo triệu tập: {meeting.title}"
    assert titles[unset.user_id] == f"Thông báo triệu tập: {meeting.title}"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[english.user.email] == f"Meeting notice: {meeting.title}"
    assert subjects[vietnamese.user.email] == f"Thông báo triệu tập: {meeting.title}"
    # What each reads in the inbox is that text.
    page = client_for(english.user).get(reverse("notify:inbox")).content.decode()
    assert f"Meeting notice: {meeting.title}" in page


def test_each_text_is_written_once_per_language(world, client_for, django_assert_max_num_queries):
    """Two recipients of each language: the title is written twice, not four times, and the recipients'
    languages are read in one query."""
    _choose(client_for(world.committee_member), "en")
    _choose(client_for(world.member), "en")
    written = []

    def title():
        written.append(translation.get_language())
        return translation.gettext("Vietnamese")

    with django_assert_max_num_queries(2):  # the languages, the rows
        rows = notify(
            [world.committee_member, world.member, world.secretary, world.outsider], title, email=False
        )
    assert sorted(written) == ["en", "vi"]
    assert [r.title for r in rows] == ["Vietnamese", "Vietnamese", "Tiếng Việt", "Tiếng Việt"]
