"""Reports and translations (provisions ``reports``, ``reports.translations``,
``committee.reports``), the Meeting of the Parties (``meeting``, ``meeting.extraordinary``,
``meeting.guidelines``, ``meeting.fund``), dissemination and cooperation (``dissemination``,
``cooperation``) and the depositary's notifications (``depositary``). Each write: one
transaction, one audit entry."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import FieldError, NotAllowed, RecordInvalid
from shield.parties.models import State
from shield.treaty import institutions as I
from shield.treaty.refusals import refuse

from . import ledger, statements
from .models import (
    CommitteeReport,
    FundSupervision,
    GuidelinesEndorsement,
    Measure,
    Meeting,
    PartyReport,
    ReportComment,
    ReportingCycle,
    Translation,
)

COVERS = ("convention", "first_protocol", "protocol")


def _staff(user) -> None:
    if not roles.is_staff_role(user):
        raise NotAllowed("only the Secretariat records this")


def _text(data: dict, field: str, required: bool = True, size: int = 300) -> str:
    value = str(data.get(field) or "").strip()[:size]
    if required and not value:
        raise RecordInvalid([FieldError(field, "is required")])
    return value


def _date(data: dict, field: str, future: bool = False) -> date:
    value = data.get(field)
    if value in (None, ""):
        raise RecordInvalid([FieldError(field, "is required (YYYY-MM-DD)")])
    if future:
        try:
            return value if isinstance(value, date) else date.fromisoformat(str(value).strip())
        except ValueError:
            raise RecordInvalid(
                [FieldError(field, f"{value!r} is not a date (YYYY-MM-DD)")]
            ) from None
    return ledger.day(value, field)


def _state(code, field: str = "state") -> State:
    found = State.objects.filter(code=str(code or "").strip().upper()).first()
    if found is None:
        raise RecordInvalid([FieldError(field, f"{code!r} is not a known State")])
    return found


def _for_state(user, state: State) -> None:
    """A Party's officer acts for its own State; the Secretariat for any."""
    if roles.is_staff_role(user):
        return
    mine = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
    if mine is None or mine.code != state.code:
        raise NotAllowed("a Party's officer records for its own State only")


def _audit(user, action: str, target: str, pk, changes: dict, summary: str) -> None:
    log.record(user, action, target, pk, changes, summary=summary)


# ---- reporting cycles and reports ---------------------------------------------------------------


def create_cycle(user, data: dict) -> ReportingCycle:
    _staff(user)
    ref = _text(data, "ref", size=40)
    if ReportingCycle.objects.filter(ref=ref).exists():
        raise RecordInvalid([FieldError("ref", f"{ref} exists already")])
    title = _text(data, "title")
    start = _date(data, "period_from", future=True)
    end = _date(data, "period_to", future=True)
    due = _date(data, "due_on", future=True)
    if end < start:
        raise RecordInvalid([FieldError("period_to", "is before the period's first day")])
    if due < end:
        raise RecordInvalid([FieldError("due_on", "is before the period's last day")])
    covers = [c for c in (data.get("covers") or ["protocol"]) if c]
    bad = [c for c in covers if c not in COVERS]
    if bad or "protocol" not in covers:
        raise RecordInvalid(
            [FieldError("covers", f"lists among {', '.join(COVERS)}, protocol included")]
        )
    session = None
    if data.get("session"):
        from .decisions import session_of

        session = session_of(data["session"])
    with transaction.atomic():
        c = ReportingCycle.objects.create(
            ref=ref,
            title=title,
            period_from=start,
            period_to=end,
            due_on=due,
            covers=covers,
            session=session,
            synthetic=bool(data.get("synthetic")),
        )
        _audit(
            user,
            "reporting_cycle_set",
            "fund_reporting_cycle",
            c.pk,
            {
                "ref": ref,
                "period": [start.isoformat(), end.isoformat()],
                "due_on": due.isoformat(),
                "covers": covers,
            },
            f"reporting cycle {ref}: reports due {due.isoformat()}",
        )
    return c


def owing(cycle: ReportingCycle) -> list[str]:
    """The States that owe a report for ``cycle``: Parties on the period's last day."""
    from shield.parties.register import current_register
    from shield.treaty.status import parties_on

    return sorted(parties_on(cycle.period_to, current_register()).result)


def cycle_status(cycle: ReportingCycle, today: date | None = None) -> list[dict]:
    """Every State that owes a report for the cycle, with where its report stands."""
    today = today or date.today()
    reports = {r.state.code: r for r in cycle.reports.select_related("state")}
    names = {s.code: s for s in State.objects.filter(code__in=set(owing(cycle)) | set(reports))}
    out = []
    for code in sorted(set(owing(cycle)) | set(reports)):
        r = reports.get(code)
        found = I.report_status(
            cycle.due_on,
            today,
            submitted_on=r.submitted_on if r else None,
            published_on=r.published_on if r else None,
        )
        out.append(
            {
                "state": code,
                "state_row": names.get(code),
                "status": found.result,
                "reason": dict(found.reason),
                "report": r,
                "submitted_on": r.submitted_on.isoformat() if r else None,
                "published_on": r.published_on.isoformat() if r and r.published_on else None,
                "comments": len(r.comments.all()) if r else 0,
            }
        )
    return out


