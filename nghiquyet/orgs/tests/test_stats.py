"""Committee members' qualification statistics (R02): computed from the records, per subtree and term.

The `world` committees today: G1 = the secretary (master, advanced theory) and a committee member
(doctorate, bachelor of political theory); G2 = the outsider (university, elementary theory).
"""

import datetime as dt
import json
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from nghiquyet.orgs.models import Education, Gender, OrgKind, Theory
from nghiquyet.orgs.stats import largest_remainder_percentages, qualification_stats
from nghiquyet.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)


def counts(buckets):
    return {b.key: b.count for b in buckets}


def percents(buckets):
    return {b.key: b.percent for b in buckets}


def seat(term, home, education=Education.UNIVERSITY, theory=Theory.INTERMEDIATE, **kw):
    person = PersonFactory(home_org=home, education=education, theory=theory, **kw)
    MembershipFactory(term=term, person=person)
    return person


# The rounding --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_counts,expected",
    [
        ([1, 1, 1], [33.4, 33.3, 33.3]),  # plain rounding: 33.3 × 3 = 99.9
        ([2, 1], [66.7, 33.3]),
        ([1, 6], [14.3, 85.7]),
        ([1] * 7, [14.3] * 6 + [14.2]),  # plain rounding: 14.3 × 7 = 100.1
        ([5, 0, 0], [100.0, 0.0, 0.0]),
        ([0, 0, 0], [0.0, 0.0, 0.0]),
        ([], []),
    ],
)
def test_r02_largest_remainder_percentages(given_counts, expected):
    assert largest_remainder_percentages(given_counts) == expected


def test_r02_plain_rounding_would_slip():
    """Why the method exists: rounding each share alone does not add up (the scheme's tables show it)."""
    assert round(sum(round(100 / 3, 1) for _ in range(3)), 1) == 99.9
    assert round(sum(round(100 / 7, 1) for _ in range(7)), 1) == 100.1


def test_r02_negative_counts_are_refused():
    with pytest.raises(ValueError):
        largest_remainder_percentages([3, -1])


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12).filter(any))
def test_r02_percentages_always_sum_to_100_and_stay_close(values):
    result = largest_remainder_percentages(values)
    assert round(sum(result), 1) == 100.0
    total = sum(values)
    for value, percent in zip(values, result, strict=True):
        assert abs(percent - 100 * value / total) < 0.1 + 1e-9
        assert round(percent, 1) == percent


# The computation -----------------------------------------------------------------------------------


