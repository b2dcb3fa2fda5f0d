"""HTML -> PDF through WeasyPrint, the optional extra ``pdf``.

The reports are HTML first: any browser prints them. ``report --format pdf`` (and the
paper form) render the same HTML to PDF here, with WeasyPrint when it is installed.
"""

from __future__ import annotations

from typing import Any

from bonsclics_cli.errors import BonsclicsError, ExitCode
from bonsclics_cli.i18n import _


class PdfUnavailableError(BonsclicsError):
    """WeasyPrint (the ``pdf`` extra) is not installed, or its system libraries are missing."""

    exit_code = ExitCode.INVALID


def check_pdf() -> None:
    """Raise PdfUnavailableError, with how to install it, when PDF cannot be made here."""
    _weasyprint()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page (inline CSS and SVG, no remote resource)."""
    weasyprint = _weasyprint()
    # No base URL and a fetcher that refuses everything: a report never loads a file or
    # an address, whatever its text holds.
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_refuse)
    pdf: bytes = document.write_pdf()
    return pdf


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError:
        raise PdfUnavailableError(_unavailable()) from None
    except OSError as exc:  # installed, but Pango or its fonts are missing
        raise PdfUnavailableError(
            _unavailable() + " " + _("(system library: {reason})").format(reason=exc)
        ) from None
    return weasyprint


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"no external resource in a report: {url[:40]}")


def _unavailable() -> str:
    return _(
        "PDF needs the 'pdf' extra: pip install 'bonsclics-cli[pdf]' (WeasyPrint); "
        "or write the HTML report and print it from a browser"
    )
