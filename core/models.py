from django.db import models


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
