"""Synthetic audit rows for ``manage.py generate_load_data``.

Per generated case: the ``create`` row the casework service writes when it opens the case,
and a few reads of the child's record by its practitioner or team leader spread over the
last year (what the child page writes on each view). Ids only in ``detail``, as the real
rows. Inserted with COPY through the generator's ``copy_rows``.
"""

import datetime
import json

from django.utils import timezone

from .models import AuditEvent

READS_PER_CHILD = (2, 6)


def generate(context) -> None:
    rng, today = context.rng, context.today
    tz = timezone.get_current_timezone()
    practitioners = context.practitioners
    leaders = context.team_leaders
    read_detail = json.dumps({"what": "child_detail"})
    create_detail = json.dumps({})

    def moment(days_back: int) -> datetime.datetime:
        day = today - datetime.timedelta(days=days_back)
        return datetime.datetime.combine(
            day, datetime.time(8 + rng.randrange(9), rng.randrange(60)), tzinfo=tz
        )

    def rows():
        for case_id, community_id, child_id in context.cases:
            yield {
                "occurred_at": moment(rng.randrange(365, 365 * context.years)),
                "actor_id": rng.choice(leaders[community_id]),
                "action": AuditEvent.Action.CREATE,
                "object_type": "casework.case",
                "object_id": str(case_id),
                "child_id": child_id,
                "community_id": community_id,
                "detail": create_detail,
                "remote_addr": None,
            }
            for _ in range(rng.randrange(*READS_PER_CHILD)):
                staff = practitioners if rng.random() < 0.8 else leaders
                yield {
                    "occurred_at": moment(rng.randrange(0, 365)),
                    "actor_id": rng.choice(staff[community_id]),
                    "action": AuditEvent.Action.READ,
                    "object_type": "casework.child",
                    "object_id": str(child_id),
                    "child_id": child_id,
                    "community_id": community_id,
                    "detail": read_detail,
                    "remote_addr": None,
                }

    context.copy_rows(AuditEvent, rows())
