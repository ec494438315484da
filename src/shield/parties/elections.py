"""The Committee as elected: elections recorded by the Secretariat, the seats they fill, and
the members who sit on a date.

The rules are ``shield.treaty.committee`` (its refusals ``committee.*`` and its readings
``TERM_READING`` and ``MEMBERSHIP_READING``); party status comes from the register
(``shield.parties.register.current_register``). Each election is recorded in one transaction
with one audit entry; the seats an ordinary Meeting ends are updated in that same entry.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import FieldError, NotAllowed, RecordInvalid
from shield.treaty import committee as C
from shield.treaty.refusals import refuse_all

from .committee_models import Election, Seat
from .models import State
from .register import current_register

TARGET = "parties_election"


# --- reading the record ------------------------------------------------------------------------


def named(code: str) -> dict[str, str]:
    """A State as refusals name it: 'Italy (ITA)' / 'Italia (ITA)'."""
    row = State.objects.filter(code=code).first()
    if row is None:
        return {"en": code, "nb": code}
    return {"en": f"{row.name_in('en')} ({code})", "nb": f"{row.name_in('nb')} ({code})"}


def _term(seat: Seat) -> C.Term:
    return C.Term(seat.state.code, seat.starts_on, seat.ends_on, seat.short)


def terms() -> tuple[C.Term, ...]:
    """Every recorded seat as a term of ``shield.treaty.committee``."""
    return tuple(
        _term(s) for s in Seat.objects.select_related("state").order_by("starts_on", "state__code")
    )


def seats_on(on: date):
    """The seats held on ``on`` (a seat covers its first day up to the day before ``ends_on``)."""
    return (
        Seat.objects.filter(starts_on__lte=on, ends_on__gt=on)
        .select_related("state", "election")
        .order_by("state__code")
    )


@cache
def shipped_groups() -> dict[str, str]:
    """UNESCO's electoral groups as shipped (partial: see ``data/SOURCES.md``)."""
    text = (
        resources.files("shield.parties")
        .joinpath("data", "electoral_groups.csv")
        .read_text(encoding="utf-8")
    )
    return {row["state"]: row["group"] for row in csv.DictReader(text.splitlines())}


def group_of(seat: Seat) -> str:
    """The seat's group as recorded at the election, else the shipped table's, else ''."""
    return seat.electoral_group or shipped_groups().get(seat.state.code, "")


def sitting(on: date, register=None):
    """The finding of the members who sit on ``on`` (seated and Parties that day)."""
    return C.sitting_members(on, terms(), current_register() if register is None else register)


def session_roster(on: date, members: Iterable[str] | None = None) -> list[str]:
    """A session's members on ``on``: the seated Parties (``members`` omitted), or ``members``
    when they are exactly those; otherwise the refusals ``committee.*`` are raised together."""
    given = None
    if members is not None:
        given = [(c or "").strip().upper() for c in members if (c or "").strip()]
        given = given or None
    found, refusals = C.roster_refusals(on, terms(), given, current_register(), named)
    refuse_all(refusals)
    return sorted(found)


# --- recording an election ---------------------------------------------------------------------


