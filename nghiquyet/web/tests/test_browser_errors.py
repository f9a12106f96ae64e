"""#16.6 in a real browser: text too large to send is stopped in the page, the text kept, a Vietnamese
message shown; a wrong address shows the application's own Vietnamese page."""

import pytest
from playwright.sync_api import expect

from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r45_too_much_text_is_stopped_before_anything_is_lost(page, login, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    user = UserFactory(username="thuky")
    user.set_password("matkhau-thu-nghiem")
    user.save()
    PersonFactory(full_name="Nguyễn Văn Thư", user=user, home_org=OrganizationFactory(code="CB1"))
    login("thuky")
    page.goto("/accounts/password/")
    text = "Nội dung rất dài. " * 8000  # ~150 KB in UTF-8
    page.fill("input[name=old_password]", text)
    page.fill("input[name=new_password1]", "mat-khau-moi-2026")
    page.fill("input[name=new_password2]", "mat-khau-moi-2026")
    page.click("main form button[type=submit]")
    alert = page.locator(".nq-too-large")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("chưa có gì được gửi đi")
    assert page.url.endswith("/accounts/password/")
    assert page.input_value("input[name=old_password]") == text

    page.goto("/khong-co-trang-nay/")
    expect(page.locator("h1")).to_have_text("Không tìm thấy")
    expect(page.locator("body")).not_to_contain_text("URLconf")
