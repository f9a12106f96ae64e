"""The demo data generator (R01–R03): the seed's figures exactly, the same data on every run, working logins."""

import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.test import RequestFactory
from django.utils import timezone

from nghiquyet.demo import registry as demo
from nghiquyet.demo import reorganization as reorganization_demo
from nghiquyet.meetings.models import Meeting, MeetingKind
from nghiquyet.orgs.history import org_on
from nghiquyet.orgs.models import (
    CELL_KINDS,
    GRASSROOTS_KINDS,
    Body,
    BodyKind,
    BodyStaff,
    CommitteeMembership,
    Education,
    Organization,
    OrgKind,
    Person,
    Position,
    StaffRole,
    Term,
    Theory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bloc(django_db_setup, django_db_blocker):
    """The seed's bloc, generated once for the module (about two seconds) and deleted afterwards."""
    with django_db_blocker.unblock():
        demo.flush()
        result = demo.generate(demo.BLOC)
        try:
            yield result
        finally:
            demo.flush()


def grassroots_seats():
    """The seats of the current term (2025–2030), the one the seed's figures describe."""
    return CommitteeMembership.objects.filter(
        term__label=demo.TERM_LABEL, term__org__kind__in=GRASSROOTS_KINDS
    )


def digest() -> str:
    """A fingerprint of everything generated, independent of primary keys."""
    rows = [
        *Organization.objects.values_list("code", "name", "kind", "issuer_code", "path", "parent__code"),
        *Person.objects.values_list(
            "full_name",
            "gender",
            "birth_date",
            "party_entry_date",
            "full_membership_date",
            "education",
            "theory",
            "workplace",
            "job_title",
            "home_org__code",
            "user__username",
        ),
        *CommitteeMembership.objects.values_list(
            "term__org__code", "term__label", "person__full_name", "person__birth_date", "position"
        ),
        *BodyStaff.objects.values_list("body__kind", "body__name", "person__full_name", "role"),
    ]
    return hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()


def log_in(username: str):
    return authenticate(request=RequestFactory().post("/"), username=username, password=demo.DEMO_PASSWORD)


class TestBloc:
    def test_seed_bloc_counts(self, bloc):
        kinds = Counter(Organization.objects.values_list("kind", flat=True))
        assert kinds == {
            OrgKind.BLOC: 1,
            OrgKind.GRASSROOTS_COMMITTEE: 46,
            OrgKind.GRASSROOTS_CELL: 18,
            OrgKind.PARTIAL_COMMITTEE: 2,
            OrgKind.SUBORDINATE_CELL: 543,
        }
        assert Person.objects.count() == 6306
        assert grassroots_seats().count() == 546
        assert bloc.counts["members"] == 6306
        assert bloc.counts["committee_seats"] == 546

    def test_seed_bloc_tree_shape(self, bloc):
        root = Organization.objects.get(code="DUK")
        assert (root.name, root.issuer_code, root.parent) == (demo.BLOC_NAME, "ĐUK", None)
        issuers = dict(
            Organization.objects.values_list("kind").annotate(n=Count("issuer_code", distinct=True))
        )
        assert set(issuers.values()) == {1}
        assert set(
            Organization.objects.filter(kind=OrgKind.GRASSROOTS_COMMITTEE).values_list(
                "issuer_code", flat=True
            )
        ) == {"ĐU"}
        assert set(
            Organization.objects.filter(kind__in=CELL_KINDS).values_list("issuer_code", flat=True)
        ) == {"CB"}
        # Every organization sits under an allowed parent; partial committees under two different đảng bộ.
        for org in Organization.objects.select_related("parent"):
            org.full_clean()
        partial_parents = Organization.objects.filter(kind=OrgKind.PARTIAL_COMMITTEE).values_list(
            "parent", flat=True
        )
        assert len(set(partial_parents)) == 2
        assert not Organization.objects.filter(kind=OrgKind.PARTIAL_COMMITTEE, children__isnull=True).exists()
        assert not Organization.objects.filter(
            kind=OrgKind.GRASSROOTS_COMMITTEE, children__isnull=True
        ).exists()
        office = Organization.objects.get(code="CQDUK")
        assert (office.kind, office.name) == (OrgKind.GRASSROOTS_CELL, "Chi bộ Cơ quan Đảng ủy Khối")

    def test_seed_codes_and_names(self, bloc):
        code = re.compile(r"^[A-Z0-9][A-Z0-9_.-]*$")
        assert all(code.match(c) for c in Organization.objects.values_list("code", flat=True))
        grassroots = list(Organization.objects.grassroots().values_list("name", flat=True))
        assert len(set(grassroots)) == 64
        assert "Đảng bộ Sở Tư pháp" in grassroots
        assert all(n.startswith(("Đảng bộ ", "Chi bộ ")) for n in grassroots)
        per_parent = Counter(Organization.objects.exclude(parent=None).values_list("parent", "name"))
        assert max(per_parent.values()) == 1

    def test_seed_every_member_registered_in_a_cell(self, bloc):
        assert not Person.objects.exclude(home_org__kind__in=CELL_KINDS).exists()
        # A chi bộ has at least three members.
        smallest = Organization.objects.cells().annotate(n=Count("members")).order_by("n").first()
        assert smallest.n >= 3

    def test_seed_people_names_and_dates(self, bloc):
        rows = list(
            Person.objects.values_list(
                "full_name",
                "gender",
                "birth_date",
                "party_entry_date",
                "full_membership_date",
                "workplace",
                "job_title",
            )
        )
        families = {f for f, _ in demo.FAMILY_NAMES}
        for name, gender, birth, admitted, full, workplace, job in rows:
            assert unicodedata.is_normalized("NFC", name)
            words = name.split(" ")
            assert len(words) >= 3 and words[0] in families
            given = demo.FEMALE_GIVEN if gender == "female" else demo.MALE_GIVEN
            assert words[-1] in given
            assert 1960 <= birth.year <= 2000
            assert admitted >= birth.replace(year=birth.year + 18)
            assert 365 <= (full - admitted).days <= 366
            assert workplace and job
        assert "Thị" in {n.split(" ")[1] for n, g, *_ in rows if g == "female"}
        assert len({r[0] for r in rows}) > 2000  # names vary

    def test_seed_committees_per_term(self, bloc):
        every_term = Term.objects.filter(org__kind__in=GRASSROOTS_KINDS)
        assert every_term.count() == 2 * 64
        assert set(every_term.values_list("label", "start_date", "end_date")) == {
            ("2020–2025", demo.PREVIOUS_TERM_START, demo.PREVIOUS_TERM_END),
            ("2025–2030", demo.TERM_START, demo.TERM_END),
        }
        # The terms follow each other: no day with two committees, none without.
        assert demo.PREVIOUS_TERM_END + dt.timedelta(days=1) == demo.TERM_START
        terms = every_term.filter(label=demo.TERM_LABEL)
        shape = terms.annotate(
            size=Count("memberships"),
            secretaries=Count("memberships", filter=Q(memberships__position=Position.SECRETARY)),
            deputies=Count("memberships", filter=Q(memberships__position=Position.DEPUTY_SECRETARY)),
            standing=Count("memberships", filter=Q(memberships__position=Position.STANDING_MEMBER)),
        ).values_list("org__kind", "size", "secretaries", "deputies", "standing")
        for kind, size, secretaries, deputies, standing in shape:
            low, high = (7, 15) if kind == OrgKind.GRASSROOTS_COMMITTEE else (3, 5)
            assert low <= size <= high
            assert secretaries == 1
            assert 1 <= deputies <= 2
            assert (standing > 0) == (size >= 9)
        assert sum(row[1] for row in shape) == 546

    def test_seed_previous_term_reelects_who_was_a_full_member_then(self, bloc):
        """R39: 2024 has its committees. The 2020 congresses elected the same people where they were full
        members by then, in the same positions."""
        previous = CommitteeMembership.objects.filter(term__label=demo.PREVIOUS_TERM_LABEL)
        current = {
            (s.term.org_id, s.person_id): s.position
            for s in CommitteeMembership.objects.filter(term__label=demo.TERM_LABEL).select_related(
                "term", "person"
            )
            if s.person.full_membership_date <= demo.PREVIOUS_TERM_START
        }
        assert {(s.term.org_id, s.person_id): s.position for s in previous.select_related("term")} == current
        assert all(s.start_date == demo.PREVIOUS_TERM_START for s in previous)
        # Every committee had its secretary in 2024.
        on = dt.date(2024, 6, 1)
        secretaries = CommitteeMembership.objects.current(on).filter(position=Position.SECRETARY)
        assert secretaries.filter(term__org__kind__in=GRASSROOTS_KINDS).count() == 64
        assert secretaries.filter(term__org__code=demo.BLOC_CODE).count() == 1

    def test_seed_committee_members_live_in_the_subtree(self, bloc):
        rows = CommitteeMembership.objects.values_list("term__org__path", "person__home_org__path")
        assert all(home.startswith(org) for org, home in rows)
        # Nobody sits on two grassroots committees.
        assert grassroots_seats().values("person").distinct().count() == 546

    def test_seed_committee_levels_match_seed(self, bloc):
        education = Counter(grassroots_seats().values_list("person__education", flat=True))
        theory = Counter(grassroots_seats().values_list("person__theory", flat=True))
        assert education[Education.DOCTORATE] + education[Education.MASTER] == 160
        assert education[Education.DOCTORATE] > 0 and education[Education.MASTER] > 0
        assert education[Education.UNIVERSITY] == 386
        assert theory[Theory.BACHELOR] + theory[Theory.ADVANCED] == 463
        assert theory[Theory.BACHELOR] > 0 and theory[Theory.ADVANCED] > 0
        assert theory[Theory.INTERMEDIATE] == 56
        assert theory[Theory.ELEMENTARY] == 27
        # Ordinary members get mixed levels, some without any political theory training yet.
        ordinary = Person.objects.filter(committee_seats=None)
        assert ordinary.filter(theory=Theory.NONE).exists()
        assert ordinary.filter(education=Education.COLLEGE).exists()

    def test_seed_upper_level_bodies(self, bloc):
        office = Organization.objects.get(code="CQDUK")
        bodies = {b.kind: b for b in Body.objects.filter(org__code="DUK")}
        assert {k: b.name for k, b in bodies.items()} == {k: n for k, n in demo.BODIES}
        for body in bodies.values():
            staff = list(body.staff.select_related("person"))
            assert 2 <= len(staff) <= 4
            assert [s.role for s in staff].count(StaffRole.HEAD) == 1
            assert all(s.person.home_org_id == office.pk for s in staff)
        bloc_term = Term.objects.get(org__code="DUK", label=demo.TERM_LABEL)
        assert bloc_term.label == "2025–2030"
        seats = bloc_term.memberships.select_related("person")
        assert seats.count() == 5
        assert all(s.person.home_org_id == office.pk for s in seats)
        assert seats.filter(position=Position.SECRETARY).count() == 1
        # The bloc's own committee is not among the 546 grassroots committee members.
        assert not grassroots_seats().filter(person__in=[s.person for s in seats]).exists()
        assert grassroots_seats().filter(term__org=office).exists()

    def test_demo_logins(self, bloc):
        logins = {x.username: x for x in bloc.logins}
        assert list(logins) == list(demo.REGISTRY_USERNAMES)  # the transfer's login comes with it
        for username in demo.REGISTRY_USERNAMES:
            user = log_in(username)
            assert user is not None, username
        assert log_in("admin").is_superuser and log_in("admin").is_staff

        person = {u: Person.objects.get(user__username=u) for u in demo.REGISTRY_USERNAMES if u != "admin"}
        btc = BodyStaff.objects.get(person=person["bantochuc"])
        assert btc.body.kind == BodyKind.ORGANIZATION_BOARD and btc.role in (
            StaffRole.HEAD,
            StaffRole.OFFICER,
        )
        ubkt = BodyStaff.objects.get(person=person["ubkt"])
        assert ubkt.body.kind == BodyKind.INSPECTION_COMMITTEE and ubkt.role == StaffRole.OFFICER

        secretary = (
            CommitteeMembership.objects.current().select_related("term__org").get(person=person["bithu"])
        )
        org = secretary.term.org
        assert secretary.position == Position.SECRETARY
        assert org.kind == OrgKind.GRASSROOTS_COMMITTEE
        assert org.children.filter(kind=OrgKind.PARTIAL_COMMITTEE).exists()
        member = CommitteeMembership.objects.current().get(person=person["capuy"])
        assert (member.term_id, member.position) == (secretary.term_id, Position.MEMBER)
        plain = person["dangvien"]
        assert plain.home_org.is_cell and plain.home_org.path.startswith(org.path)
        assert not plain.committee_seats.exists() and not plain.body_roles.exists()

        assert logins["bithu"].org_code == org.code
        assert logins["bithu"].who.startswith("Bí thư Đảng ủy ")
        assert logins["bantochuc"].who.startswith("Cán bộ Ban Tổ chức Đảng ủy Khối")

    def test_seed_if_empty_does_not_duplicate(self, bloc):
        out = io.StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        assert Organization.objects.count() == 1 + 64 + 2 + 543
        assert Person.objects.count() == 6306
        assert get_user_model().objects.filter(username__in=demo.DEMO_USERNAMES).count() == 6
        text = out.getvalue()
        assert "bỏ qua" in text
        assert all(u in text for u in demo.REGISTRY_USERNAMES) and demo.DEMO_PASSWORD in text

    def test_seed_refuses_existing_data(self, bloc):
        with pytest.raises(CommandError, match="--flush"):
            call_command("seed_demo", stdout=io.StringIO())

    def test_seed_is_deterministic(self, bloc):
        # seed_demo records the 2025 transfer after generating the registry (demo.reorganization, R39).
        reorganization_demo.transfer_2025(demo.BLOC_CODE)
        before = digest()
        out = io.StringIO()
        call_command("seed_demo", "--flush", stdout=out)
        assert digest() == before
        assert "6.306 đảng viên" in out.getvalue()
        assert "bithu" in out.getvalue() and demo.SUCCESSOR_USERNAME in out.getvalue()
        assert log_in("bithu") is not None and log_in(demo.SUCCESSOR_USERNAME) is not None
        # The history runs from January 2024 (R39: the bloc's 2024 as it was) to today's month.
        regular = Meeting.objects.filter(kind=MeetingKind.REGULAR).order_by("date")
        first = regular.values_list("date", flat=True).first()
        assert (first.year, first.month) == (2024, 1)
        assert Meeting.objects.filter(date__gte=timezone.localdate().replace(day=1)).exists()
        # An organization that left the bloc in February 2025 has its meetings on both sides of the move.
        founded = reorganization_demo.FOUNDED
        moved = Organization.objects.filter(parent__code=reorganization_demo.SUCCESSOR_CODE).order_by("code")[
            0
        ]
        bloc = Organization.objects.get(code=demo.BLOC_CODE)
        assert org_on(moved, founded - dt.timedelta(days=1)).parent_id == bloc.pk
        assert org_on(moved, founded).parent_id == moved.parent_id != bloc.pk
        assert Meeting.objects.filter(org=moved, date__lt=founded, date__year=2024).exists()
        assert Meeting.objects.filter(org=moved, date__gt=founded).exists()


def test_scaled_sizes_multiply():
    small = demo.Sizes(
        grassroots_committees=2,
        grassroots_cells=2,
        partial_committees=1,
        subordinate_cells=6,
        members=120,
        committee_members=22,
    )
    doubled = small.scaled(2)
    assert doubled == demo.Sizes(4, 4, 2, 12, 240, 44)
    assert demo.BLOC.scaled(10).education == (220, 1380, 3860)
    assert sum(doubled.theory_counts().values()) == 44

    demo.flush()
    result = demo.generate(doubled, seed=7)
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds == {
        OrgKind.BLOC: 1,
        OrgKind.GRASSROOTS_COMMITTEE: 4,
        OrgKind.GRASSROOTS_CELL: 4,
        OrgKind.PARTIAL_COMMITTEE: 2,
        OrgKind.SUBORDINATE_CELL: 12,
    }
    assert Person.objects.count() == 240
    assert grassroots_seats().count() == 44
    education = Counter(grassroots_seats().values_list("person__education", flat=True))
    assert education == Counter(doubled.education_counts())
    assert [x.username for x in result.logins] == list(demo.REGISTRY_USERNAMES)


def test_impossible_sizes_are_refused():
    before = Organization.objects.count()
    with pytest.raises(ValueError, match="committee members"):
        demo.generate(demo.Sizes(2, 2, 0, 6, 200, 100))
    with pytest.raises(ValueError, match="members"):
        demo.generate(demo.Sizes(2, 2, 0, 6, 20, 20))
    assert Organization.objects.count() == before
