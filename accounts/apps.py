from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import auth_events  # noqa: PLC0415 — needs the app registry

        auth_events.connect()