def _day(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise RecordInvalid([FieldError(field, f"{value!r} is not a date (YYYY-MM-DD)")]) from None


def _states(elected: Iterable[Any]) -> list[State]:
    from .identity import state_for

    out, errors = [], []
    for i, text in enumerate(elected or []):
        try:
            out.append(state_for(text, f"elected[{i}]"))
        except RecordInvalid as exc:
            errors.extend(exc.errors)
    codes = [s.code for s in out]
    errors += [
        FieldError("elected", f"{c} is elected twice")
        for c in sorted({c for c in codes if codes.count(c) > 1})
    ]
    if not out and not errors:
        errors.append(
            FieldError("elected", "is required: the States the Meeting of the Parties elected")
        )
    if errors:
        raise RecordInvalid(errors)
    return out


def _groups(given: Mapping[str, str] | None, codes: list[str]) -> dict[str, str]:
    from .identity import state_for

    out, errors = {}, []
    for key, group in (given or {}).items():
        group = (group or "").strip()
        try:
            code = state_for(key, f"groups.{key}").code
        except RecordInvalid as exc:
            errors.extend(exc.errors)
            continue
        if group not in C.ELECTORAL_GROUPS:
            errors.append(
                FieldError(
                    f"groups.{key}", f"{group!r} is not one of {', '.join(C.ELECTORAL_GROUPS)}"
                )
            )
        elif code not in codes:
            errors.append(FieldError(f"groups.{key}", f"{code} is not among the States elected"))
        else:
            out[code] = group
    if errors:
        raise RecordInvalid(errors)
    return out


def _representatives(given: Mapping[str, Mapping] | None, codes: list[str]) -> dict[str, dict]:
    from .identity import state_for

    out, errors = {}, []
    for key, rep in (given or {}).items():
        try:
            code = state_for(key, f"representatives.{key}").code
        except RecordInvalid as exc:
            errors.extend(exc.errors)
            continue
        fields = list((rep or {}).get("expertise") or [])
        bad = [f for f in fields if f not in C.EXPERTISE]
        if bad:
            errors.append(
                FieldError(
                    f"representatives.{key}.expertise",
                    f"{', '.join(bad)}: give fields among {', '.join(C.EXPERTISE)}",
                )
            )
        elif code not in codes:
            errors.append(
                FieldError(f"representatives.{key}", f"{code} is not among the States elected")
            )
        else:
            out[code] = {
                "name": str((rep or {}).get("name") or "").strip()[:200],
                "expertise": fields,
            }
    if errors:
        raise RecordInvalid(errors)
    return out


def finding_json(f) -> dict:
    """A finding as stored with the election: reasons, citations (English labels), parts."""
    return {
        "reason": dict(f.reason),
        "citations": list(f.labels()),
        "parts": [finding_json(p) for p in f.parts],
    }


def record_election(
    user,
    held_on,
    elected: Iterable[Any],
    *,
    meeting: str = "",
    ordinary: bool = True,
    first: bool = False,
    lot_seed: int | None = None,
    short_term_ends=None,
    groups: Mapping[str, str] | None = None,
    representatives: Mapping[str, Mapping] | None = None,
    synthetic: bool = False,
    source: str = "",
    today: date | None = None,
) -> Election:
    """Record an election by the Meeting of the Parties (``shield.treaty.committee``).

    Every elected State is given by code or name and must be a Party on the day, hold no seat
    beyond it and not start a third consecutive term; the Committee never has more than
    twelve members; only the first election draws short terms by lot (its seed is recorded,
    drawn at random when not given). The regional balance and the representatives' expertise
    are stored as findings, never refused."""
    if not roles.is_staff_role(user):
        raise NotAllowed("only the Secretariat records the elections of the Meeting of the Parties")
    day = _day(held_on, "held_on")
    if day is None:
        raise RecordInvalid([FieldError("held_on", "is required (YYYY-MM-DD)")])
    C.check_not_future(day, today or date.today(), "", code="committee.future_election")
    chosen = _states(elected)
    codes = [s.code for s in chosen]
    group_given = _groups(groups, codes)
    reps = _representatives(representatives, codes)
    ends = _day(short_term_ends, "short_term_ends")
    errors = []
    if not first and (lot_seed is not None or ends is not None):
        errors.append(
            FieldError(
                "first", "a lot seed and the short terms' end belong to the first election only"
            )
        )
    if ends is not None and ends <= day:
        errors.append(
            FieldError(
                "short_term_ends",
                f"{ends.isoformat()} is not after the election ({day.isoformat()})",
            )
        )
    meeting = (meeting or "").strip()[:120]
    source = (source or "").strip()[:300]
    if errors:
        raise RecordInvalid(errors)
    if first and lot_seed is None:
        lot_seed = secrets.randbits(32)

    with transaction.atomic():
        later = (
            Election.objects.select_for_update()
            .filter(held_on__gte=day)
            .order_by("held_on")
            .first()
        )
        if later is not None:
            raise RecordInvalid(
                [
                    FieldError(
                        "held_on",
                        f"an election of {later.held_on.isoformat()} is recorded "
                        "already: record elections in date order",
                    )
                ]
            )
        seats = list(Seat.objects.select_related("state").order_by("starts_on", "state__code"))
        before = tuple(_term(s) for s in seats)
        plan = C.Election(day, tuple(codes), first, lot_seed, ends, ordinary)
        register = current_register()
        refuse_all(C.election_refusals(plan, before, register, named))
        group_map = {
            **shipped_groups(),
            **{s.state.code: s.electoral_group for s in seats if s.electoral_group},
            **group_given,
        }
        found = C.record_election(plan, before, register, group_map)
        after = C.terms_ended_by(plan, before).result
        seated = C.members_on(day, after + found.result.terms).result
        balance = C.regional_balance(seated, group_map)

        e = Election.objects.create(
            held_on=day,
            meeting=meeting,
            ordinary=ordinary,
            first=first,
            lot_seed=lot_seed,
            short_term_ends=ends,
            synthetic=synthetic,
            source=source,
            finding={**finding_json(found), "balance": balance.result},
        )
        ended = []
        for seat, old, new in zip(seats, before, after, strict=True):
            if old != new:
                seat.ends_on, seat.ended_by = new.end, e
                seat.save(update_fields=["ends_on", "ended_by"])
                ended.append({"state": seat.state.code, "last_day": seat.last_day.isoformat()})
        by_code = {s.code: s for s in chosen}
        made = [
            Seat(
                election=e,
                state=by_code[t.state],
                starts_on=t.start,
                ends_on=t.end,
                short=t.short,
                electoral_group=group_given.get(t.state, ""),
                representative=reps.get(t.state, {}).get("name", ""),
                expertise=reps.get(t.state, {}).get("expertise", []),
            )
            for t in found.result.terms
        ]
        Seat.objects.bulk_create(made)
        lot = sorted(t.state for t in found.result.terms if t.short)
        changes = {
            "held_on": day.isoformat(),
            "meeting": meeting,
            "ordinary": ordinary,
            "first": first,
            "elected": [
                {
                    "state": s.state.code,
                    "starts_on": s.starts_on.isoformat(),
                    "last_day": s.last_day.isoformat(),
                    "short": s.short,
                    "group": s.electoral_group or shipped_groups().get(s.state.code, ""),
                }
                for s in made
            ],
            "ended": ended,
            "lot": {"seed": lot_seed, "short_terms": lot} if first else None,
            "balance": balance.reason_in("en"),
            "citations": list(found.labels()),
            "synthetic": synthetic,
            "source": source,
        }
        flag = " [synthetic demo data]" if synthetic else ""
        log.record(
            user,
            "committee_elected",
            TARGET,
            e.pk,
            changes,
            summary=f"{meeting or 'Meeting of the Parties'} {day.isoformat()}: {', '.join(codes)} elected "
            f"to the Committee{', ' + str(len(ended)) + ' term(s) ended' if ended else ''}{flag}",
        )
    return e


def set_representative(user, seat: Seat, name: str, expertise: Iterable[str]) -> Seat:
    """A member's representative and the fields of expertise they bring (``committee.expertise`` in shield.treaty.provisions); audited."""
    if not roles.is_staff_role(user):
        raise NotAllowed("only the Secretariat records the members' representatives")
    fields = list(expertise or [])
    bad = [f for f in fields if f not in C.EXPERTISE]
    if bad:
        raise RecordInvalid(
            [
                FieldError(
                    "expertise", f"{', '.join(bad)}: give fields among {', '.join(C.EXPERTISE)}"
                )
            ]
        )
    with transaction.atomic():
        before = {"representative": seat.representative, "expertise": seat.expertise}
        seat.representative, seat.expertise = (name or "").strip()[:200], fields
        seat.save(update_fields=["representative", "expertise"])
        log.record(
            user,
            "committee_representative",
            "parties_seat",
            seat.pk,
            log.diff(before, {"representative": seat.representative, "expertise": seat.expertise}),
            summary=f"{seat.state.code}: representative on the Committee",
        )
    return seat


# --- what the doors show -----------------------------------------------------------------------


def _finding(f, lang: str) -> dict:
    return {"reason": f.reason_in(lang), "citations": list(f.labels(lang))}


def seat_dict(seat: Seat, lang: str = "en", sits: bool | None = None) -> dict:
    out = {
        "state": seat.state.code,
        "name": seat.state.name_in(lang),
        "group": group_of(seat),
        "starts_on": seat.starts_on.isoformat(),
        "last_day": seat.last_day.isoformat(),
        "short": seat.short,
        "election": seat.election.held_on.isoformat(),
        "meeting": seat.election.meeting,
        "ended_by": seat.ended_by.held_on.isoformat() if seat.ended_by_id else None,
        "representative": seat.representative,
        "expertise": list(seat.expertise),
        "synthetic": seat.election.synthetic,
    }
    if sits is not None:
        out["sits"] = sits
    return out


def committee_on(on: date, lang: str = "en") -> dict:
    """The Committee on ``on``: each seat held, who sits, the regional balance and expertise."""
    register = current_register()
    seats = list(seats_on(on))
    who = sitting(on, register)
    groups = {
        **shipped_groups(),
        **{s.state.code: s.electoral_group for s in seats if s.electoral_group},
    }
    balance = C.regional_balance(who.result, groups)
    expertise = C.expertise_coverage(
        {s.state.code: s.expertise for s in seats if s.state.code in who.result}
    )
    return {
        "on": on.isoformat(),
        "members": [seat_dict(s, lang, s.state.code in who.result) for s in seats],
        "sitting": sorted(who.result),
        "findings": {
            "members": _finding(who, lang),
            "balance": {**_finding(balance, lang), "result": balance.result},
            "expertise": {**_finding(expertise, lang), "result": expertise.result},
        },
        "synthetic": any(s.election.synthetic for s in seats),
    }


def election_dict(e: Election, lang: str = "en") -> dict:
    seats = list(e.seats.select_related("state", "election").order_by("state__code"))
    return {
        "held_on": e.held_on.isoformat(),
        "meeting": e.meeting,
        "ordinary": e.ordinary,
        "first": e.first,
        "lot_seed": e.lot_seed,
        "short_term_ends": e.short_term_ends.isoformat() if e.short_term_ends else None,
        "elected": [seat_dict(s, lang) for s in seats],
        "ended": sorted(e.ended_seats.values_list("state__code", flat=True)),
        "reason": (e.finding.get("reason") or {}).get(lang, ""),
        "balance": e.finding.get("balance") or {},
        "synthetic": e.synthetic,
        "source": e.source,
    }


def elections(lang: str = "en") -> list[dict]:
    return [election_dict(e, lang) for e in Election.objects.order_by("held_on")]
