"""A pseudo-language catalogue built from the code as it stands, for tests/i18n/.

``build_catalogue(folder)`` runs ``makemessages`` over the project (GNU xgettext), adds
Django's own English catalogues (month names, form errors), rewrites every msgstr as an
accented copy of its msgid ("Log a contact" -> "Ĺóğ á çóñţáçţ", placeholders and markup
kept) and compiles it with ``msgfmt`` into ``folder/<LOCALE>/LC_MESSAGES/django.mo``.
Rendered in that language, any plain ASCII letter on a page is text that was never marked
for translation, or data.
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LANGUAGE = "en-xa"  # the conventional pseudo-locale code (Android, Chromium)
LOCALE = "en_XA"
ROOT = Path(settings.BASE_DIR)
# What makemessages reads: the apps, config and templates; not tests, scripts or tools.
SOURCES = (
    "accounts",
    "audit",
    "casework",
    "config",
    "core",
    "escalations",
    "notifications",
    "oversight",
    "partnerships",
    "templates",
)
DJANGO = Path(django.__file__).parent
DJANGO_CATALOGUES = [
    DJANGO / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
]

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "áƀçđéƒğĥíĵķĺɱñóþʠŕšţúṽŵẋýžÁƁÇĐÉƑĞĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
        strict=True,
    )
)
# Kept as they are: printf and format placeholders, HTML tags and entities.
_KEEP = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*[sdif%]|\{[^{}]*\}|<[^>]*>|&#?\w+;"
)


def pseudo(text: str) -> str:
    out, last = [], 0
    for kept in _KEEP.finditer(text):
        out.append("".join(_ACCENTED.get(c, c) for c in text[last : kept.start()]))
        out.append(kept.group(0))
        last = kept.end()
    out.append("".join(_ACCENTED.get(c, c) for c in text[last:]))
    return "".join(out)


def _entries(po: str):
    """(msgctxt, msgid, msgid_plural) of each entry of a .po file, header and obsolete left out."""
    entry: dict[str, str] = {}
    key = None
    for line in po.splitlines() + [""]:
        line = line.strip()
        if line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
            continue
        found = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if found:
            key = found.group(1)
            if key in ("msgctxt", "msgid") and "msgstr" in "".join(entry):
                yield entry
                entry = {}
            entry[key] = ast.literal_eval(found.group(2))
            continue
        key = None
    if entry.get("msgid"):
        yield entry


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def pseudo_po(sources: list[str]) -> str:
    """One .po whose every msgstr is the pseudo form of its msgid; the first source wins."""
    seen: set[tuple[str, str]] = set()
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for po in sources:
        for entry in _entries(po):
            msgid, ctxt = entry.get("msgid", ""), entry.get("msgctxt")
            if not msgid or (ctxt or "", msgid) in seen:
                continue
            seen.add((ctxt or "", msgid))
            if ctxt is not None:
                lines.append(f"msgctxt {_quote(ctxt)}")
            lines.append(f"msgid {_quote(msgid)}")
            if "msgid_plural" in entry:
                lines.append(f"msgid_plural {_quote(entry['msgid_plural'])}")
                lines.append(f"msgstr[0] {_quote(pseudo(msgid))}")
                lines.append(f"msgstr[1] {_quote(pseudo(entry['msgid_plural']))}")
            else:
                lines.append(f"msgstr {_quote(pseudo(msgid))}")
            lines.append("")
    return "\n".join(lines)


def make_messages(folder: Path) -> tuple[str, str]:
    """Run makemessages over the sources into ``folder``; (its .po, what it printed).

    It runs in a folder of links to the sources, so a committed locale/ is neither read
    nor written, and the catalogue always matches the code.
    """
    tree = folder / "src"
    tree.mkdir(parents=True)
    for name in SOURCES:
        (tree / name).symlink_to(ROOT / name, target_is_directory=True)
    out = folder / "locale"
    out.mkdir()
    printed = io.StringIO()
    here = os.getcwd()
    os.chdir(tree)
    try:
        with override_settings(LOCALE_PATHS=[str(out)]):
            call_command(
                "makemessages",
                locale=[LOCALE],
                symlinks=True,
                ignore_patterns=["*/migrations/*"],
                verbosity=1,
                stdout=printed,
                stderr=printed,
            )
    finally:
        os.chdir(here)
    po = (out / LOCALE / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return po, printed.getvalue()


def build_catalogue(folder: Path) -> tuple[Path, str]:
    """Compile the pseudo catalogue; (the LOCALE_PATHS entry to use, makemessages' output)."""
    po, printed = make_messages(folder)
    django_pos = [path.read_text(encoding="utf-8") for path in DJANGO_CATALOGUES]
    messages = folder / "pseudo" / LOCALE / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(pseudo_po([po, *django_pos]), encoding="utf-8")
    subprocess.run(  # noqa: S603 - GNU msgfmt on the file written above
        [  # noqa: S607 - on PATH, as makemessages finds xgettext
            "msgfmt",
            "--check-format",
            "-o",
            str(messages / "django.mo"),
            str(messages / "django.po"),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "pseudo", printed
