"""The API tokens page and the API docs in a real browser: the key is shown once and works, and the
pages' style sheets and scripts load from our own static files (no CDN: a closed intranet)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_creates_a_token_and_the_api_answers_it(world, page, login):
    login("bithu")
    page.goto("/accounts/api-tokens/")
    # app.css is served and applied (the red bar under the top navigation).
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).borderBottomStyle") == "solid"
    page.fill("input[name=name]", "Văn phòng điện tử")
    page.click("main form button[type=submit]")
    key = page.locator("#new-key-value").inner_text().strip()
    assert key.startswith("nq_")
    assert "Văn phòng điện tử" in page.locator("#tokens").inner_text()

    answer = page.request.get("/api/orgs/", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 200
    assert answer.json()["items"][0]["code"] == "G1"

    page.reload()
    assert key not in page.content()


def test_api_docs_render_from_local_files(world, page):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto("/api/docs")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert "/api/meetings/{meeting_id}/opinions/" in page.content()
    assert failed == []
