"""Pages of the treaty calculators and the article reader."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from shield import treaty
from shield.core.findings import finding_dict
from shield.core.language import reader_lang

from .calculators import BY_SLUG, CALCULATORS, parse


def _lang() -> str:
    return reader_lang()


def index(request):
    return render(request, "web/treaty/index.html", {"calculators": CALCULATORS})


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
        {"label": c.label(lang), "heading": c.heading(lang), "text": c.text(lang)},
    )


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
