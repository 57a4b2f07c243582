"""Every response carries the security headers; personal data is never cached."""

import re

import pytest
from django.template import engines
from django.urls import reverse

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

CSP_PARTS = [
    "default-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
]


def _check_headers(response):
    csp = response["Content-Security-Policy"]
    for part in CSP_PARTS:
        assert part in csp, part
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9_-]{20,}'", csp)
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]


def test_page_for_a_signed_in_user(world, client):
    client.force_login(world.practitioner_a)
    response = client.get(reverse("partnerships:community_list"))
    assert response.status_code == 200
    _check_headers(response)


def test_api_response(world, client):
    client.force_login(world.practitioner_a)
    response = client.get("/api/v1/communities/")
    assert response.status_code == 200
    _check_headers(response)


def test_api_refusal_and_sign_in_page(world, client):
    _check_headers(client.get("/api/v1/communities/"))
    _check_headers(client.get(reverse("login")))


def test_nonce_changes_per_request_and_reaches_templates(world, client, rf):
    client.force_login(world.practitioner_a)
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    nonce = re.compile(r"'nonce-([^']+)'")
    assert nonce.search(first).group(1) != nonce.search(second).group(1)

    response = client.get("/")
    request = response.wsgi_request
    rendered = engines["django"].from_string("{{ request.csp_nonce }}").render(request=request)
    assert rendered == nonce.search(response["Content-Security-Policy"]).group(1)


def test_pages_have_no_inline_script_or_style(world, client):
    client.force_login(world.administrator)
    for url in ["/", reverse("login"), reverse("audit:search"), "/account/two-factor/setup/"]:
        body = client.get(url).content.decode()
        assert "style=" not in body, url
        for tag in re.findall(r"<script[^>]*>", body):
            assert "src=" in tag or "nonce=" in tag, (url, tag)
        assert "<style" not in body, url


def test_api_docs_work_under_the_policy(world, client):
    client.force_login(world.practitioner_a)
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<style" not in body
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
    assert scripts and all("src=" in attrs and not inner.strip() for attrs, inner in scripts)
    script_url = re.findall(r'<script src="([^"]*script=[^"]*)"', body)[0].replace("&amp;", "&")
    script = client.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', body):
        response = client.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content)


def test_static_files_keep_their_cache_lifetime(world, client):
    client.force_login(world.practitioner_a)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    b"".join(response.streaming_content)
