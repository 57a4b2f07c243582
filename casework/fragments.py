"""The child page's per-case contacts section, rendered once and reused until it changes.

The latest contacts of a case, with who recorded and corrected them, are the costliest
part of the child page to read and render (two queries and a card a contact) and change
only when a contact is logged, corrected, imported or moved. So each case's section is
cached as HTML under a key that names everything the HTML depends on:

- the community and the case: a fragment is never looked up for another community's case,
  and moving a child to another community changes the key;
- the case's contact version, read with the case in the same query (``VERSION_FIELDS``):
  how many contacts it has, the newest contact's id and time recorded, and the newest
  correction's id and time. Every
  way a contact comes or changes (``contact_log``, ``contact_amend`` with its correction
  row, the records import) moves one of them, so a changed case is never served an older
  fragment: nothing has to remember to invalidate it;
- the language and whether the reader reads through a grant (then without "Correct"
  links), since the HTML differs by both.

The cache only saves work: when it cannot be reached, each section is read and rendered
as if it were not cached, and the page is whole.

Staff names in the fragment ("Recorded by") may be up to ``FRAGMENT_TTL`` old after a
person's display name changes. The cache is the product's cache (Redis in production);
its keys never hold a name or a note, only ids and counts.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.core.cache import cache
from django.db.models import (
    Count,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .models import Case, Contact, ContactAmendment

logger = logging.getLogger(__name__)

# Contacts shown on the child page for each case; the rest are on its contact history.
CHILD_PAGE_CONTACTS = 10
FRAGMENT_TTL = 60 * 60
# Bump when the fragment's template changes shape, so no old HTML is served after a deploy.
FRAGMENT_SHAPE = 1
VERSION_FIELDS = (
    "contact_count",
    "latest_contact_id",
    "latest_recorded_at",
    "latest_amendment_id",
    "latest_amended_at",
)


def with_contacts_version(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with its contact version (and the kind of its latest contact, which the
    page's "no face-to-face contact since" warning names), in the case's own query.

    The times as well as the ids: a database restored from a backup reuses ids, and a
    fragment cached before the restore must not match a different contact of that id.
    """
    of_case = Contact.objects.filter(case=OuterRef("pk")).order_by()
    corrections = ContactAmendment.objects.filter(contact__case=OuterRef("pk")).order_by()
    return cases.annotate(
        contact_count=Subquery(of_case.values("case").annotate(n=Count("id")).values("n")),
        latest_contact_id=Subquery(of_case.order_by("-id").values("id")[:1]),
        latest_recorded_at=Subquery(
            of_case.values("case").annotate(at=Max("recorded_at")).values("at")
        ),
        latest_amendment_id=Subquery(corrections.order_by("-id").values("id")[:1]),
        latest_amended_at=Subquery(
            corrections.values("contact__case").annotate(at=Max("amended_at")).values("at")
        ),
        latest_contact_kind=Subquery(of_case.order_by("-occurred_at", "-id").values("kind")[:1]),
    )


def _part(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return str(int(value.timestamp() * 1_000_000))
    return str(value or 0)


def fragment_key(case: Case, *, read_only: bool) -> str:
    version = ".".join(_part(getattr(case, name)) for name in VERSION_FIELDS)
    return ":".join(
        (
            f"casework:case-contacts:{FRAGMENT_SHAPE}",
            str(case.community_id),
            str(case.pk),
            version,
            translation.get_language() or "",
            "ro" if read_only else "rw",
        )
    )


def contacts_shown(queryset: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts as the pages show them: newest first, with who recorded and corrected them."""
    return (
        queryset.select_related("recorded_by", "return_visit")
        .prefetch_related(
            Prefetch("amendments", queryset=ContactAmendment.objects.select_related("amended_by"))
        )
        .order_by("-occurred_at", "-id")
    )


def attach_contact_sections(cases: Sequence[Case], *, read_only: bool) -> None:
    """Give each case (read ``with_contacts_version``) ``contacts_html``: its contacts
    section from the cache, or read and rendered once for all the cases missing from it.

    One cache read for all the cases; on a miss, two queries for all the missing ones.
    """
    if not cases:
        return
    keys = {case.pk: fragment_key(case, read_only=read_only) for case in cases}
    try:
        found: dict[str, str] = cache.get_many(list(keys.values()))
    except Exception:  # noqa: BLE001 - an unreachable cache must not take the page down
        logger.warning("contacts sections: cache unreachable, rendering", exc_info=True)
        found = {}
    missing = [case for case in cases if keys[case.pk] not in found]
    if missing:
        prefetch_related_objects(
            missing,
            Prefetch(
                "contacts",
                queryset=contacts_shown(Contact.objects.all())[:CHILD_PAGE_CONTACTS],
                to_attr="latest_contacts",
            ),
        )
        fresh = {
            keys[case.pk]: render_to_string(
                "casework/_case_contacts.html", {"case": case, "read_grant": read_only}
            )
            for case in missing
        }
        try:
            cache.set_many(fresh, FRAGMENT_TTL)
        except Exception:  # noqa: BLE001 - the page is whole without the cache
            logger.warning("contacts sections: cache unreachable, not kept", exc_info=True)
        found.update(fresh)
    for case in cases:
        html: SafeString = mark_safe(found[keys[case.pk]])  # noqa: S308 - our own template's output
        case.contacts_html = html  # type: ignore[attr-defined]
