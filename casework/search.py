"""Finding a child: the search box, the children list and likely duplicates.

Every read here comes from the communities where the actor works on cases
(``permissions.casework_ids``), inside the request's fence. A query is split into words:
a date (``3/4/2015`` is 3 April, as written in Australia, or ``2015-04-03``) matches the
date of birth, a number (``1234`` or ``#1234``) the child's record number or one of the
child's case numbers, and every other word must appear somewhere in the child's names
(given, family, preferred, alternative), as part of a word, ignoring case and accents.

On PostgreSQL the names are matched through ``cwsp_child_search_text`` (migration 0008),
the expression of a trigram index, so a search stays an index scan at the national tier.
SQLite (the embedded demo) has neither ``unaccent`` nor trigrams: it matches each name
with ``icontains``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet

from core.actors import Actor

from .models import Case, Child
from .permissions import casework_ids

# The most results a search shows on one page (the API pages the same way).
SEARCH_PAGE_SIZE = 20
CHILDREN_PAGE_SIZE = 50
# Below this many letters a word matches too many children to be useful on its own.
MIN_WORD_LENGTH = 2
NAME_FIELDS = ("given_name", "family_name", "preferred_name", "alternative_names")

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMBER = re.compile(r"^#?(\d{1,9})$")


class ChildSearchText(Func):
    """The names as the trigram index holds them: lower case, accents removed."""

    function = "cwsp_child_search_text"
    output_field = CharField()

    def __init__(self) -> None:
        super().__init__(*(F(name) for name in NAME_FIELDS))


def fold(text: str) -> str:
    """Lower case without accents, as ``unaccent(lower(...))`` makes it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_date(word: str) -> datetime.date | None:
    match = _ISO.match(word)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.match(word)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


@dataclass
class ChildQuery:
    """What a typed search asks for."""

    words: list[str] = field(default_factory=list)
    dates: list[datetime.date] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.dates or self.numbers)


def parse_query(text: str) -> ChildQuery:
    query = ChildQuery()
    for word in text.replace(",", " ").split():
        date = parse_date(word)
        number = _NUMBER.match(word)
        if date is not None:
            query.dates.append(date)
        elif number:
            query.numbers.append(int(number.group(1)))
        elif len(word) >= MIN_WORD_LENGTH:
            query.words.append(fold(word))
    return query


def _name_matches(word: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(search_text__contains=word)
    matches = Q()
    for name in NAME_FIELDS:
        matches |= Q(**{f"{name}__icontains": word})
    return matches


def _searchable(children: QuerySet[Child]) -> QuerySet[Child]:
    """The children with the indexed name text to match against (PostgreSQL)."""
    if connection.vendor == "postgresql":
        return children.alias(search_text=ChildSearchText())
    return children


def children_in_casework(*, actor: Actor) -> QuerySet[Child]:
    """Children of the actor's casework communities, with their community, in name order."""
    return (
        Child.objects.filter(community_id__in=casework_ids(actor))
        .select_related("community")
        .order_by("family_name", "given_name", "id")
    )


def children_search(*, actor: Actor, text: str) -> QuerySet[Child]:
    """Children of the actor's casework communities matching ``text`` (none when empty)."""
    query = parse_query(text)
    children = children_in_casework(actor=actor)
    if query.is_empty:
        return children.none()
    if query.words:
        children = _searchable(children)
    for word in query.words:
        children = children.filter(_name_matches(word))
    for date in query.dates:
        children = children.filter(date_of_birth=date)
    for number in query.numbers:
        children = children.filter(
            Q(pk=number) | Exists(Case.objects.filter(pk=number, child=OuterRef("pk")))
        )
    return children


# --- the children list -------------------------------------------------------------------

NO_OPEN_CASE = "none"


def children_list(
    *,
    actor: Actor,
    community_id: int | None = None,
    residence: str = "",
    open_case: str = "",
) -> QuerySet[Child]:
    """The children list's filters: community, residence, kind of open case (or
    ``NO_OPEN_CASE``). A community outside the actor's casework lists nobody."""
    children = children_in_casework(actor=actor)
    if community_id is not None:
        children = children.filter(community_id=community_id)
    if residence:
        children = children.filter(residence=residence)
    open_cases = Case.objects.filter(child=OuterRef("pk")).exclude(status=Case.Status.CLOSED)
    if open_case == NO_OPEN_CASE:
        children = children.filter(~Exists(open_cases))
    elif open_case:
        children = children.filter(Exists(open_cases.filter(kind=open_case)))
    return children


def open_case_kinds(children: list[Child]) -> dict[int, list[str]]:
    """Child id → labels of the kinds of their open cases, in one query for the page."""
    kinds: dict[int, list[str]] = {child.pk: [] for child in children}
    rows = (
        Case.objects.filter(child_id__in=list(kinds))
        .exclude(status=Case.Status.CLOSED)
        .order_by("child_id", "kind")
        .values_list("child_id", "kind")
    )
    for child_id, kind in rows:
        kinds[child_id].append(Case.Kind(kind).label)
    return kinds


# --- likely duplicates when adding a child -----------------------------------------------

# A date of birth is often recorded a few days out, or day and month swapped.
DUPLICATE_DAYS = 31


def likely_duplicates(
    *,
    actor: Actor,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    limit: int = 10,
) -> list[Child]:
    """Children of the actor's casework communities who may be the child being added:
    the same family name (or one containing it) and a given name sharing its first
    letters, born within a month of the date given or with day and month swapped."""
    family = fold(family_name.strip())
    given = fold(given_name.strip())
    if not family or not given:
        return []
    near = Q(
        date_of_birth__gte=date_of_birth - datetime.timedelta(days=DUPLICATE_DAYS),
        date_of_birth__lte=date_of_birth + datetime.timedelta(days=DUPLICATE_DAYS),
    )
    if date_of_birth.day <= 12 and date_of_birth.day != date_of_birth.month:
        try:
            swapped = date_of_birth.replace(month=date_of_birth.day, day=date_of_birth.month)
        except ValueError:
            swapped = None
        if swapped is not None:
            near |= Q(date_of_birth=swapped)
    children = _searchable(children_in_casework(actor=actor)).filter(near)
    children = children.filter(_name_matches(family) & _name_matches(given[:3]))
    return list(children[:limit])
