"""A community language is one translation file: every page's words come from the catalogue.

The pseudo language (tests/i18n/pseudo.py) accents every msgid. Each page that the route
matrix's allowed persona opens with 200 is rendered in it; what still reads as plain ASCII
letters, once the records' own data (names, notes, community names) is set aside, is text
that no translator could reach. The failure names each page and those text nodes.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from tests.routes import all_routes

from . import pseudo

# Attributes a person hears or reads, checked like text.
# data-label heads a table cell on a phone (CSS shows it before the cell's value).
SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label")
# <code> holds identifiers a person types as they are (column names such as given_name,
# file names such as children.csv, literal values such as in_community): never translated.
SKIPPED_ELEMENTS = {"script", "style", "template", "textarea", "code"}
# Neither words nor data: web addresses, e-mail addresses and record references ("E-5").
NOT_WORDS = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|/[\w/.-]*|\b[A-Z]{1,3}-\d+\b")
ASCII_LETTERS = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return pseudo.build_catalogue(tmp_path_factory.mktemp("i18n"))


class _TextNodes(HTMLParser):
    """The text a person meets on a page: text nodes and spoken attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in SKIPPED_ELEMENTS or values.get("translate") == "no":
            self._skipping.append(tag)
        if self._skipping:
            return
        self.texts += [values[name] or "" for name in SPOKEN_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.texts.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def untranslated(html: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(html)
    return [text for text in parser.texts if ASCII_LETTERS.search(NOT_WORDS.sub("", text))]


def _data_values() -> set[str]:
    """Every string the database holds: the records' data, which is never translated."""
    values: set[str] = set()
    with scopes_disabled():
        for model in apps.get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            for row in model._default_manager.values_list(*fields) if fields else ():
                values.update(str(v) for v in row if v)
    return values


def _without_data(text: str, data: re.Pattern) -> str:
    # References first: a stored "1" must not turn "E-1" into a stray "E".
    return NOT_WORDS.sub("", data.sub("", NOT_WORDS.sub("", text)))


def _pages(world):
    """(name, url, persona) of every route whose allowed persona gets an HTML page."""
    for name, route in sorted(all_routes().items()):
        if route.method != "get" or route.data:
            continue
        expected = route.expect if isinstance(route.expect, tuple) else (route.expect,)
        if 200 not in expected:
            continue
        url = reverse(name, kwargs=route.kwargs(world) if route.kwargs else {})
        if url.startswith(("/api/", "/ops/")):
            continue
        yield name, url, route.allowed


def test_makemessages_runs_clean(catalogue):
    _folder, printed = catalogue
    warnings = [line for line in printed.splitlines() if "warning" in line.lower()]
    assert not warnings, "\n".join(warnings)


@pytest.mark.django_db
def test_every_page_reads_from_the_catalogue(catalogue, world, client):
    folder, _printed = catalogue
    found: dict[str, list[str]] = {}
    rendered = 0
    with override_settings(
        LANGUAGES=[("en-au", "English (Australia)"), (pseudo.LANGUAGE, "Pseudo")],
        LOCALE_PATHS=[str(folder)],
    ):
        for name, url, persona in _pages(world):
            client.logout()
            if persona:
                client.force_login(world.users[persona])
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=pseudo.LANGUAGE)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            rendered += 1
            assert response["Content-Language"] == pseudo.LANGUAGE, (url, "not in the language")
            texts = untranslated(response.content.decode())
            if texts:
                found[f"{name} {url} (as {persona})"] = texts
    assert rendered > 20, f"only {rendered} pages rendered"
    if found:
        values = sorted(_data_values(), key=len, reverse=True)
        data = re.compile(
            "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values) if values else "(?!)"
        )
        found = {
            page: [text for text in texts if ASCII_LETTERS.search(_without_data(text, data))]
            for page, texts in found.items()
        }
        found = {page: texts for page, texts in found.items() if texts}
    report = "\n".join(
        f"{page}:\n" + "\n".join(f"    {text!r}" for text in dict.fromkeys(texts))
        for page, texts in found.items()
    )
    assert not found, f"{len(found)} pages show text not marked for translation:\n{report}"


def test_dates_and_numbers_read_as_in_australia():
    template = Template(
        '{% load cwsp_format %}{{ d|date:"DATE_FORMAT" }} {{ d|date:"SHORT_DATE_FORMAT" }} '
        '{{ d|long_date }} {{ n|floatformat:"g" }} {{ x|floatformat:"2g" }} {{ n|money }}'
    )
    with translation.override("en-au"):
        text = template.render(
            Context({"d": datetime.date(2026, 12, 1), "n": 430000, "x": Decimal("250000")})
        )
    assert text == "1 Dec 2026 01/12/2026 1 December 2026 430,000 250,000.00 $430,000"
