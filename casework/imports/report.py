"""What an import says back: every rejected row with its file, line, column and reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .columns import FILES


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int  # as in the file: the header is line 1
    column: str  # blank when the problem is the row (or file) as a whole
    message: str


@dataclass
class ImportReport:
    dry_run: bool
    rows: dict[str, int] = field(default_factory=dict)
    # Made by this import, and found already imported (same external id): left unchanged.
    created: dict[str, list[int]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def committed(self) -> bool:
        return self.ok and not self.dry_run

    def created_count(self, kind: str) -> int:
        return len(self.created.get(kind, []))

    def summary(self) -> list[tuple[str, int, int, int]]:
        """(file, rows, new, already imported) per file given."""
        return [
            (kind, self.rows[kind], self.created_count(kind), self.unchanged.get(kind, 0))
            for kind in FILES
            if kind in self.rows
        ]

    def reject(self, kind: str, line: int, column: str, message: str) -> None:
        self.rejected.append(Rejection(f"{kind}.csv", line, column, message))

    def reject_error(self, kind: str, line: int, error: ValidationError) -> None:
        """A service's refusal, one rejection per message, under the column it names."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                column = "" if name == "__all__" else name
                for message in ValidationError(errors).messages:
                    self.reject(kind, line, column, message)
        else:
            for message in error.messages:
                self.reject(kind, line, "", message)


Row = dict[str, str]


def read_tables(files: Mapping[str, str], report: ImportReport) -> dict[str, list[tuple[int, Row]]]:
    """Each file's rows by line number, after checking its header against the template.

    A file with an unknown or missing column is rejected as a whole (line 1): the rows
    of a file whose columns were mistaken would be read into the wrong fields.
    """
    tables: dict[str, list[tuple[int, Row]]] = {}
    for kind, text in files.items():
        if kind not in FILES:
            report.reject(kind, 1, "", f"There is no {kind}.csv in the template.")
            continue
        columns = FILES[kind]
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        try:
            header = [name.strip().lower() for name in (reader.fieldnames or [])]
            reader.fieldnames = header
            rows: list[tuple[int, Row]] = []
            line = 2
            for row in reader:
                if None in row:
                    report.reject(kind, line, "", "This row has more values than the header.")
                rows.append((line, {k: (v or "").strip() for k, v in row.items() if k is not None}))
                # The next row starts after this one's last line (a quoted field may span lines).
                line = reader.line_num + 1
        except csv.Error as error:
            report.reject(
                kind, reader.line_num or 1, "", f"The file cannot be read as CSV ({error})."
            )
            continue
        known = {column.name for column in columns}
        missing = [c.name for c in columns if c.required and c.name not in header]
        unknown = [name for name in header if name not in known]
        for name in missing:
            report.reject(kind, 1, name, "This required column is missing.")
        for name in unknown:
            report.reject(kind, 1, name, "This column is not in the template.")
        if len(set(header)) != len(header):
            report.reject(kind, 1, "", "A column appears twice.")
        if missing or unknown or len(set(header)) != len(header):
            continue
        report.rows[kind] = len(rows)
        tables[kind] = rows
    return tables
