"""The inbox in a real browser (R44): the secretary sends the notice of G1's December meeting; the committee
member (`capuy`) logs in, sees the unread count in the top bar, opens the inbox, clicks the notice, lands
on the meeting's page, and the count goes down. The inbox fits a 360 px phone screen."""

import pytest
from playwright.sync_api import expect

from nghiquyet.meetings import services
from nghiquyet.notify.models import Notification
from nghiquyet.notify.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r44_a_notice_reaches_the_inbox_and_is_read_there(page, login, world, meeting):
    notify([world.committee_member], "Đôn đốc thực hiện nghị quyết", url="/resolutions/mine/", email=False)
    services.send_notice(meeting)
    notice = Notification.objects.get(recipient=world.committee_member, url=meeting.get_absolute_url())

    login("capuy")
    expect(page.locator("#nav-unread")).to_have_text("2")
    page.click("#nav-inbox")
    expect(page).to_have_url("/inbox/")
    item = page.locator(f'#inbox li[data-notification="{notice.pk}"]')
    expect(item).to_have_class("unread")
    expect(item).to_contain_text(meeting.title)

    item.locator("a").click()

    expect(page).to_have_url(meeting.get_absolute_url())
    expect(page.locator("h1")).to_contain_text(meeting.title)
    expect(page.locator("#nav-unread")).to_have_text("1")
    page.click("#nav-inbox")
    expect(page.locator(f'#inbox li[data-notification="{notice.pk}"]')).to_have_class("read")

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("#read-all")
    expect(page.locator("#nav-inbox")).to_be_visible()
    expect(page.locator("#nav-unread")).to_have_count(0)
