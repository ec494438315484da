"""PDF documents from the same templates as the HTML pages (WeasyPrint).

WeasyPrint needs Pango on the system (Debian: libpango-1.0-0, libpangoft2-1.0-0) and fonts
that cover Armenian, Cyrillic and Latin (fonts-dejavu-core). Without them, a PDF request
gets a clear error naming what is missing; HTML keeps working.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string


class PdfUnavailable(RuntimeError):
    pass


def render_pdf(template: str, context: dict, request=None, base_url: str | None = None) -> bytes:
    try:
        import weasyprint
    except OSError as exc:  # Pango missing
        raise PdfUnavailable(
            f"PDF rendering needs Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from exc
    html = render_to_string(template, context, request=request)
    if base_url is None and request is not None:
        base_url = request.build_absolute_uri("/")
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(template: str, context: dict, request, filename: str) -> HttpResponse:
    try:
        body = render_pdf(template, context, request)
    except PdfUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
