"""Records in from a legacy system: CSV files of children, households, cases and contacts
(the template: ``columns``; the rules: ``rows``; all or nothing: ``service``)."""

from .columns import FILES, template_csv
from .report import ImportReport, Rejection
from .service import records_import

__all__ = ["FILES", "ImportReport", "Rejection", "records_import", "template_csv"]
