"""R43: the application installs to a phone's home screen — the manifest and the service worker are served
by the application itself (no CDN), the worker from the site's root — and every page links them."""

import json

from django.http import HttpResponse
from django.templatetags.static import static

from nghiquyet.web.middleware import CompressTextMiddleware


def test_r43_the_manifest_names_the_application_and_its_local_icons(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["short_name"] == "nghiquyet" and data["start_url"] == "/" and data["display"] == "standalone"
    assert [icon["src"] for icon in data["icons"]] == [
        static("web/icon-192.png"),
        static("web/icon-512.png"),
        static("web/favicon.svg"),
    ]


def test_r43_the_service_worker_is_served_from_the_root_and_never_cached_by_http(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    # It precaches what every page needs, under the names the pages use (hashed once collected).
    assert json.dumps(static("web/app.css")) in text and json.dumps(static("web/phone.js")) in text
    # Nothing personal outlives a logout; the login pages are never stored.
    assert "/accounts/logout/" in text and "forgetAll" in text and "accounts|admin|api" in text


def test_r43_a_page_links_the_manifest_and_marks_what_to_keep_offline(world, client_for):
    response = client_for(world.member).get("/inbox/")
    html = response.content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'data-user="1" data-service-worker="/sw.js"' in html
    assert 'data-offline="/resolutions/mine/"' in html and 'data-offline="/inbox/"' in html
    assert 'id="nav-toggle" aria-controls="nav-main" aria-expanded="false"' in html


def test_r43_the_login_page_registers_no_worker_for_a_visitor(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "data-user=" not in html  # web/phone.js then empties the caches left on the device
    assert '<link rel="manifest"' in html


def test_r43_pages_are_compressed_downloads_are_not(world, client_for):
    client = client_for(world.member)
    page = client.get("/inbox/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip" and "Accept-Encoding" in page["Vary"]
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    download = HttpResponse(b"PK" + b"x" * 500, content_type=docx)
    request = client.get("/inbox/").wsgi_request
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    assert not CompressTextMiddleware(lambda r: download)(request).has_header("Content-Encoding")
