"""Backup and restore round-trip a database without loss: every row, Vietnamese text, change history,
signed (locked) minutes, password hashes and API token hashes (foundation of R21's archive)."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from nghiquyet.api import services as api_services
from nghiquyet.api.models import ApiToken
from nghiquyet.meetings import services
from nghiquyet.meetings.models import Meeting, MeetingStatus, Minutes, Opinion, Stance
from nghiquyet.meetings.tests.conftest import committee, meeting, meeting_day  # noqa: F401
from nghiquyet.orgs.models import Organization, Person
from nghiquyet.web import backup

pytestmark = pytest.mark.django_db(transaction=True)


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in backup._dumped_models()}


@pytest.fixture
def record(world, committee, meeting, meeting_day):  # noqa: F811
    """A December meeting held, voted and signed, an edit in the history, and an API token."""
    members = committee.members
    services.prepare(meeting, topics=["Cải cách hành chính; chuyển đổi số"], drafter=members[1])
    services.add_opinion(meeting, author=members[3], stance=Stance.DISAGREE, text="Đề nghị làm rõ nguồn lực.")
    services.record_attendance(
        meeting, {p.pk: ("present", "") for p in members}, chair=members[0], recorder=members[2]
    )
    services.record_vote(
        meeting, subject="Nghị quyết tháng 12", votes_for=8, votes_against=1, votes_abstain=0
    )
    services.sign_minutes(meeting, members[0])
    services.sign_minutes(meeting, members[2])
    person = world.people.member
    person.job_title = "Phó Chánh Văn phòng"
    person._history_user = world.secretary
    person.save()
    _token, key = api_services.create_token(world.secretary, "Văn phòng điện tử")
    return SimpleNamespace(meeting=meeting, key=key)


def test_r21_backup_flush_restore_round_trip(world, record, tmp_path):
    held = record.meeting
    before = _counts()
    assert before["orgs.HistoricalPerson"] > before["orgs.Person"]
    path = backup.backup(tmp_path / "nghiquyet.json.gz")
    assert path.read_bytes()[:2] == b"\x1f\x8b"  # gzipped

    call_command("flush", interactive=False, verbosity=0)
    assert backup.is_empty()
    backup.restore(path)

    assert _counts() == before
    assert Organization.objects.get(code="G1").name == "Đảng bộ Sở Tư pháp"
    assert Organization.objects.get(code="G1P1C1").path == "DUK/G1/G1P1/G1P1C1/"
    restored = Person.objects.get(full_name="Đặng Văn Hùng")
    assert restored.job_title == "Phó Chánh Văn phòng"
    assert restored.user.username == "dangvien"
    assert restored.user.check_password("matkhau-thu-nghiem")
    # The change history, with who made the change.
    edit = restored.history.filter(history_type="~").get()
    assert edit.job_title == "Phó Chánh Văn phòng"
    assert edit.history_user.username == "bithu"
    assert restored.history.filter(history_type="+").get().job_title == "Chuyên viên"
    # Signed minutes come back signed, with their fingerprint, and still locked.
    minutes = Minutes.objects.get(meeting_id=held.pk)
    assert Meeting.objects.get(pk=held.pk).status == MeetingStatus.SIGNED
    assert minutes.sha256 and minutes.chair_signed_at and minutes.recorder_signed_at
    assert "Đề nghị làm rõ nguồn lực." in Opinion.objects.get().text
    # The API token still works: only its hash was stored, and it was kept.
    assert api_services.user_for_key(record.key).username == "bithu"
    assert ApiToken.objects.get().name == "Văn phòng điện tử"
    # New rows take fresh ids after the restore (PostgreSQL sequences are reset by loaddata).
    assert get_user_model().objects.create(username="moi").pk > restored.user.pk


def test_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    path = backup.backup(tmp_path / "b.json.gz")
    with pytest.raises(CommandError, match="not empty"):
        backup.restore(path)
    backup.restore(path, flush=True)
    assert Organization.objects.count() == 7


def test_backup_and_restore_commands(world, tmp_path, capsys):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path))
    assert capsys.readouterr().out.strip() == str(path)
    call_command("restore", str(path), "--flush")
    assert Person.objects.filter(full_name="Lê Thị Mai").exists()
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.json.gz"))


def test_default_backup_path_is_under_var_backups(settings):
    path = backup.default_path()
    assert path.parent == settings.VAR_DIR / "backups"
    assert path.name.startswith("nghiquyet-") and path.name.endswith(".json.gz")


def test_every_table_is_in_the_backup_but_the_rebuilt_ones():
    dumped = {m._meta.label for m in backup._dumped_models()}
    assert "orgs.HistoricalOrganization" in dumped and "api.ApiToken" in dumped
    assert {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}.isdisjoint(dumped)
    assert len(dumped) == len([m for m in apps.get_models() if m._meta.managed]) - 3
