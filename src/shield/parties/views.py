"""The Committee's page: its members on a date, their terms and groups, and every election."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from shield.core.language import reader_lang
from shield.treaty.committee import ELECTORAL_GROUPS

from . import elections

GROUP_NAMES = {
    "I": _("Group I (Western European and North American States)"),
    "II": _("Group II (Eastern European States)"),
    "III": _("Group III (Latin American and Caribbean States)"),
    "IV": _("Group IV (Asian and Pacific States)"),
    "V(a)": _("Group V(a) (African States)"),
    "V(b)": _("Group V(b) (Arab States)"),
}
EXPERTISE_NAMES = {
    "cultural_heritage": _("cultural heritage"),
    "defence": _("defence"),
    "international_law": _("international law"),
}


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def committee_page(request):
    raw = request.GET.get("on", "")
    on = _day(raw) or date.today()
    bad_date = bool(raw) and _day(raw) is None
    lang = reader_lang()
    data = elections.committee_on(on, lang)
    for m in data["members"]:
        m["group_name"] = GROUP_NAMES.get(m["group"], "")
        m["expertise_names"] = [EXPERTISE_NAMES.get(f, f) for f in m["expertise"]]
    balance = data["findings"]["balance"]
    groups = [
        {"group": g, "name": GROUP_NAMES[g], "seats": balance["result"].get(g, 0)}
        for g in ELECTORAL_GROUPS
    ]
    every = list(reversed(elections.elections(lang)))
    return render(
        request,
        "parties/committee.html",
        {
            "on": on,
            "bad_date": bad_date,
            "data": data,
            "groups": groups,
            "elections": every,
            "synthetic": data["synthetic"] or any(e["synthetic"] for e in every),
        },
        status=400 if bad_date else 200,
    )
