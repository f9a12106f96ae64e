"""Log-in, lockout, language switch and change history (foundation of R01-R03)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from nghiquyet.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_login_with_form_and_logout(world, client):
    response = client.post(reverse("login"), {"username": "bithu", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 302
    assert client.get(reverse("orgs:org", args=["G1"])).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("orgs:org", args=["G1"])).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failed_logins(world, client):
    for _ in range(3):
        client.post(reverse("login"), {"username": "bithu", "password": "sai"})
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "bithu", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_ui_is_vietnamese_by_default_and_english_on_request(world, client_for):
    client = client_for(world.secretary)
    assert "Tổ chức" in client.get(reverse("orgs:tree")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Organizations" in client.get(reverse("orgs:tree")).content.decode()


def test_password_change(world, client_for):
    client = client_for(world.secretary)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "matkhau-thu-nghiem",
            "new_password1": "Hn-2026-bi-thu!",
            "new_password2": "Hn-2026-bi-thu!",
        },
    )
    assert response.status_code == 302
    world.secretary.refresh_from_db()
    assert world.secretary.check_password("Hn-2026-bi-thu!")


def test_edits_are_kept_in_history(world, client_for):
    """Who changed what, when: an edit through the admin leaves a historical record naming the user."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password="x-quantri-2026")
    client = client_for(admin)
    person = world.people.member
    url = reverse("admin:orgs_person_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"full_name": "Đặng Văn Hưng", "home_org": person.home_org_id, "user": person.user_id or ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    latest = Person.history.filter(id=person.pk).order_by("-history_date").first()
    assert latest.full_name == "Đặng Văn Hưng"
    assert latest.history_user == admin
    assert latest.prev_record.full_name == "Đặng Văn Hùng"
