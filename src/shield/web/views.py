"""Page views: thin doors onto the registry's services."""

from __future__ import annotations

from datetime import date

from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from shield.accounts import roles
from shield.core.language import reader_lang
from shield.geo import BadBBox, parse_bbox
from shield.linkedart import records as linkedart
from shield.parties.models import State
from shield.registry import aggregates, present
from shield.registry.disclosure import find_visible, visible_to
from shield.registry.history import trail
from shield.registry.identifiers import parse_filter as identifier_filter
from shield.registry.maplayer import count_visible
from shield.registry.search import MAX_PAGE, Criteria, page_problem, search_kept
from shield.registry.vocab import CATEGORIES, CATEGORY_CODES, PROTECTION_LEVELS

from . import homes

PAGE_SIZE = 20


def _lang() -> str:
    return reader_lang()


def home(request):
    """What needs the reader now (a part per role they hold), then what the registry holds."""
    user, lang, today = request.user, _lang(), date.today()
    visible = visible_to(user)
    count = aggregates.count(visible, lambda: count_visible(user))
    figures = homes.public_figures(user, visible, count, lang, today)
    by_state = figures["by_state"]
    context = {
        "count": count,
        "state_count": len(by_state),
        "by_state": by_state[: homes.STATES_SHOWN],
        "more_states": by_state[homes.STATES_SHOWN :],
        "by_level": figures["by_level"],
        "changes": homes.recent_changes(user, lang),
        "unlocated": figures["unlocated"],
        "categories": CATEGORIES,
        "today": today,
    }
    if roles.is_staff_role(user):
        context["secretariat"] = homes.secretariat(lang, today)
    if roles.has_role(user, roles.COMMITTEE_MEMBER):
        context["committee"] = homes.committee(user, lang, today)
    if roles.has_role(user, roles.PARTY_OFFICER):
        context["officer"] = homes.officer(user, lang, today)
    if roles.has_role(user, roles.ASSESSOR):
        context["assessor"] = homes.assessor(user, lang)
    return render(request, "web/home.html", context)


def _parse_date(text: str, errors: list[str], label: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(
            _("%(field)s: %(value)s is not a date (YYYY-MM-DD)")
            % {"field": label, "value": text[:40]}
        )
        return None


def _parse_page(text: str, errors: list[str]) -> int:
    """The page number asked for (1 when none); a bad one is named in ``errors``."""
    if not text:
        return 1
    try:
        page = int(text)
    except ValueError:
        page = 0
    if page_problem(page):
        errors.append(
            _("Page: %(value)s is not a page number (1 to %(max)s)")
            % {"value": text[:40], "max": MAX_PAGE}
        )
        return 1
    return page


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
    page = _parse_page(g.get("page", ""), errors)
    for name, label, known in (
        ("category", _("Category"), CATEGORY_CODES),
        ("level", _("Protection"), [code for code, _label in PROTECTION_LEVELS]),
    ):
        if g.get(name) and g[name] not in known:
            errors.append(
                _("%(field)s: %(value)s is not one of the choices")
                % {"field": label, "value": g[name][:40]}
            )
    keys = None
    if g.get("identifier"):
        keys, problem = identifier_filter(g["identifier"])
        if problem:
            errors.append(
                _("Identifier: %(value)s is not scheme:value (e.g. whc:848, wikidata:Q42)")
                % {"value": g["identifier"][:60]}
            )
    criteria = Criteria(
        g.get("q", "").strip(),
        g.get("category") or None,
        g.get("state") or None,
        g.get("level") or None,
        on,
        bbox,
        keys,
    )
    total, results = (
        (0, [])
        if errors
        else search_kept(request.user, criteria, (page - 1) * PAGE_SIZE, PAGE_SIZE)
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
            "synthetic": r["synthetic"],
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
    if request.headers.get("HX-Request"):  # HTMX swaps in 2xx answers only: the errors show
        return render(request, "web/_results.html", context)
    return render(request, "web/search.html", context, status=400 if errors else 200)


def wants_linked_art(request) -> bool:
    """Whether the reader asks for the record as Linked Art JSON-LD: ``?format=jsonld``, or an
    ``Accept`` header that prefers ``application/ld+json`` to HTML."""
    if request.GET.get("format") == "jsonld":
        return True
    return request.get_preferred_type(["text/html", linkedart.MEDIA_TYPE]) == linkedart.MEDIA_TYPE


def linked_art_answer(request, ref: str):
    """The record as Linked Art: deleted ones and those the reader may not read are not
    found; a confidential location is the area every output shows (``linkedart.records``)."""
    prop = find_visible(request.user, ref)
    if prop is None:
        raise Http404(_("No such property"))
    doc = linkedart.record_for(request.user, prop, request.build_absolute_uri("/"))
    response = JsonResponse(
        doc, content_type=linkedart.PROFILE, json_dumps_params={"ensure_ascii": False}
    )
    patch_vary_headers(response, ["Accept"])
    return response


def property_page(request, ref: str):
    if wants_linked_art(request):
        return linked_art_answer(request, ref)
    prop = find_visible(request.user, ref, include_deleted=True)
    if prop is None:
        raise Http404(_("No such property"))
    # read once for the summary, the details and the protection on a date (each read them)
    prefetch_related_objects([prop], "names", "protection_events", "photographs")
    lang = _lang()
    errors: list[str] = []
    on = _parse_date(request.GET.get("on", ""), errors, _("Date")) or date.today()
    history = trail(request.user, prop)
    status = 400 if errors else 200
    response = render(
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
        status=status,
    )
    patch_vary_headers(response, ["Accept"])  # the same URL answers JSON-LD when asked
    return response


def map_page(request):
    """Every located record; those without a location are counted and listed beside the map."""
    return render(request, "web/map.html", {"unlocated": homes.unlocated(request.user)})
