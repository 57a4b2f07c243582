"""Demo data: this morning's reminders, so the demo's notification list is not empty.

Listed after ``casework.demo`` in ``partnerships.demo.DEMO_SEEDERS``. The emails stay in
memory: the demo's console would otherwise print one per reminder.
"""

from django.core.mail import get_connection
from django.utils import timezone

from .services import contact_reminders_send


def seed(context=None) -> None:
    contact_reminders_send(
        today=timezone.localdate(),
        mail_connection=get_connection("django.core.mail.backends.locmem.EmailBackend"),
    )
