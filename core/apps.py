from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: errors, form pages, tasks, actors, middleware, schema hooks."""

    name = "core"
    verbose_name = "Core"