def submit_report(user, cycle: ReportingCycle, data: dict) -> PartyReport:
    state = _state(data.get("state"))
    _for_state(user, state)
    on = _date(data, "submitted_on")
    if state.code not in owing(cycle):
        refuse(
            "reports.not_a_party", state=ledger.named(state.code), on=cycle.period_to.isoformat()
        )
    if PartyReport.objects.filter(cycle=cycle, state=state).exists():
        raise RecordInvalid(
            [FieldError("state", f"{state.code}'s report for {cycle.ref} is recorded")]
        )
    langs = [str(x).strip() for x in (data.get("languages") or []) if str(x).strip()]
    with transaction.atomic():
        r = PartyReport.objects.create(
            cycle=cycle,
            state=state,
            submitted_on=on,
            document=_text(data, "document", required=False),
            languages=langs,
            synthetic=bool(data.get("synthetic")),
        )
        _audit(
            user,
            "report_submitted",
            "fund_party_report",
            r.pk,
            {"cycle": cycle.ref, "state": state.code, "submitted_on": on.isoformat()},
            f"{state.code}'s report for {cycle.ref} received",
        )
    return r


def publish_report(user, report: PartyReport, on) -> PartyReport:
    _staff(user)
    day = ledger.day(on or date.today(), "published_on")
    if day < report.submitted_on:
        raise RecordInvalid([FieldError("published_on", "is before the report was submitted")])
    with transaction.atomic():
        report.published_on = day
        report.save(update_fields=["published_on"])
        _audit(
            user,
            "report_published",
            "fund_party_report",
            report.pk,
            {"published_on": day.isoformat()},
            f"{report.state.code}'s report for {report.cycle.ref} published",
        )
    return report


def comment(user, report: PartyReport, data: dict) -> ReportComment:
    """The Committee comments on a Party's report or seeks clarification."""
    if not (roles.is_staff_role(user) or roles.has_role(user, roles.COMMITTEE_MEMBER)):
        raise NotAllowed("the Committee or the Secretariat comments on reports")
    text = _text(data, "text", size=10000)
    on = _date(data, "commented_on")
    session = None
    if data.get("session"):
        from .decisions import session_of

        session = session_of(data["session"])
    with transaction.atomic():
        c = ReportComment.objects.create(
            report=report,
            session=session,
            commented_on=on,
            text=text,
            clarification=bool(data.get("clarification")),
        )
        _audit(
            user,
            "report_commented",
            "fund_party_report",
            report.pk,
            {"commented_on": on.isoformat(), "clarification": c.clarification},
            f"the Committee comments on {report.state.code}'s report for {report.cycle.ref}",
        )
    return c


def record_translation(user, data: dict) -> Translation:
    state = _state(data.get("state"))
    _for_state(user, state)
    language = _text(data, "language", size=12).lower()
    on = _date(data, "communicated_on")
    if Translation.objects.filter(state=state, language=language).exists():
        raise RecordInvalid(
            [FieldError("language", f"{state.code}'s {language} translation is recorded")]
        )
    with transaction.atomic():
        t = Translation.objects.create(
            state=state,
            language=language,
            communicated_on=on,
            title=_text(data, "title", required=False),
            synthetic=bool(data.get("synthetic")),
        )
        _audit(
            user,
            "translation_communicated",
            "fund_translation",
            t.pk,
            {"state": state.code, "language": language, "on": on.isoformat()},
            f"{state.code} communicates its {language} translation",
        )
    return t


# ---- the Meeting of the Parties -----------------------------------------------------------------


def convene(user, data: dict) -> Meeting:
    """An ordinary Meeting, or an extraordinary one requested by one-fifth of the Parties."""
    from shield.parties.register import current_register
    from shield.treaty.status import parties_on

    _staff(user)
    ref = _text(data, "ref", size=40)
    if Meeting.objects.filter(ref=ref).exists():
        raise RecordInvalid([FieldError("ref", f"{ref} exists already")])
    kind = str(data.get("kind") or "")
    if kind not in ("ordinary", "extraordinary"):
        raise RecordInvalid([FieldError("kind", "is ordinary or extraordinary")])
    held = _date(data, "held_on", future=True)
    requested = sorted({_state(c, "requested_by").code for c in data.get("requested_by") or []})
    asked_on = None
    if kind == "extraordinary":
        asked_on = _date(data, "requested_on")
        parties = parties_on(asked_on, current_register()).result
        found = I.extraordinary_meeting_requested(len(set(requested) & parties), len(parties))
        if not found.result:
            refuse(
                "meeting.extraordinary_fifth",
                requesting=len(set(requested) & parties),
                parties=len(parties),
            )
    with transaction.atomic():
        m = Meeting.objects.create(
            ref=ref,
            kind=kind,
            held_on=held,
            general_conference=_text(data, "general_conference", required=False, size=120),
            requested_by=requested,
            requested_on=asked_on,
            note=_text(data, "note", required=False, size=5000),
            synthetic=bool(data.get("synthetic")),
        )
        _audit(
            user,
            "meeting_convened",
            "fund_meeting",
            m.pk,
            {"ref": ref, "kind": kind, "held_on": held.isoformat(), "requested_by": requested},
            f"{kind} Meeting of the Parties {ref} on {held.isoformat()}",
        )
    return m


