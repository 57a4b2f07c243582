"""Where generated files live, chosen by ``CWSP_FILE_STORAGE``.

- ``database`` (the default): ``DatabaseStorage`` below, rows of ``core.StoredFile``.
  Every node sees a file as soon as its transaction commits; backups are one ``pg_dump``.
- ``filesystem``: Django's ``FileSystemStorage`` under ``CWSP_MEDIA_ROOT``; only for a single
  node (a second web server or worker would not see the files).

Files are never served by URL: downloads go through audited views that read them here.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, default_storage, storages
from django.utils.deconstruct import deconstructible

from .models import StoredFile


@deconstructible
class DatabaseStorage(Storage):
    """Django storage API over ``StoredFile`` rows (PostgreSQL bytea, SQLite blob)."""

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode:
            raise ValueError("Database files are written with save(), not opened for writing.")
        try:
            row = StoredFile.objects.only("content").get(name=name)
        except StoredFile.DoesNotExist as exc:
            raise FileNotFoundError(name) from exc
        return File(io.BytesIO(bytes(row.content)), name=name)

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        data = content.read()
        if isinstance(data, str):
            data = data.encode()
        StoredFile.objects.create(
            name=name,
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content_type=mimetypes.guess_type(name)[0] or "",
        )
        return name

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()

    def size(self, name: str) -> int:
        try:
            return StoredFile.objects.values_list("size", flat=True).get(name=name)
        except StoredFile.DoesNotExist as exc:
            raise FileNotFoundError(name) from exc

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Generated files are downloaded through audited views only.")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.rstrip('/')}/" if path else ""
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        dirs: set[str] = set()
        files: list[str] = []
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                dirs.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(dirs), sorted(files)

    def get_created_time(self, name: str) -> datetime:
        return StoredFile.objects.values_list("created_at", flat=True).get(name=name)

    get_modified_time = get_created_time

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return super().get_available_name(name, max_length=max_length)


def storage_check() -> dict[str, Any]:
    """For /healthz: can this node write, read back and delete a generated file?"""
    name = "healthz/probe.txt"
    try:
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(b"ok"))
        with default_storage.open(name, "rb") as handle:
            ok = handle.read() == b"ok"
        default_storage.delete(name)
    except Exception as exc:  # noqa: BLE001 — any failure means the storage is unhealthy
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": ok, "backend": type(storages["default"]).__name__}
