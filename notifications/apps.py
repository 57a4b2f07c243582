from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Casework enqueues these tasks by name from web processes, where Celery's
        # autodiscovery (a worker's start-up) never ran: register them with the app.
        from casework.signals import child_record_moved  # noqa: PLC0415

        from . import tasks  # noqa: F401, PLC0415 — registers the tasks once apps are ready
        from .services_transfers import reminders_follow_child  # noqa: PLC0415

        # A child's reminders and notifications move with its record, in the same transaction.
        child_record_moved.connect(
            reminders_follow_child, weak=False, dispatch_uid="notifications_reminders_follow"
        )