def elect(user, meeting: Meeting, data: dict):
    """The Meeting elects members of the Committee: the election is recorded by
    ``shield.parties.elections`` (the seats), and linked to the Meeting."""
    from shield.parties.elections import record_election

    _staff(user)
    if meeting.election_id:
        raise RecordInvalid([FieldError("meeting", f"{meeting.ref} has its election recorded")])
    elected = [c for c in (data.get("elected") or []) if str(c).strip()]
    with transaction.atomic():
        e = record_election(
            user,
            meeting.held_on,
            elected,
            meeting=meeting.ref,
            ordinary=meeting.kind == "ordinary",
            first=bool(data.get("first")),
            synthetic=meeting.synthetic,
        )
        meeting.election = e
        meeting.save(update_fields=["election"])
        _audit(
            user,
            "meeting_elected",
            "fund_meeting",
            meeting.pk,
            {"election": e.pk},
            f"{meeting.ref}: election",
        )
    return e


def endorse_guidelines(user, meeting: Meeting, data: dict) -> GuidelinesEndorsement:
    _staff(user)
    with transaction.atomic():
        g = GuidelinesEndorsement.objects.create(
            meeting=meeting, title=_text(data, "title"), version=_text(data, "version", False, 40)
        )
        _audit(
            user,
            "guidelines_endorsed",
            "fund_meeting",
            meeting.pk,
            {"title": g.title, "version": g.version},
            f"{meeting.ref}: Guidelines endorsed",
        )
    return g


def supervise_fund(user, meeting: Meeting, data: dict) -> FundSupervision:
    """The Meeting supervises the use of the Fund: the statement for a period, as it stands."""
    _staff(user)
    found = statements.statement(data.get("period_from"), data.get("period_to"))
    totals = {
        c["currency"]: {k: c[k] for k in ("opening", "closing", "received", "disbursed")}
        for c in found["currencies"]
    }
    with transaction.atomic():
        s = FundSupervision.objects.create(
            meeting=meeting,
            period_from=date.fromisoformat(found["from"]),
            period_to=date.fromisoformat(found["to"]),
            totals=totals,
            note=_text(data, "note", required=False, size=5000),
        )
        _audit(
            user,
            "fund_supervised",
            "fund_meeting",
            meeting.pk,
            {"period": [found["from"], found["to"]], "totals": totals},
            f"{meeting.ref}: the Fund's statement considered",
        )
    return s


def committee_report_to(user, meeting: Meeting, data: dict) -> CommitteeReport:
    """The Committee's report on the implementation of the Protocol, for ``meeting``."""
    return committee_report(user, {**data, "meeting": meeting.ref})


def committee_report(user, data: dict) -> CommitteeReport:
    _staff(user)
    meeting = Meeting.objects.filter(ref=str(data.get("meeting") or "")).first()
    cycle = ReportingCycle.objects.filter(ref=str(data.get("cycle") or "")).first()
    with transaction.atomic():
        r = CommitteeReport.objects.create(
            meeting=meeting,
            cycle=cycle,
            title=_text(data, "title"),
            adopted_on=_date(data, "adopted_on"),
            text=_text(data, "text", required=False, size=20000),
        )
        _audit(
            user,
            "committee_report_adopted",
            "fund_committee_report",
            r.pk,
            {"title": r.title},
            f"the Committee's report {r.title}",
        )
    return r


# ---- dissemination --------------------------------------------------------------------------------


def record_measure(user, data: dict) -> Measure:
    state = _state(data.get("state"))
    _for_state(user, state)
    kind = str(data.get("kind") or "")
    if kind not in I.MEASURE_KINDS:
        raise RecordInvalid([FieldError("kind", f"is one of {', '.join(I.MEASURE_KINDS)}")])
    try:
        year = int(str(data.get("year") or ""))
    except ValueError:
        raise RecordInvalid([FieldError("year", "is a year (e.g. 2024)")]) from None
    if not 1999 <= year <= date.today().year:
        raise RecordInvalid([FieldError("year", f"{year} is not between 1999 and this year")])
    with transaction.atomic():
        m = Measure.objects.create(
            state=state,
            year=year,
            kind=kind,
            title=_text(data, "title"),
            description=_text(data, "description", required=False, size=5000),
            synthetic=bool(data.get("synthetic")),
        )
        _audit(
            user,
            "measure_recorded",
            "fund_measure",
            m.pk,
            {"state": state.code, "year": year, "kind": kind},
            f"{state.code} {year}: {kind}",
        )
    return m


# ---- the depositary's notifications ----------------------------------------------------------------


def notifications():
    """Every notification of the Director-General, generated from the register as recorded."""
    from shield.parties.register import current_register

    return I.depositary_notifications(current_register("protocol")).result