@pytest.mark.django_db
class TestQualificationStats:
    def test_r02_bloc_counts_and_percentages_from_records(self, world):
        stats = qualification_stats(world.bloc)
        assert stats.total == 3
        assert counts(stats.education) == {
            "postgraduate": 2,
            "university": 1,
            "college": 0,
            "vocational": 0,
            "none": 0,
        }
        assert percents(stats.education)["postgraduate"] == 66.7
        assert percents(stats.education)["university"] == 33.3
        assert counts(stats.theory) == {"advanced": 2, "intermediate": 0, "elementary": 1, "none": 0}
        assert percents(stats.theory) == {
            "advanced": 66.7,
            "intermediate": 0.0,
            "elementary": 33.3,
            "none": 0.0,
        }
        assert counts(stats.gender) == {"male": 3, "female": 0}

    def test_r02_bachelor_counts_with_advanced(self, world):
        stats = qualification_stats(world.g1)
        # The secretary holds cao cấp, the committee member cử nhân: one bucket.
        assert counts(stats.theory)["advanced"] == 2
        assert percents(stats.theory)["advanced"] == 100.0

    def test_r02_numbers_follow_new_members(self, world):
        seat(world.term1, world.c1, Education.COLLEGE, Theory.INTERMEDIATE, gender=Gender.FEMALE)
        seat(world.term1, world.c2, Education.VOCATIONAL, Theory.NONE)
        seat(world.term1, world.c2, Education.NONE, Theory.INTERMEDIATE)
        seat(world.term2, world.g2, Education.MASTER, Theory.BACHELOR, gender=Gender.FEMALE)
        stats = qualification_stats(world.bloc)
        assert stats.total == 7
        assert counts(stats.education) == {
            "postgraduate": 3,
            "university": 1,
            "college": 1,
            "vocational": 1,
            "none": 1,
        }
        # Rounded down: 42.8 + 4 × 14.2 = 99.6; the four tenths left go to the largest remainders,
        # 1/7 (.0286) ahead of 3/7 (.0057). Plain rounding would give 42.9 + 4 × 14.3 = 100.1.
        assert percents(stats.education) == {
            "postgraduate": 42.8,
            "university": 14.3,
            "college": 14.3,
            "vocational": 14.3,
            "none": 14.3,
        }
        assert counts(stats.theory) == {"advanced": 3, "intermediate": 2, "elementary": 1, "none": 1}
        assert counts(stats.gender) == {"male": 5, "female": 2}
        for breakdown in (stats.education, stats.theory, stats.gender):
            assert round(sum(b.percent for b in breakdown), 1) == 100.0
            assert sum(b.count for b in breakdown) == stats.total

    def test_r02_thirds_sum_to_100(self, world):
        seat(world.term2, world.g2, Education.COLLEGE, Theory.NONE)
        seat(world.term2, world.g2, Education.VOCATIONAL, Theory.INTERMEDIATE)
        stats = qualification_stats(world.g2)
        assert stats.total == 3
        assert [b.percent for b in stats.education if b.count] == [33.4, 33.3, 33.3]
        assert round(sum(b.percent for b in stats.education), 1) == 100.0

    def test_r02_subtree_filtering(self, world):
        assert qualification_stats(world.bloc).total == 3
        assert qualification_stats(world.g1).total == 2
        g2 = qualification_stats(world.g2)
        assert g2.total == 1
        assert counts(g2.education)["university"] == 1
        assert counts(g2.theory)["elementary"] == 1

    def test_r02_other_blocs_grassroots_not_counted(self, world):
        other = OrganizationFactory(code="DUK2", kind=OrgKind.BLOC, issuer_code="ĐUK")
        g9 = OrganizationFactory(code="G9", parent=other)
        seat(TermFactory(org=g9), world.c1)
        assert qualification_stats(world.bloc).total == 3
        assert qualification_stats(other).total == 1

    def test_r02_cell_committees_count_below_grassroots_only(self, world):
        cell_term = TermFactory(org=world.c1)
        chi_uy = seat(cell_term, world.c1, Education.COLLEGE)
        # Not a grassroots committee: outside the grassroots figure of G1 and of the bloc.
        assert qualification_stats(world.g1).total == 2
        assert qualification_stats(world.bloc).total == 3
        # Asked for the cell itself, or the partial committee above none of it, its own committee.
        cell = qualification_stats(world.c1)
        assert cell.total == 1
        assert counts(cell.education)["college"] == 1
        assert qualification_stats(world.p1).total == 0
        partial_term = TermFactory(org=world.p1)
        MembershipFactory(term=partial_term, person=chi_uy)
        seat(TermFactory(org=world.c2), world.c2)
        assert qualification_stats(world.p1).total == 2

    def test_r02_term_filtering(self, world):
        old = TermFactory(
            org=world.g1, label="2020–2025", start_date=dt.date(2020, 6, 1), end_date=dt.date(2025, 5, 31)
        )
        MembershipFactory(term=old, person=world.people.secretary, start_date=dt.date(2020, 6, 1))
        veteran = PersonFactory(home_org=world.c1, education=Education.NONE, theory=Theory.NONE)
        MembershipFactory(term=old, person=veteran, start_date=dt.date(2020, 6, 1))

        current = qualification_stats(world.g1)
        assert current.total == 2
        assert current.term_label is None

        past = qualification_stats(world.g1, "2020–2025")
        assert past.total == 2
        assert counts(past.education) == {
            "postgraduate": 1,
            "university": 0,
            "college": 0,
            "vocational": 0,
            "none": 1,
        }
        assert past.term_label == "2020–2025"
        assert qualification_stats(world.g1, "2025–2030").total == 2
        assert qualification_stats(world.bloc, "2025–2030").total == 3
        assert qualification_stats(world.bloc, "2020–2025").total == 2
        # On a day inside the old term, the current seats are the old ones.
        assert qualification_stats(world.g1, on=dt.date(2023, 1, 1)).total == 2
        assert qualification_stats(world.g1, "2015–2020").total == 0

    def test_r02_ended_seat_is_not_current(self, world):
        leaver = seat(world.term1, world.c1, Education.COLLEGE)
        leaver.committee_seats.update(end_date=dt.date(2026, 1, 1))
        assert qualification_stats(world.g1).total == 2
        assert qualification_stats(world.g1, "2025–2030").total == 3

    def test_r02_person_on_two_committees_counted_once(self, world):
        MembershipFactory(term=world.term2, person=world.people.secretary)
        stats = qualification_stats(world.bloc)
        assert stats.total == 3
        assert counts(stats.education)["postgraduate"] == 2
        assert qualification_stats(world.g2).total == 2

    def test_r02_empty_population_has_zero_percentages(self, world):
        stats = qualification_stats(world.c1)
        assert stats.total == 0
        assert all(b.percent == 0.0 and b.count == 0 for b in stats.education + stats.theory)

    def test_r02_as_dict_shape(self, world):
        with translation.override("en"):
            data = qualification_stats(world.g1, "2025–2030").as_dict()
        assert data["org"] == "G1"
        assert data["term"] == "2025–2030"
        assert data["total"] == 2
        assert data["education"][0] == {
            "key": "postgraduate",
            "label": "Doctorate or master",
            "count": 2,
            "percent": 100.0,
        }
        assert [b["key"] for b in data["theory"]] == ["advanced", "intermediate", "elementary", "none"]
        json.dumps(data)

    def test_r02_one_query_whatever_the_size(self, world, django_assert_num_queries):
        for _ in range(20):
            seat(world.term1, world.c1)
        with django_assert_num_queries(1):  # one aggregate over the distinct people, all buckets at once
            assert qualification_stats(world.bloc).total == 23


