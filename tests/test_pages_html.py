"""What every page's HTML promises a person: fields that read out their help and errors,
errors that are summarised and focused, one stylesheet and a favicon, and error pages in
plain words.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django.views import defaults

from tests.factories import CaseFactory, ChildFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db


class _Elements(HTMLParser):
    """Every start tag of a document, as (tag, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def ids(self) -> set[str]:
        return {attrs["id"] for _tag, attrs in self.elements if "id" in attrs}

    def described_by(self) -> set[str]:
        return {
            ref
            for _tag, attrs in self.elements
            for ref in attrs.get("aria-describedby", "").split()
        }

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]


class _VisitForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("face", "Face to face"), ("phone", "Phone")],
        widget=forms.RadioSelect,
        help_text="Phone and video calls do not count as face-to-face contact.",
    )
    occurred_on = forms.DateField(help_text="Darwin time.")
    note = forms.CharField(widget=forms.Textarea)
    seen_alone = forms.BooleanField(required=False, help_text="Tick if the child was seen alone.")

    def clean_seen_alone(self):
        raise forms.ValidationError("Say whether the child was seen alone.")


def _render_fields(form) -> str:
    summary = render_to_string("includes/error_summary.html", {"form": form})
    fields = "".join(render_to_string("includes/field.html", {"field": field}) for field in form)
    return summary + fields


@pytest.mark.parametrize("data", [None, {}], ids=["blank", "with errors"])
def test_the_shared_field_names_the_ids_that_aria_describedby_points_at(data):
    form = _VisitForm(data)
    if data is not None:
        form.is_valid()
    page = _Elements(_render_fields(form))

    assert page.described_by(), "no field is described at all"
    assert page.described_by() <= page.ids(), page.described_by() - page.ids()
    # The help text the issue named is read out with the radio buttons.
    (fieldset,) = page.find("fieldset")
    assert "id_kind_helptext" in fieldset["aria-describedby"].split()
    if data is not None:
        assert "id_kind_error" in fieldset["aria-describedby"].split()
        assert {"id_occurred_on_error", "id_note_error", "id_seen_alone_error"} <= page.ids()


def test_the_error_summary_is_an_alert_that_can_take_focus_and_links_to_each_field():
    form = _VisitForm({})
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    page = _Elements(html)

    (summary,) = page.find("div", role="alert")
    assert summary["tabindex"] == "-1"
    assert page.find("h2", id=summary["aria-labelledby"])
    links = {attrs["href"] for attrs in page.find("a")}
    assert {"#id_kind", "#id_occurred_on", "#id_note", "#id_seen_alone"} <= links
    assert not render_to_string("includes/error_summary.html", {"form": _VisitForm()}).strip()


def test_a_page_links_one_stylesheet_and_the_favicon(client, world):
    case = CaseFactory(
        child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
    )
    pages = {
        "sign in": ("/login/", None),
        "home": ("/", world.practitioner_a),
        "my caseload": ("/casework/my-caseload/", world.practitioner_a),
        "child page": (f"/casework/children/{case.child_id}/", world.practitioner_a),
        "log a contact": (f"/casework/cases/{case.pk}/contacts/new/", world.practitioner_a),
        "community": ("/communities/wadeye/", world.coordinator_a),
    }
    for name, (path, user) in pages.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, name
        page = _Elements(response.content.decode())
        # A print-only stylesheet does not block the first paint on screen.
        stylesheets = [
            attrs["href"]
            for attrs in page.find("link", rel="stylesheet")
            if attrs.get("media") != "print"
        ]
        assert len(stylesheets) == 1, f"{name}: {stylesheets} (each one blocks the first paint)"
        assert page.find("link", rel="icon"), name
    for name in ("favicon.svg", "favicon.ico"):
        assert finders.find(name), name


def test_the_header_labels_no_plain_element(client, world):
    client.force_login(world.teamleader_a)
    page = _Elements(client.get("/").content.decode())
    labelled = [
        (tag, attrs)
        for tag, attrs in page.elements
        if "aria-label" in attrs and tag in {"div", "span", "p"} and "role" not in attrs
    ]
    assert not labelled


def test_the_errors_script_comes_only_with_the_answer_to_a_post(client, world):
    case = CaseFactory(
        child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
    )
    client.force_login(world.practitioner_a)
    path = f"/casework/cases/{case.pk}/contacts/new/"
    assert b"js/forms" not in client.get(path).content
    future = timezone.localtime() + datetime.timedelta(days=2)
    refused = client.post(path, {"occurred_at": future.strftime("%Y-%m-%dT%H:%M")})
    assert refused.status_code == 200
    assert b"js/forms" in refused.content
    assert b'class="error-summary"' in refused.content


def test_not_allowed_says_in_plain_words_what_to_do(client, world):
    client.force_login(world.coordinator_a)
    response = client.get("/casework/my-caseload/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "Your role does not include this." in text
    assert "ask your team leader or an administrator" in text
    assert "cannot do that" not in text


def test_not_found_is_the_products_own_page(client, world):
    client.force_login(world.practitioner_a)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "<h1>Not found</h1>" in text and 'class="site-header"' in text
    assert "URLconf" not in text


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.bad_request, 400, "Something was wrong with the request"),
        (defaults.server_error, 500, "Something went wrong"),
    ],
)
def test_bad_request_and_server_error_pages_render(view, status, heading):
    request = RequestFactory().get("/")
    response = view(request) if view is defaults.server_error else view(request, Exception())
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in response.content.decode()
