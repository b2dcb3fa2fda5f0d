"""HTML -> PDF through WeasyPrint, the optional ``pdf`` extra.

WeasyPrint is imported only here and only when a PDF is asked for: without it, every
HTML document still works, and asking for a PDF says how to install it.
"""

from __future__ import annotations

from bonsclics_cli.errors import UsageError
from bonsclics_cli.i18n import _


class PdfUnavailableError(UsageError):
    """A PDF was asked for, and the ``pdf`` extra (WeasyPrint) is not installed."""


def html_to_pdf(html: str) -> bytes:
    """``html`` (a self-contained page: inline CSS, no external resource) printed to PDF."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: WeasyPrint installed without its system libraries
        raise PdfUnavailableError(
            _(
                "PDF output needs WeasyPrint, which is not installed: "
                "pip install 'bonsclics-cli[pdf]' (or: pipx inject bonsclics-cli weasyprint); "
                "or write HTML and print it from a browser"
            )
        ) from None
    document: bytes = HTML(string=html).write_pdf()
    return document
