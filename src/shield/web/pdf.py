"""PDF documents: live in ``shield.core.pdf`` (pages of several apps and the CLI share them)."""

from shield.core.pdf import PdfUnavailable, pdf_response, render_pdf

__all__ = ["PdfUnavailable", "pdf_response", "render_pdf"]
