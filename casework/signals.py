"""Signals casework sends to the apps above it, which it does not import.

``child_record_moved`` is sent inside the transaction that moves a child's record to
another community, so a receiver's writes (notifications' reminders) commit or roll back
with the move.
"""

from django.dispatch import Signal

# kwargs: child_id, from_community_id, to_community_id, case_ids, practitioner_id
child_record_moved = Signal()
