from celery import shared_task

from . import services


@shared_task(acks_late=True)
def memberships_sync_expired() -> int:
    return services.memberships_sync_expired()
