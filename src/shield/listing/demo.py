"""Demo: synthetic requests in every state of the procedure, sessions and decisions.

The List's publicly known entries come with the bundled properties (their protection
history, with sources: ``shield/demo/data/SOURCES.md``); this adds an invented procedure
around invented property (no real place is shown with a procedure it never had). Everything made here is flagged ``synthetic`` (the sessions, the
requests, and the properties it invents), so the List, its exports and every page that shows
them say so. Dates are relative to the day of loading. Everything is recorded by the demo
administrator on the Parties' and the Committee's behalf. Loading twice changes nothing:
the first session is the marker.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from shield.accounts.models import Profile
from shield.parties import committee_demo
from shield.parties.models import State
from shield.registry.models import CulturalProperty

from . import committee, services
from .models import Request, Session

MEMBERS = ["ARM", "AUT", "AZE", "BEL", "CYP", "CZE", "DEU", "EGY", "GRC", "CHE", "LTU", "MLI"]
"""The invented Committee: twelve States that are Parties in the shipped register."""
MARKER = "D.1.EXT"
EVIDENCE = {
    "evidence_a": "Of the greatest importance for humanity: inscribed on the World Heritage List (synthetic demo text).",
    "evidence_b": "Protected by the national heritage law and a management plan (synthetic demo text).",
    "evidence_c": "Not used for military purposes; no military site nearby (synthetic demo text).",
    "declaration": True,
}


def _ago(n: int) -> date:
    return date.today() - timedelta(days=n)


SYNTHETIC = {  # slug: (State, name, lat, lon); every request of the demo is on one of these
    # invented places, so that no real property is shown with a procedure it never had
    "synthetic-monastery-arm": ("ARM", "Synthetic Monastery of Lori (demo)", 41.05, 44.70),
    "synthetic-mausoleum-mli": (
        "MLI",
        "Synthetic Mausoleum of the Niger Bend (demo)",
        16.77,
        -3.01,
    ),
    "synthetic-theatre-ukr": (
        "UKR",
        "Synthetic Theatre of the Black Sea Coast (demo)",
        46.48,
        30.74,
    ),
    "synthetic-chapel-arm": ("ARM", "Synthetic Chapel of the Upper Valley (demo)", 40.60, 45.10),
    "synthetic-fortress-aze": (
        "AZE",
        "Synthetic Fortress of the Caspian Shore (demo)",
        40.95,
        48.60,
    ),
    "synthetic-library-cyp": ("CYP", "Synthetic Library of the Old Port (demo)", 34.95, 33.40),
    "synthetic-basilica-bel": ("BEL", "Synthetic Basilica of the River Meuse (demo)", 50.40, 4.95),
    "synthetic-castle-ltu": ("LTU", "Synthetic Hill Castle of the Neris (demo)", 54.90, 24.70),
    "synthetic-cave-aut": ("AUT", "Synthetic Painted Cave of the Alps (demo)", 47.30, 13.20),
    "synthetic-bridge-arm": ("ARM", "Synthetic Stone Bridge of the Gorge (demo)", 39.90, 45.30),
    "synthetic-manuscripts-aze": ("AZE", "Synthetic Manuscript Repository (demo)", 40.60, 47.10),
}


def _prop(slug: str):
    if slug in SYNTHETIC:
        return _synthetic(slug)
    return CulturalProperty.objects.filter(
        external_id=f"demo:{slug}", deleted_at__isnull=True
    ).first()


def _synthetic(slug: str):
    from shield.registry.services import create_property

    existing = CulturalProperty.objects.filter(external_id=f"demo-listing:{slug}").first()
    state, name, lat, lon = SYNTHETIC[slug]
    if existing is not None or not State.objects.filter(code=state).exists():
        return existing
    admin = get_user_model().objects.get(username="admin")
    return create_property(
        admin,
        {
            "external_id": f"demo-listing:{slug}",
            "category": "monument",
            "state": state,
            "names": [{"text": name, "lang": "en", "source": "synthetic demo name"}],
            "lat": lat,
            "lon": lon,
            "synthetic": True,
            "claims": [
                {
                    "state": state,
                    "role": "control",
                    "valid_from": "2000-01-01",
                    "basis": "synthetic demo claim",
                    "source": "synthetic demo data",
                }
            ],
            "description": "Synthetic record for the enhanced-protection demo: the place, "
            "its name and its procedure are invented.",
        },
    )


def _flag(obj):
    """Mark what the demo made as synthetic (its own row only: nothing else changes)."""
    type(obj).objects.filter(pk=obj.pk).update(synthetic=True)
    obj.synthetic = True
    return obj


def _request(admin, slug, submitted_ago, registered_ago=None, notified_ago=None, **extra):
    p = _prop(slug)
    if p is None or Request.objects.filter(property=p).exists():
        return None
    data = {
        "state": extra.pop("state", p.inventory_state.code),
        **EVIDENCE,
        "submitted_on": _ago(submitted_ago).isoformat(),
        **extra,
    }
    req = _flag(services.submit_request(admin, p, data))
    if registered_ago is not None:
        services.register(admin, req, _ago(registered_ago))
    if notified_ago is not None:
        services.notify(admin, req, _ago(notified_ago))
    req.refresh_from_db()
    return req


def _decide(admin, session, req, motion, grounds=(), against=()):
    if req is None:
        return None
    committee.add_to_agenda(admin, session, req)
    recused = set(req.conflict_parties)
    votes = {m: ("no" if m in against else "yes") for m in session.present if m not in recused}
    return committee.decide(admin, session, req, motion, votes, list(grounds))


def load() -> str:
    if Session.objects.filter(ref=MARKER).exists():
        return "listing: demo already loaded"
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return "listing: no demo administrator; skipped"
    members = committee_demo.load(admin, MEMBERS)
    committee_user = User.objects.filter(username="committee").first()
    if committee_user is not None and not Profile.objects.filter(user=committee_user).exists():
        Profile.objects.create(user=committee_user, state=State.objects.filter(code="BEL").first())
    present = members[:-1]  # one member absent

    s1 = _flag(
        committee.create_session(admin, MARKER, "extraordinary", _ago(200), members, present)
    )
    s2 = _flag(
        committee.create_session(admin, "D.2.EXT", "extraordinary", _ago(100), members, present)
    )
    s3 = _flag(
        committee.create_session(admin, "D.3.EXT", "extraordinary", _ago(10), members, present)
    )

    tentative = _prop("synthetic-manuscripts-aze")
    services.add_tentative(
        admin, tentative, "AZE", _ago(400), note="Synthetic demo entry: invented for the demo."
    )
    services.add_initiative(
        admin,
        _prop("synthetic-bridge-arm"),
        "recommendation",
        "Recommended for enhanced protection (synthetic demo text).",
        _ago(300),
        by_organisation="International Committee of the Blue Shield",
    )

    made = {}
    made["submitted"] = _request(admin, "synthetic-chapel-arm", 5)
    made["registered"] = _request(admin, "synthetic-fortress-aze", 20, 15)
    open_window = _request(admin, "synthetic-library-cyp", 30, 25, 20)
    if open_window:
        services.represent(
            admin,
            open_window,
            {
                "state": "CHE",
                "criterion": "b",
                "submitted_on": _ago(10).isoformat(),
                "facts": "The management plan expired in 2024 (synthetic demo text).",
                "attachments": [{"title": "Letter of 3 March", "ref": "demo-doc-1"}],
            },
        )
        services.respond(
            admin,
            open_window,
            {
                "facts": "A new plan was adopted (synthetic demo text).",
                "submitted_on": _ago(5).isoformat(),
            },
        )
    made["notified"] = open_window
    closed = _request(admin, "synthetic-basilica-bel", 120, 115, 110)
    if closed:
        services.advise(
            admin,
            closed,
            {
                "organisation": "ICOMOS",
                "criterion": "a",
                "submitted_on": _ago(60).isoformat(),
                "facts": "Meets criterion (a) (synthetic demo text).",
            },
        )
        committee.add_to_agenda(admin, s3, closed)
    made["awaiting decision"] = closed
    made["deferred"] = _request(admin, "synthetic-castle-ltu", 200, 195, 190)
    _decide(admin, s2, made["deferred"], "defer")
    made["granted"] = _request(admin, "synthetic-monastery-arm", 300, 295, 290)
    _decide(admin, s1, made["granted"], "grant")
    made["exceptional"] = _request(
        admin,
        "synthetic-mausoleum-mli",
        300,
        295,
        290,
        evidence_b="",
        assistance_ref="Fund assistance request MLI-1 (synthetic)",
    )
    _decide(admin, s1, made["exceptional"], "exceptional_grant")
    made["denied"] = _request(admin, "synthetic-cave-aut", 300, 295, 290)
    _decide(admin, s1, made["denied"], "deny", grounds=["a"], against=("CYP",))
    withdrawn = _request(admin, "synthetic-bridge-arm", 50, 45)
    if withdrawn:
        services.withdraw(admin, withdrawn, _ago(40))
    made["withdrawn"] = withdrawn
    emergency = _request(
        admin,
        "synthetic-theatre-ukr",
        110,
        106,
        105,
        emergency=True,
        evidence_b="",
        conflict_parties=list(
            State.objects.filter(code__in=["UKR", "RUS"]).values_list("code", flat=True)
        ),
    )
    _decide(admin, s2, emergency, "provisional")
    made["provisional"] = emergency
    return f"listing: 3 sessions, {sum(1 for r in made.values() if r)} requests ({', '.join(k for k, r in made.items() if r)})"
