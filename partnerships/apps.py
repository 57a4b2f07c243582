from django.apps import AppConfig

from .fence import close_disabled_queryset_holes


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        close_disabled_queryset_holes()
