"""What needs each reader now: the home page's parts, one function per role.

Each function reads through the apps' own queries (``visible_to``, the procedure's statuses,
the map's kept cells) and returns plain rows for a template: what to show, a link, a date.
The public part stays cheap at a million records: its counts are summed from the map's kept
cells (``registry.mapcells``) and kept per version of the registry (``registry.aggregates``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.urls import reverse

from shield.accounts import roles
from shield.core.language import reader_lang
from shield.listing import public
from shield.listing.models import Decision, Notification, Request, Session
from shield.monitoring.models import Assessment, Evidence, Mission
from shield.parties.models import State
from shield.registry import aggregates, mapcells
from shield.registry.disclosure import visible_to
from shield.registry.maplayer import seen_kinds
from shield.registry.models import Photograph, PropertyName
from shield.registry.search import in_force_ids
from shield.registry.vocab import PROTECTION_LEVELS
from shield.treaty import procedure as P

SHOWN = 8  # rows of each list; the rest are counted and linked
CHANGES = 6
STATES_SHOWN = 10  # the States with the most records; the others behind a disclosure
NOTICE_MOTIONS = (P.GRANT, P.EXCEPTIONAL, P.PROVISIONAL_GRANT, P.SUSPEND, P.CANCEL, P.LIFT)


def status_label(status: str, lang: str) -> str:
    return P.STATUS_LABELS.get(status, {}).get("nb" if lang == "nb" else "en", status)


def _request_row(req: Request, lang: str, today: date) -> dict:
    closes = req.window_closes
    left = (closes - today).days if closes else None
    return {
        "ref": req.ref,
        "url": reverse("listing:request", args=[req.ref]),
        "name": req.property.display_name(lang),
        "state": req.state.name_in(lang),
        "status": status_label(req.status, lang),
        "submitted_on": req.submitted_on,
        "registered_on": req.registered_on,
        "closes": closes,
        # as the request's page counts them (docs/decisions.md, issue 14): today included
        "open": left is not None and left >= 0,
        "days_left": left + 1 if left is not None and left >= 0 else None,
        "last_day": left == 0,
    }


def _requests(qs, lang: str, today: date, order: str = "submitted_on") -> dict:
    rows = qs.select_related("property", "state").prefetch_related("property__names")
    return {
        "count": qs.count(),
        "rows": [_request_row(r, lang, today) for r in rows.order_by(order)[:SHOWN]],
    }


# --- the public: what the registry holds -------------------------------------------------------


def counts_by_state(user, visible, lang: str) -> list[dict]:
    """How many records of each State's inventory the reader sees, most first: the located ones
    summed from the coarsest kept cells, the few without a location counted."""

    def compute() -> list[tuple[int, str]]:
        counts: Counter[str] = Counter()
        cells = mapcells.MapCell.objects.filter(level=min(mapcells.LEVELS))
        for kind in seen_kinds(user, cells):
            for row in kind.values("inventory_state").annotate(n=Sum("count")).order_by():
                counts[row["inventory_state"]] += row["n"] or 0
        unlocated = visible.filter(Q(lat__isnull=True) | Q(lon__isnull=True))
        for row in unlocated.values("inventory_state").annotate(n=Count("pk")).order_by():
            counts[row["inventory_state"]] += row["n"]
        return [(n, pk) for pk, n in counts.most_common() if n > 0]

    kept = aggregates.kept(
        aggregates.query_key("by_state", visible),
        compute,
        lambda rows: sum(n for n, _pk in rows) >= aggregates.KEEP_FROM,
    )
    states = State.objects.in_bulk([pk for _n, pk in kept])
    return [
        {"count": n, "code": states[pk].code, "name": states[pk].name_in(lang)}
        for n, pk in kept
        if pk in states
    ]


def counts_by_level(visible, total: int, today: date) -> list[dict]:
    """General protection covers every record; the other levels count those in force today."""
    out = []
    for code, label in PROTECTION_LEVELS:
        if code == "general":
            n = total
        else:
            qs = visible.filter(pk__in=in_force_ids(code, today))
            n = aggregates.count(qs)
        out.append(
            {
                "code": code,
                "label": label,
                "count": n,
                "url": reverse("web:search") + f"?level={code}",
            }
        )
    return out


def recent_changes(user, lang: str) -> list[dict]:
    return [
        {
            "on": ev.effective_date,
            "name": ev.property.display_name(lang),
            "url": reverse("web:property", args=[ev.property.code]),
            "state": ev.property.inventory_state.name_in(lang),
            "level": ev.get_level_display(),
            "action": ev.get_action_display(),
            "synthetic": ev.synthetic,
        }
        for ev in public.changes(user, CHANGES)
    ]


def unlocated(user, limit: int = 50) -> dict:
    """The records the reader sees that have no location (left out of every map): how many,
    and the first ``limit`` of them."""
    qs = visible_to(user).filter(Q(lat__isnull=True) | Q(lon__isnull=True))
    lang = reader_lang()
    rows = qs.select_related("inventory_state").prefetch_related("names").order_by("code")[:limit]
    return {
        "count": aggregates.count(qs),
        "rows": [
            {
                "code": p.code,
                "name": p.display_name(lang),
                "state": p.inventory_state.name_in(lang),
                "url": reverse("web:property", args=[p.code]),
            }
            for p in rows
        ],
    }


def public_figures(user, visible, total: int, lang: str, today: date) -> dict:
    """The public part's counts (by State, by level, the records left off the map), kept as
    one answer per reader's view, language and day while the registry is unchanged, once the
    registry is large (``registry.aggregates``): a home page read again counts nothing."""

    def compute() -> dict:
        return {
            "by_state": counts_by_state(user, visible, lang),
            "by_level": counts_by_level(visible, total, today),
            "unlocated": unlocated(user, limit=10),
        }

    return aggregates.kept(
        aggregates.query_key("home", visible, lang, today.isoformat()),
        compute,
        lambda _figures: total >= aggregates.KEEP_FROM,
    )


# --- the Secretariat ------------------------------------------------------------------------------


def secretariat(lang: str, today: date) -> dict:
    to_notify = (
        Decision.objects.filter(carried=True, motion__in=NOTICE_MOTIONS)
        .filter(~Exists(Notification.objects.filter(decision=OuterRef("pk"))))
        .select_related("request", "request__property", "session")
        .prefetch_related("request__property__names")
    )
    windows = Request.objects.filter(status=P.NOTIFIED, notified_on__isnull=False)
    window_rows = sorted(
        (_request_row(r, lang, today) for r in windows.select_related("property", "state")),
        key=lambda r: r["closes"],
    )
    return {
        "to_register": _requests(Request.objects.filter(status=P.SUBMITTED), lang, today),
        "to_notify": _requests(Request.objects.filter(status=P.REGISTERED), lang, today),
        "windows": {"count": len(window_rows), "rows": window_rows[:SHOWN]},
        "decisions": {
            "count": to_notify.count(),
            "rows": [
                {
                    "ref": d.ref,
                    "url": reverse("listing:request", args=[d.request.ref]),
                    "name": d.request.property.display_name(lang),
                    "motion": P.MOTION_LABELS.get(d.motion, {}).get(lang, d.motion),
                    "decided_on": d.decided_on,
                }
                for d in to_notify[:SHOWN]
            ],
        },
    }


# --- a Committee member ---------------------------------------------------------------------------


def committee(user, lang: str, today: date) -> dict:
    mine = roles.state_of(user)
    upcoming = Session.objects.filter(held_on__gte=today - timedelta(days=1)).order_by("held_on")
    recent = Session.objects.filter(held_on__lt=today - timedelta(days=1)).order_by("-held_on")
    sessions = list(upcoming[:SHOWN]) + list(recent[:2])
    decided = Decision.objects.filter(
        session=OuterRef("session_id"), request=OuterRef("request_id")
    )
    agenda = (
        Session.agenda.through.objects.filter(~Exists(decided))
        .filter(request__status__in=P.OPEN)
        .select_related("session", "request", "request__property", "request__state")
        .prefetch_related("request__property__names")
        .order_by("session__held_on")
    )
    votes = Decision.objects.select_related("session", "request", "request__property").order_by(
        "-decided_on", "-ref"
    )
    return {
        "state": mine.name_in(lang) if mine else "",
        "sessions": [
            {
                "ref": s.ref,
                "url": reverse("listing:session", args=[s.ref]),
                "held_on": s.held_on,
                "upcoming": s.held_on >= today,
                "member": bool(mine and mine.code in s.members),
                "agenda": s.agenda.count(),
            }
            for s in sessions
        ],
        "agenda": [
            {
                "session": a.session.ref,
                "url": reverse("listing:session", args=[a.session.ref]),
                "request": a.request.ref,
                "name": a.request.property.display_name(lang),
                "state": a.request.state.name_in(lang),
                "held_on": a.session.held_on,
            }
            for a in agenda[:SHOWN]
        ],
        "votes": [
            {
                "ref": d.ref,
                "url": reverse("listing:session", args=[d.session.ref]),
                "name": d.request.property.display_name(lang),
                "motion": P.MOTION_LABELS.get(d.motion, {}).get(lang, d.motion),
                "carried": d.carried,
                "decided_on": d.decided_on,
                "mine": (d.votes or {}).get(mine.code) if mine else None,
            }
            for d in votes[:SHOWN]
        ],
    }


# --- a Party's officer ----------------------------------------------------------------------------

GAPS = ("location", "script", "photograph")


def _gap_filters(qs):
    return {
        "location": qs.filter(Q(lat__isnull=True) | Q(lon__isnull=True)),
        # names in one script at most: no spelling in a second script to find it by
        "script": qs.filter(
            ~Exists(
                PropertyName.objects.filter(property=OuterRef("pk"))
                .exclude(script="")
                .exclude(
                    script=Subquery(
                        PropertyName.objects.filter(property=OuterRef(OuterRef("pk")))
                        .exclude(script="")
                        .order_by("script")
                        .values("script")[:1]
                    )
                )
            )
        ),
        "photograph": qs.filter(~Exists(Photograph.objects.filter(property=OuterRef("pk")))),
    }


def officer(user, lang: str, today: date) -> dict:
    state = roles.state_of(user)
    if state is None:
        return {}
    own = Request.objects.filter(state=state, status__in=P.OPEN)
    windows = (
        Request.objects.filter(status=P.NOTIFIED, notified_on__isnull=False)
        .exclude(state=state)
        .select_related("property", "state")
        .prefetch_related("property__names")
    )
    open_windows = [row for row in (_request_row(r, lang, today) for r in windows) if row["open"]]
    open_windows.sort(key=lambda r: r["closes"])
    inventory = visible_to(user).filter(inventory_state=state)
    gaps = []
    for code, qs in _gap_filters(inventory).items():
        rows = qs.prefetch_related("names").order_by("code")[:SHOWN]
        gaps.append(
            {
                "code": code,
                "count": aggregates.count(qs),
                "rows": [
                    {
                        "code": p.code,
                        "name": p.display_name(lang),
                        "url": reverse("web:property", args=[p.code]),
                    }
                    for p in rows
                ],
            }
        )
    return {
        "state": state.name_in(lang),
        "state_code": state.code,
        "requests": _requests(own, lang, today, "-submitted_on"),
        "representations": {"count": len(open_windows), "rows": open_windows[:SHOWN]},
        "gaps": gaps,
        "inventory": aggregates.count(inventory),
    }


# --- an assessor ----------------------------------------------------------------------------------

ACTIVE_MISSIONS = ("proposed", "consent_pending", "deployed", "reporting", "blocked")


def assessor(user, lang: str) -> dict:
    missions = Mission.objects.filter(status__in=ACTIVE_MISSIONS).order_by("starts_on", "title")
    mine = (
        Assessment.objects.filter(created_by=user, property__in=visible_to(user))
        .annotate(has_evidence=Exists(Evidence.objects.filter(assessment=OuterRef("pk"))))
        .select_related("property")
        .prefetch_related("property__names")
        .order_by("-assessed_on", "-created_at")
    )
    drafts = mine.filter(has_evidence=False)
    return {
        "missions": {
            "count": missions.count(),
            "rows": [
                {
                    "title": m.title,
                    "url": reverse("monitoring:mission", args=[m.id]),
                    "status": m.get_status_display(),
                    "starts_on": m.starts_on,
                    "ends_on": m.ends_on,
                    "in_team": any(
                        str(t.get("name", "")).casefold()
                        in {user.get_username().casefold(), user.get_full_name().casefold()}
                        for t in (m.team or [])
                        if isinstance(t, dict)
                    ),
                }
                for m in missions[:SHOWN]
            ],
        },
        "drafts": {
            "count": drafts.count(),
            "rows": [
                {
                    "name": a.property.display_name(lang),
                    "url": reverse("monitoring:timeline", args=[a.property.code]),
                    "assessed_on": a.assessed_on,
                    "method": a.get_method_display(),
                    "condition": a.get_condition_display(),
                }
                for a in drafts[:SHOWN]
            ],
        },
        "recorded": mine.count(),
    }
