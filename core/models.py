from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A generated file (a report PDF) kept in the database, so every web node and worker
    reads the same bytes and one PostgreSQL backup covers the records and their files.

    Written through ``core.storage.DatabaseStorage``, in the caller's transaction: a report
    version and its PDF commit together or not at all (docs/decisions/0006-generated-files.md).
    """

    name = models.CharField(max_length=300, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IdempotentRequest(models.Model):
    """A create that a person or client may retry, remembered by the key the client made.

    The row is written first, in the same transaction as the record it creates: a second
    request with the same key waits on the unique index, then finds the committed row and
    gets the original outcome back. A refused request rolls back with its row, so the
    corrected retry under the same key goes through (docs/security.md, "Capture").
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    purpose = models.CharField(max_length=100, help_text=_("The route or form that used the key."))
    fingerprint = models.CharField(max_length=64, help_text=_("sha256 of the canonical request."))
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    redirect_url = models.CharField(max_length=500, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="idempotent_request_actor_key")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotent_request_created_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.key}"