# The command ---------------------------------------------------------------------------------------


@pytest.mark.django_db
class TestCommand:
    def test_r02_json_matches_the_service(self, world):
        out = StringIO()
        call_command("stats", "qualifications", "--json", stdout=out)
        data = json.loads(out.getvalue())
        with translation.override("vi"):
            assert data == qualification_stats(world.bloc).as_dict()
        assert data["org"] == "DUK"
        assert data["term"] is None
        assert data["total"] == 3

    def test_r02_org_and_term_options(self, world):
        out = StringIO()
        call_command("stats", "qualifications", "--org", "G1", "--term", "2025–2030", "--json", stdout=out)
        data = json.loads(out.getvalue())
        assert (data["org"], data["term"], data["total"]) == ("G1", "2025–2030", 2)

    def test_r02_table_output(self, world):
        out = StringIO()
        call_command("stats", "qualifications", "--org", "G2", stdout=out)
        text = out.getvalue()
        assert "Chi bộ Ban Dân tộc (G2)" in text
        assert "Committee members: 1" in text
        assert "100.0" in text

    def test_r02_unknown_org_names_the_code(self, world):
        with pytest.raises(CommandError, match="NOPE"):
            call_command("stats", "qualifications", "--org", "NOPE", stdout=StringIO())

    def test_r02_unknown_term_is_an_error(self, world):
        with pytest.raises(CommandError, match="1990–1995"):
            call_command("stats", "qualifications", "--term", "1990–1995", stdout=StringIO())


# The page and the export ---------------------------------------------------------------------------

URL = reverse("orgs:stats")
XLSX_URL = reverse("orgs:stats_xlsx")


