"""Does a piece of free text name a person or give their date of birth?

Text that leaves a community (regional escalations, their responses, what the quarterly
report prints) must not identify a child or a family member. ``identifying_words`` is the
pure matcher: given the text and the people of the community, it returns the words to
take out, as they were typed.

- Names are matched as whole words, ignoring case and accents ("Zoë" matches "zoe"), and a
  name of several words ("Mary Anne") only as those words in a row.
- A name shorter than three letters ("Jo") is matched only followed by the person's family
  name ("Jo Smith"): on its own it is too often another word.
- Dates of birth are matched in the common written forms: 3/4/2015, 03/04/2015,
  3.4.15, 2015-04-03, 3 April 2015, 3rd of Apr 2015, April 3, 2015. Numeric dates are read
  day first and month first, so either order is caught.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SHORT_NAME = 3
WITHHELD = "[withheld: names a person]"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4}|\d{2})"
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/.-]*\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?({_MONTH})\.?,?\s+{_YEAR}\b", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Person:
    """What identifies one person: first names, family name, other names, date of birth.

    ``names`` are names the person goes by on their own (given, preferred, alternative
    names, a family's household name); ``family_name`` is matched on its own and completes
    a short first name.
    """

    names: tuple[str, ...] = ()
    family_name: str = ""
    date_of_birth: datetime.date | None = None


@dataclass
class _Token:
    text: str
    start: int
    end: int


@dataclass
class _Match:
    start: int
    end: int
    words: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case without accents: "Zoë" and "ZOE" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _tokens(text: str) -> list[_Token]:
    # Each word is folded on its own, so positions stay those of the text as typed.
    return [_Token(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _words(name: str) -> tuple[str, ...]:
    return tuple(fold(m.group()) for m in _WORD.finditer(unicodedata.normalize("NFC", name)))


def _find(tokens: list[_Token], phrase: Sequence[str]) -> Iterable[tuple[int, int]]:
    """Start and end token index of each run of tokens equal to ``phrase``."""
    size = len(phrase)
    if not size:
        return
    for i in range(len(tokens) - size + 1):
        if all(tokens[i + k].text == phrase[k] for k in range(size)):
            yield i, i + size


def _name_spans(text: str, people: Iterable[Person]) -> list[tuple[int, int]]:
    tokens = _tokens(text)
    if not tokens:
        return []
    present = {t.text for t in tokens}
    spans: list[tuple[int, int]] = []
    for person in people:
        family = _words(person.family_name)
        candidates: list[tuple[str, ...]] = []
        for name in person.names:
            words = _words(name)
            if not words:
                continue
            if len(words) == 1 and len(words[0]) < SHORT_NAME:
                if family:
                    candidates.append(words + family)
                continue
            candidates.append(words)
        if family and not (len(family) == 1 and len(family[0]) < SHORT_NAME):
            candidates.append(family)
        for phrase in candidates:
            if not set(phrase) <= present:
                continue
            for i, j in _find(tokens, phrase):
                spans.append((tokens[i].start, tokens[j - 1].end))
    return spans


def _year(text: str) -> set[int]:
    value = int(text)
    if len(text) == 4:
        return {value}
    return {1900 + value, 2000 + value}


def _dates(day: int, month: int, years: set[int]) -> set[datetime.date]:
    found = set()
    for year in years:
        try:
            found.add(datetime.date(year, month, day))
        except ValueError:
            continue
    return found


def _written_dates(text: str) -> Iterable[tuple[int, int, set[datetime.date]]]:
    """Each date written in ``text``: its span and every date it can be read as."""
    for m in _NUMERIC.finditer(text):
        a, b, years = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        yield m.start(), m.end(), _dates(a, b, years) | _dates(b, a, years)
    for m in _ISO.finditer(text):
        yield m.start(), m.end(), _dates(int(m.group(3)), int(m.group(2)), {int(m.group(1))})
    for m in _DAY_MONTH.finditer(text):
        month = MONTHS[m.group(2).lower()]
        yield m.start(), m.end(), _dates(int(m.group(1)), month, _year(m.group(3)))
    for m in _MONTH_DAY.finditer(text):
        month = MONTHS[m.group(1).lower()]
        yield m.start(), m.end(), _dates(int(m.group(2)), month, _year(m.group(3)))


def _date_spans(text: str, births: set[datetime.date]) -> list[tuple[int, int]]:
    if not births:
        return []
    return [(start, end) for start, end, dates in _written_dates(text) if dates & births]


def identifying_words(text: str, people: Iterable[Person]) -> list[str]:
    """The names and dates of birth of ``people`` that ``text`` contains, as typed, in order."""
    if not text:
        return []
    # Composed form, so "e" + combining diaeresis is one letter inside one word.
    text = unicodedata.normalize("NFC", text)
    people = list(people)
    births = {p.date_of_birth for p in people if p.date_of_birth}
    spans = sorted(_name_spans(text, people) + _date_spans(text, births))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # Overlapping or separated only by spaces ("Kirra" "Pellandra"): one phrase.
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    found: list[str] = []
    for start, end in merged:
        words = text[start:end]
        if words not in found:
            found.append(words)
    return found


def identifying_message(words: Sequence[str]) -> str:
    """The refusal shown beside a field whose text names a person."""
    quoted = ", ".join(f"“{w}”" for w in words)
    return (
        "This text leaves the community, so it must not name a child or family member or "
        f"give a date of birth. Take out: {quoted}."
    )


def person_named(full_name: str, date_of_birth: datetime.date | None = None) -> Person:
    """A person known by one full name: the last word is the family name."""
    words = full_name.split()
    if len(words) < 2:
        return Person(names=tuple(words), date_of_birth=date_of_birth)
    return Person(names=(" ".join(words[:-1]),), family_name=words[-1], date_of_birth=date_of_birth)


def checked_text(text: str, people: Iterable[Person]) -> str:
    """``text`` when it identifies nobody, otherwise the withheld marker."""
    return WITHHELD if identifying_words(text, people) else text
