"""Pages of the treaty calculators and the article reader."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from shield import treaty
from shield.core.findings import finding_dict
from shield.core.language import reader_lang
from shield.treaty import akn

from .calculators import BY_SLUG, CALCULATORS, parse


def _lang() -> str:
    return reader_lang()


def index(request):
    return render(
        request,
        "web/treaty/index.html",
        {"calculators": CALCULATORS, "akn_langs": akn.LANGUAGES},
    )


def calculator(request, slug: str):
    calc = BY_SLUG.get(slug)
    if calc is None:
        raise Http404(slug)
    errors, result = [], None
    if request.GET:
        values, errors = parse(calc, request.GET)
        if not errors:
            try:
                result = finding_dict(calc.compute(values), _lang())
            except (ValueError, TypeError, treaty.CitationError) as exc:
                errors = [("", str(exc))]
    return render(
        request,
        "web/treaty/calculator.html",
        {
            "calc": calc,
            "errors": errors,
            "result": result,
            "lang": _lang(),
            "data": request.GET,
        },
    )


def article(request, ref: str):
    try:
        c = treaty.cite(ref)
    except treaty.CitationError as exc:
        raise Http404(str(exc)) from None
    lang = _lang()
    return render(
        request,
        "web/treaty/article.html",
        {
            "label": c.label(lang),
            "heading": c.heading(lang),
            "text": c.text(lang),
            "akn": akn_href(c, lang) if c.instrument == "protocol" else "",
        },
    )


def akn_href(c: treaty.Citation, lang: str) -> str:
    """Where ``c`` is in the Akoma Ntoso XML: its article's document, at the provision's eId."""
    from django.urls import reverse

    where = reverse("web:treaty-akn-article", args=[_akn_lang(lang), c.article])
    return f"{where}#{akn.eid(c)}"


def _akn_lang(lang: str) -> akn.Lang:
    return "nb" if lang == "nb" else "en"


def _xml(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{akn.MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.akn.xml"'
    return response


def akn_act(request, lang: str):
    """The whole Second Protocol in ``lang`` (en, nb) as Akoma Ntoso 3.0 XML."""
    if lang not in akn.LANGUAGES:
        raise Http404(f"no text in {lang!r}: the Protocol is shipped in en and nb")
    return _xml(akn.act(_akn_lang(lang)), f"second-protocol-{lang}")


def akn_article(request, lang: str, number: int):
    """One article of the Protocol in ``lang`` as an Akoma Ntoso ``portion`` of the act."""
    if lang not in akn.LANGUAGES:
        raise Http404(f"no text in {lang!r}: the Protocol is shipped in en and nb")
    try:
        c = treaty.Citation(number)
    except treaty.CitationError as exc:
        raise Http404(str(exc)) from None
    return _xml(akn.portion(c, _akn_lang(lang)), f"second-protocol-{lang}-{akn.eid(c)}")


def readings(request):
    """Every named reading of shield.treaty on one page, in the reader's language (``?lang=``)."""
    from shield.treaty.readings import all_readings

    lang = reader_lang(request.GET.get("lang"))
    rows = [
        {
            "key": r.key,
            "title": r.title_in(lang),
            "text": r.text_in(lang) or r.text_in("en"),
            "citations": r.citations,
        }
        for r in all_readings()
    ]
    from django.utils import translation

    with translation.override(lang):  # ?lang= shows the whole page in that language
        return render(request, "web/treaty/readings.html", {"readings": rows, "lang": lang})