@pytest.mark.django_db
class TestPage:
    def test_r02_org_board_sees_the_bloc_by_default(self, world, client_for):
        response = client_for(world.btc).get(URL)
        assert response.status_code == 200
        assert response.context["org"] == world.bloc
        assert response.context["stats"].total == 3
        assert response.context["data"]["education"][0]["count"] == 2
        codes = [o.code for o in response.context["options"]]
        assert codes == ["DUK", "CQDUK", "G1", "G2"]
        assert response.context["terms"] == ["2025–2030"]
        html = response.content.decode()
        assert 'id="stats-data"' in html
        assert "web/charts.js" in html
        assert 'data-series="education"' in html
        assert f'{XLSX_URL}?org=DUK"' in html

    def test_r02_superuser_sees_the_bloc_by_default(self, world, client_for):
        admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        response = client_for(admin).get(URL)
        assert response.context["org"] == world.bloc
        assert response.context["stats"].total == 3

    def test_r02_secretary_sees_own_grassroots_org_by_default(self, world, client_for):
        response = client_for(world.secretary).get(URL)
        assert response.status_code == 200
        assert response.context["org"] == world.g1
        assert response.context["stats"].total == 2
        assert [o.code for o in response.context["options"]] == ["G1", "G1C1"]

    def test_r02_secretary_picks_org_and_term(self, world, client_for):
        response = client_for(world.btc).get(URL, {"org": "G2", "term": "2025–2030"})
        assert response.status_code == 200
        assert response.context["stats"].org == world.g2
        assert response.context["stats"].term_label == "2025–2030"
        assert response.context["stats"].total == 1
        assert "org=G2&amp;term=2025%E2%80%932030" in response.content.decode()

    def test_r02_outsider_gets_404_for_g1(self, world, client_for):
        client = client_for(world.outsider)
        assert client.get(URL, {"org": "G1"}).status_code == 404
        assert client.get(XLSX_URL, {"org": "G1"}).status_code == 404
        assert client.get(URL, {"org": "NO-SUCH-ORG"}).status_code == 404
        assert client.get(URL).context["org"] == world.g2

    def test_r02_plain_member_cannot_see_grassroots_figures(self, world, client_for):
        client = client_for(world.member)
        assert client.get(URL, {"org": "G1"}).status_code == 404
        response = client.get(URL)
        assert response.context["org"] == world.c1
        assert response.context["stats"].total == 0
        assert 'id="stats-data"' not in response.content.decode()

    def test_r02_user_with_no_scope_gets_a_polite_page(self, world, client_for):
        response = client_for(UserFactory(username="nobody")).get(URL)
        assert response.status_code == 200
        assert response.context["org"] is None
        assert client_for(UserFactory(username="nobody")).get(XLSX_URL).status_code == 404

    def test_r02_anonymous_is_sent_to_login(self, client, world):
        assert client.get(URL).status_code == 302
        assert client.get(XLSX_URL).status_code == 302

    def test_r02_constant_query_count(self, world, client_for):
        client = client_for(world.btc)
        client.get(URL)  # warm up: session and per-process caches

        def queries_for_page(expected_total):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(URL)
            assert response.context["stats"].total == expected_total
            return len(ctx.captured_queries)

        for _ in range(5):
            seat(world.term1, world.c1)
        small = queries_for_page(3 + 5)
        for _ in range(45):
            seat(world.term2, world.g2, Education.COLLEGE)
        assert queries_for_page(3 + 50) == small
        # 1 session, 2 user, 3-5 scope (person, body staff, committee seats), 6 organizations for the picker,
        # 7 the aggregate, 8 term labels, 9 the person named in the top bar.
        assert small == 9


@pytest.fixture
def english(client, settings):
    """Pages in English, the source language: chosen with the language cookie, as the switch in the top
    bar does (the browser's Accept-Language does not change the web UI's language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.django_db
class TestExport:
    def test_r02_xlsx_holds_the_totals(self, world, client_for, english):
        response = client_for(world.btc).get(XLSX_URL, {"org": "G1", "term": "2025–2030"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert 'filename="thong-ke-trinh-do-G1.xlsx"' in response["Content-Disposition"]
        ws = load_workbook(BytesIO(response.content)).active
        rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
        assert any("Đảng bộ Sở Tư pháp" in str(r[0]) and "2025–2030" in str(r[0]) for r in rows)
        assert ("Committee members counted", 2, None) in rows
        assert ("Doctorate or master", 2, 100.0) in rows
        assert ("Advanced or bachelor", 2, 100.0) in rows
        assert rows.count(("Total", 2, 100.0)) == 3
        percent_cells = [row[2] for row in ws.iter_rows() if isinstance(row[2].value, int | float)]
        assert percent_cells and all(c.number_format == "0.0" for c in percent_cells)

    def test_r02_xlsx_default_is_widest_org(self, world, client_for):
        response = client_for(world.secretary).get(XLSX_URL)
        assert response.status_code == 200
        assert "thong-ke-trinh-do-G1.xlsx" in response["Content-Disposition"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_r02_charts_are_drawn_in_the_browser(world, page):
    # Logged in by hand: the first submit button of the page is the language switch in the top bar.
    page.goto(f"{reverse('login')}?next={URL}")
    page.fill("input[name=username]", "btc")
    page.fill("input[name=password]", "matkhau-thu-nghiem")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{URL}")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(URL)
    page.wait_for_function(
        "() => { const canvases = [...document.querySelectorAll('canvas[data-chart]')];"
        " return canvases.length === 2 && canvases.every((c) => window.Chart.getChart(c)); }"
    )
    kinds = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].map((c) => window.Chart.getChart(c).config.type)"
    )
    labels = page.evaluate(
        "() => window.Chart.getChart(document.querySelector('canvas')).data.datasets[0].data"
    )
    assert kinds == ["bar", "doughnut"]
    assert labels == [2, 1, 0, 0, 0]
    assert errors == []
