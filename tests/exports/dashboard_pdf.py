"""The provider dashboard's PDF as its requester gets it, for any test that reads it: asked for
through the service with the dashboard's query-string parameters, made by the worker, and its
text read back."""
from exports import services
from exports.models import BulkExport
from tests.reports.conftest import pdf_text

from .conftest import run_worker


def made_dashboard_pdf(user, organisation, params=None) -> BulkExport:
    """The export of ``organisation``'s dashboard with ``params`` (a dict of the query
    string's parameters), made by the worker and ready."""
    export = services.dashboard_pdf_request(by=user, organisation=organisation,
                                            params=params or {})
    run_worker()
    export.refresh_from_db()
    assert export.state == BulkExport.State.READY, export.failure_reason
    return export


def stored_pdf(export: BulkExport) -> bytes:
    with export.file.open("rb") as handle:
        return handle.read()


def dashboard_pdf_text(user, organisation, params=None) -> str:
    """The words of the PDF (whitespace folded), as the requester downloads it."""
    return pdf_text(stored_pdf(made_dashboard_pdf(user, organisation, params)))
