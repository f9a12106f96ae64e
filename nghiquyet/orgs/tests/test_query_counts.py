"""Registry pages run a fixed number of SQL queries whatever the data size (R01): the org tree, an org
page, the member list (searched and paged) and a person page, on the demo bloc and on ten times it."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.demo import registry as demo
from nghiquyet.orgs.models import Person


def _counts(client) -> dict[str, int]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "bithu"])}
    secretary = users["bithu"]
    org_code = secretary.person.committee_seats.current().get().term.org.code
    some_member = Person.objects.filter(home_org__path__startswith=f"DUK/{org_code}/").order_by("pk").first()
    pages = {
        "tree (superuser)": (users["admin"], reverse("orgs:tree")),
        "tree (secretary)": (secretary, reverse("orgs:tree")),
        "org page": (secretary, reverse("orgs:org", args=[org_code])),
        "bloc page": (users["admin"], reverse("orgs:org", args=["DUK"])),
        "member list": (secretary, reverse("orgs:members", args=[org_code]) + "?page=2"),
        "member search": (secretary, reverse("orgs:members", args=[org_code]) + "?q=nguyen+van"),
        "person page": (secretary, reverse("orgs:person", args=[some_member.pk])),
    }
    counts = {}
    for name, (user, url) in pages.items():
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
def test_r01_registry_query_counts_do_not_grow_with_the_data(client):
    demo.generate(demo.BLOC)
    bloc = _counts(client)
    demo.flush()
    demo.generate(demo.BLOC.scaled(10))
    assert Person.objects.count() == 10 * 6306
    ten_times = _counts(client)
    assert ten_times == bloc
    # And the counts stay small: session, user, scope and a handful of reads per page (the org page one
    # more for its history, R39).
    assert max(bloc.values()) <= 16, bloc
