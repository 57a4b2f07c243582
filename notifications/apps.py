from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Casework enqueues these tasks by name from web processes, where Celery's
        # autodiscovery (a worker's start-up) never ran: register them with the app.
        from . import tasks  # noqa: F401, PLC0415 — registers the tasks once apps are ready
