"""The administrator's import form: one community, up to four files, check or import."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models import Community

from .columns import FILES

MAX_FILE_BYTES = 5 * 1024 * 1024
# The page imports inside the request, which the web server ends after 60 s: a migration
# larger than this goes through ``manage.py import_records`` (docs/benchmarks.md).
MAX_PAGE_ROWS = 2000


class RecordsImportForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        label=gettext_lazy("Community"),
        help_text=gettext_lazy("Records come into one community at a time."),
    )
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Check only (dry run)"),
        help_text=gettext_lazy(
            "Check every row and report what would be imported, without writing."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.order_by("name")
        for kind in FILES:
            self.fields[kind] = forms.FileField(
                required=False,
                # A file name, shown as code: the translator never sees it.
                label=format_html("<code>{}.csv</code>", kind),
                help_text=format_html(
                    _("Columns as in the {kind} template."),
                    kind=format_html("<code>{}</code>", kind),
                ),
            )

    def _read(self, kind: str) -> str | None:
        upload = self.cleaned_data.get(kind)
        if not upload:
            return None
        if upload.size > MAX_FILE_BYTES:
            self.add_error(kind, _("The file is larger than 5 MB: import it with the command."))
            return None
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error(kind, _("Save the file as CSV (UTF-8)."))
            return None

    def clean(self):
        cleaned = super().clean()
        files = {kind: text for kind in FILES if (text := self._read(kind)) is not None}
        if not files and not self.errors:
            raise forms.ValidationError(_("Choose at least one file to import."))
        # Lines, not rows (a quoted field may span lines): an upper bound, cheap to take.
        if sum(text.count("\n") for text in files.values()) > MAX_PAGE_ROWS + len(files):
            raise forms.ValidationError(
                _(
                    "These files hold more than %(rows)s rows: an operator imports "
                    "them with manage.py import_records (docs/import.md)."
                )
                % {"rows": f"{MAX_PAGE_ROWS:,}"}
            )
        cleaned["files"] = files
        return cleaned
