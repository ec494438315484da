"""Page views: thin doors onto the registry's services."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from shield.geo import BadBBox, parse_bbox
from shield.parties.models import State
from shield.registry import present
from shield.registry.disclosure import find_visible, visible_to
from shield.registry.history import trail
from shield.registry.search import Criteria, search
from shield.registry.vocab import CATEGORIES, PROTECTION_LEVELS
from shield.web.language import reader_lang

PAGE_SIZE = 20


def _lang() -> str:
    return reader_lang()


def home(request):
    visible = visible_to(request.user)
    return render(
        request,
        "web/home.html",
        {
            "count": visible.count(),
            "state_count": visible.values("inventory_state").distinct().count(),
            "categories": CATEGORIES,
        },
    )


def _parse_date(text: str, errors: list[str], label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(
            _("%(field)s: %(value)s is not a date (YYYY-MM-DD)") % {"field": label, "value": text}
        )
        return None


def search_page(request):
    g = request.GET
    errors: list[str] = []
    on = _parse_date(g.get("on", ""), errors, _("Date"))
    bbox = None
    if g.get("bbox"):
        try:
            bbox = parse_bbox(g["bbox"])
        except BadBBox as exc:
            errors.append(f"bbox: {exc}")
    try:
        page = max(1, int(g.get("page", "1")))
    except ValueError:
        page = 1
    criteria = Criteria(
        g.get("q", "").strip(),
        g.get("category") or None,
        g.get("state") or None,
        g.get("level") or None,
        on,
        bbox,
    )
    total, results = (
        (0, []) if errors else search(request.user, criteria, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    )
    lang = _lang()
    summaries = [present.summary(p, request.user, lang, on) for p in results]
    points = [
        {
            "code": r["code"],
            "name": r["name"],
            "lat": r["location"]["lat"],
            "lon": r["location"]["lon"],
            "precision": r["location"]["precision"],
        }
        for r in summaries
        if r["location"]["lat"] is not None
    ]
    context = {
        "points": points,
        "criteria": criteria,
        "errors": errors,
        "total": total,
        "page": page,
        "results": summaries,
        "has_next": page * PAGE_SIZE < total,
        "has_prev": page > 1,
        "categories": CATEGORIES,
        "levels": PROTECTION_LEVELS,
        "states": [(s.code, s.name_in(lang)) for s in State.objects.all()],
        "query_string": g.urlencode(),
    }
    template = "web/_results.html" if request.headers.get("HX-Request") else "web/search.html"
    return render(request, template, context)


def property_page(request, ref: str):
    prop = find_visible(request.user, ref, include_deleted=True)
    if prop is None:
        raise Http404(_("No such property"))
    lang = _lang()
    errors: list[str] = []
    on = _parse_date(request.GET.get("on", ""), errors, _("Date")) or date.today()
    history = trail(request.user, prop)
    return render(
        request,
        "web/property.html",
        {
            "p": present.detail(prop, request.user, lang, on),
            "protection": present.protection_on(prop, on, lang),
            "on": on,
            "errors": errors,
            "history": history,
            "parts": [
                present.summary(c, request.user, lang)
                for c in visible_to(request.user, prop.parts.all())
            ],
        },
    )


def map_page(request):
    return render(request, "web/map.html", {})
