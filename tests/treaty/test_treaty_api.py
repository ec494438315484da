"""Every public callable in shield.treaty is a rule, a data type or a listed helper; every
rule, called on sample inputs, returns findings that are cited and explained in both
languages."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import pkgutil
from datetime import date
from typing import Any

from shield import treaty
from shield.treaty import Citation, Finding
from shield.treaty.committee import Election, Term
from shield.treaty.findings import RULES, is_rule
from shield.treaty.offences import Act, Incident, Protection
from shield.treaty.status import Instrument
from shield.treaty.votes import DecisionKind

HELPERS = {
    # pure date arithmetic: the one place the month-end rule is implemented
    "shield.treaty.calendar.add_months",
    "shield.treaty.calendar.add_years",
    # building citations and findings
    "shield.treaty.citations.cite",
    "shield.treaty.findings.finding",
    "shield.treaty.findings.reason",
    "shield.treaty.findings.rule",
    "shield.treaty.findings.is_rule",
    # reading package data
    "shield.treaty.texts.load_text",
    "shield.treaty.texts.resolve",
    "shield.treaty.texts.render",
    "shield.treaty.status.load_register",
    "shield.treaty.status.read_register",
    "shield.treaty.status.binding_instruments",
    # the one reading of "voting"
    "shield.treaty.votes.casts_vote",
    # build tooling (python -m shield.treaty.build_texts, build_states)
    "shield.treaty.build_texts.build",
    "shield.treaty.build_texts.main",
    "shield.treaty.build_states.build",
    "shield.treaty.build_states.write",
    "shield.treaty.build_states.main",
    # refusals: declared once, raised by services (tests/treaty/test_treaty_refusals.py)
    "shield.treaty.refusals.render_labels",
    "shield.treaty.refusals.declare",
    "shield.treaty.refusals.refusal",
    "shield.treaty.refusals.refuse",
    "shield.treaty.refusals.refuse_all",
    # the treaty's text as Akoma Ntoso XML (tests/treaty/test_akoma_ntoso.py)
    "shield.treaty.akn.eid",
    "shield.treaty.akn.expression_uri",
    "shield.treaty.akn.act",
    "shield.treaty.akn.portion",
    "shield.treaty.akn.citations_in",
    # the provisions a protection event rests on, for the Linked Art records
    "shield.treaty.events.event_citations",
    # provisions and readings the doors show
    "shield.treaty.provisions.citation_of",
    "shield.treaty.provisions.provision",
    "shield.treaty.readings.all_readings",
    # State identity (tests/treaty/test_treaty_states.py)
    "shield.treaty.states.unknown_message",
    "shield.treaty.states.normalize",
    "shield.treaty.states.read_states",
    "shield.treaty.states.all_states",
    "shield.treaty.states.lookup",
    "shield.treaty.states.suggest",
    "shield.treaty.states.resolve",
    "shield.treaty.states.is_known",
    "shield.treaty.states.name",
    "shield.treaty.states.named",
    # the Committee's checks: each returns or raises its refusals (tests/parties/test_elections.py)
    "shield.treaty.committee.check_not_future",
    "shield.treaty.committee.election_refusals",
    "shield.treaty.committee.roster_refusals",
    # the procedure's checks: each returns quietly or raises a Refused with its citations
    # (tests/listing/test_refusals.py walks every refusal kind through a door)
    "shield.treaty.procedure_terms.criterion_citation",
    "shield.treaty.procedure_terms.criterion_label",
    "shield.treaty.procedure_terms.ground_label",
    "shield.treaty.procedure_terms.grounds_value",
    "shield.treaty.procedure_terms.motion_citations",
    "shield.treaty.procedure_terms.act_code",
    "shield.treaty.procedure_terms.act_name",
    "shield.treaty.procedure.named",
    "shield.treaty.procedure.check_not_future",
    "shield.treaty.procedure.check_acts_for",
    "shield.treaty.procedure.check_party",
    "shield.treaty.procedure.check_emergency",
    "shield.treaty.procedure.check_secretariat",
    "shield.treaty.procedure.describe_claim",
    "shield.treaty.procedure.claims_on",
    "shield.treaty.procedure.check_claims",
    "shield.treaty.procedure.request_refusals",
    "shield.treaty.procedure.check_request",
    "shield.treaty.procedure.check_step",
    "shield.treaty.procedure.check_representation",
    "shield.treaty.procedure.window_closes",
    "shield.treaty.procedure.check_decision_time",
    "shield.treaty.procedure.check_views_period",
    "shield.treaty.procedure.check_motion",
    "shield.treaty.procedure.check_votes",
    "shield.treaty.procedure.majority_kind",
    "shield.treaty.procedure.check_assertion",
    "shield.treaty.procedure.refusal_codes",
}

D = date(2010, 6, 1)
REG = (
    *(Instrument(f"S{i:02}", date(2001, 1, 1 + i), "ratification") for i in range(20)),
    Instrument("Late", date(2005, 11, 30), "accession"),
    Instrument("War", date(2006, 1, 10), "accession", art44=True),
    Instrument("Signed", date(1999, 5, 17), "signature"),
)
TERMS = (Term("A", date(2005, 10, 26), date(2009, 10, 26)),)
MEMBERS = [f"M{i}" for i in range(12)]
INCIDENT = Incident(
    Act.ATTACK,
    Protection.ENHANCED,
    True,
    True,
    "S00",
    "S01",
    "S02",
    parties=frozenset({"S00", "S01", "S02"}),
)

SAMPLES: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "shield.treaty.calendar.three_months_after_deposit": [((date(2003, 11, 30),), {})],
    "shield.treaty.calendar.representations_deadline": [((D,), {})],
    "shield.treaty.calendar.representation_in_time": [
        ((D, date(2010, 8, 1)), {}),
        ((D, date(2010, 8, 30)), {}),
    ],
    "shield.treaty.calendar.one_year_after_receipt": [((date(2008, 2, 29),), {})],
    "shield.treaty.calendar.four_year_term_end": [((D,), {})],
    "shield.treaty.status.protocol_entry_into_force": [((), {}), ((REG[:5],), {})],
    "shield.treaty.status.entry_into_force_for": [
        (("Late", REG), {}),
        (("War", REG), {}),
        (("Signed", REG), {}),
        (("Mali",), {}),
    ],
    "shield.treaty.status.denunciation_takes_effect": [
        ((REG[0],), {}),
        (
            (
                Instrument(
                    "X",
                    D,
                    "accession",
                    denunciation_date=date(2012, 1, 1),
                    in_armed_conflict_at_denunciation=True,
                ),
            ),
            {},
        ),
    ],
    "shield.treaty.status.is_party": [(("Canada", D), {}), (("Signed", D, REG), {})],
    "shield.treaty.status.parties_on": [((D, REG), {})],
    "shield.treaty.votes.required_majority": [((kind,), {}) for kind in DecisionKind],
    "shield.treaty.votes.quorum": [((MEMBERS, MEMBERS[:6]), {})],
    "shield.treaty.votes.recusals": [((MEMBERS, ["M1", "Z"]), {})],
    "shield.treaty.votes.decide": [
        ((MEMBERS, MEMBERS, {m: "yes" for m in MEMBERS}), {"conflict_parties": ["M0"]}),
        ((MEMBERS, MEMBERS[:5], {}), {}),
        (
            (MEMBERS, MEMBERS, {m: "abstain" for m in MEMBERS}),
            {"kind": "inclusion_with_representations"},
        ),
    ],
    "shield.treaty.committee.draw_short_terms": [((MEMBERS, 7), {})],
    "shield.treaty.committee.terms_from_election": [
        ((Election(D, tuple(MEMBERS), first=True, lot_seed=1),), {})
    ],
    "shield.treaty.committee.eligible_for_election": [
        (("A", date(2009, 10, 20), TERMS), {}),
        (("S00", D, (), REG), {}),
    ],
    "shield.treaty.committee.members_on": [((D, TERMS), {})],
    "shield.treaty.committee.regional_balance": [((["A", "B"], {"A": "I"}), {})],
    "shield.treaty.committee.record_election": [
        ((Election(D, ("A", "B")), TERMS), {"groups": {"A": "I"}})
    ],
    "shield.treaty.committee.committee_history": [
        (([Election(D, tuple(MEMBERS), first=True, lot_seed=3)],), {})
    ],
    "shield.treaty.committee.terms_ended_by": [
        ((Election(date(2009, 10, 20), ("B",)), TERMS), {}),
        ((Election(D, ("B",), ordinary=False), TERMS), {}),
    ],
    "shield.treaty.committee.sitting_members": [
        ((D, TERMS), {}),
        ((date(2006, 1, 1), TERMS, REG), {}),
    ],
    "shield.treaty.committee.expertise_coverage": [(({"A": ["defence"]},), {})],
    "shield.treaty.offences.offence_analysis": [((INCIDENT,), {})],
    "shield.treaty.offences.non_party_national_limit": [
        ((INCIDENT,), {}),
        ((dataclasses.replace(INCIDENT, offender_nationality="Z"),), {}),
    ],
    "shield.treaty.offences.jurisdiction_bases": [((INCIDENT,), {})],
    "shield.treaty.offences.cooperation_duties": [
        ((INCIDENT,), {}),
        ((dataclasses.replace(INCIDENT, protection="none"),), {}),
    ],
    "shield.treaty.offences.analyse_incident": [((INCIDENT,), {})],
    "shield.treaty.necessity.military_necessity_waiver": [(("attack",), {}), (("use",), {})],
    "shield.treaty.necessity.enhanced_protection_attack": [((), {}), ((True,) * 7, {})],
    "shield.treaty.institutions.report_status": [
        ((D, D), {}),
        ((D, D), {"submitted_on": D}),
        ((D, D), {"published_on": D}),
    ],
    "shield.treaty.institutions.extraordinary_meeting_requested": [((3, 12), {}), ((2, 12), {})],
    "shield.treaty.institutions.depositary_notifications": [((), {}), ((REG,), {})],
    "shield.treaty.reporting.next_report_due": [(("Canada", D), {}), (("Signed", D, REG), {})],
    "shield.treaty.reporting.reports_due": [((D, REG), {})],
    # shield.treaty.protection (tests/treaty/test_treaty_protection.py tests them in depth)
    "shield.treaty.protection.is_cultural_property": [(("monument",), {}), (("garden_gnome",), {})],
    "shield.treaty.protection.binding_on": [
        (("ARM", D), {}),
        (
            ("ZZZ", D),
            {
                "conflict": treaty.protection.Conflict(("ZZZ",), international=False),
                "territory_bound": (True, True),
            },
        ),
    ],
    "shield.treaty.protection.general_protection": [
        (
            (
                treaty.protection.PropertyFacts(
                    "monument", "ARM", (treaty.protection.Claim("AZE", "claimant"),)
                ),
                D,
            ),
            {},
        )
    ],
    "shield.treaty.protection.art_4b": [
        ((("general", "special", "enhanced"),), {}),
        ((("general",),), {}),
    ],
    "shield.treaty.protection.level_history": [
        (
            (
                (
                    treaty.protection.Event("enhanced", "granted", date(2010, 1, 1)),
                    treaty.protection.Event("general", "granted", date(2004, 3, 9)),
                ),
                D,
            ),
            {},
        ),
        (((), D), {}),
    ],
    "shield.treaty.protection.levels_in_force": [
        (("museum", (), D), {}),
        (("garden_gnome", (), D), {}),
    ],
    "shield.treaty.protection.protection_on": [
        (
            (
                treaty.protection.PropertyFacts(
                    "refuge",
                    "NOR",
                    events=(
                        treaty.protection.Event("special", "granted", date(1978, 4, 22)),
                        treaty.protection.Event("enhanced", "granted", date(2009, 1, 1)),
                        treaty.protection.Event("enhanced", "lost_military_use", date(2009, 6, 1)),
                    ),
                ),
                D,
            ),
            {},
        ),
        ((treaty.protection.PropertyFacts("garden_gnome", "NOR"), D), {}),
    ],
    "shield.treaty.protection.event_allowed": [
        (((), treaty.protection.Event("general", "granted", D)), {}),
        (((), treaty.protection.Event("enhanced", "granted", D)), {}),
    ],
}


def _modules() -> list[Any]:
    names = [m.name for m in pkgutil.iter_modules(treaty.__path__, "shield.treaty.")]
    return [importlib.import_module(n) for n in names]


def _is_data_type(obj: type) -> bool:
    return dataclasses.is_dataclass(obj) or issubclass(obj, (enum.Enum, Exception))


def test_every_public_callable_is_a_rule_a_data_type_or_a_listed_helper() -> None:
    strays = []
    for module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            qual = f"{module.__name__}.{name}"
            if inspect.isclass(obj):
                if not _is_data_type(obj):
                    strays.append(qual)
            elif callable(obj) and not is_rule(obj) and qual not in HELPERS:
                strays.append(qual)
    assert strays == [], f"neither rule, data type nor listed helper: {strays}"


def test_every_listed_helper_exists() -> None:
    for qual in HELPERS:
        module, _, name = qual.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), qual


def test_every_rule_has_samples_and_every_sample_is_a_rule() -> None:
    _modules()
    assert set(SAMPLES) == set(RULES)


def _check(found: Finding[Any], where: str) -> int:
    n = 0
    for f in found.walk():
        n += 1
        assert isinstance(f, Finding), where
        assert f.citations, f"{where}: a finding without citation: {f.reason}"
        for lang in ("en", "nb"):
            assert f.reason_in(lang).strip(), where
            for c in f.citations:
                assert c.label(lang)
                if c.instrument == "protocol":
                    assert c.text(lang), f"{where}: {c} has no {lang} text"
    return n


def test_every_rule_returns_cited_findings_in_both_languages() -> None:
    _modules()
    for name, calls in SAMPLES.items():
        for args, kwargs in calls:
            found = RULES[name](*args, **kwargs)
            assert isinstance(found, Finding), name
            assert _check(found, name) >= 1


def test_offence_findings_say_may_never_is() -> None:
    for name, calls in SAMPLES.items():
        if ".offences." not in name:
            continue
        for args, kwargs in calls:
            for f in RULES[name](*args, **kwargs).walk():
                en = f.reason_in("en")
                assert " is an offence" not in en and "constitutes" not in en, en
                assert " er en overtredelse" not in f.reason_in("nb")


def test_public_api_is_exported() -> None:
    for name in treaty.__all__:
        assert hasattr(treaty, name), name
    assert treaty.cite("11(5)") == Citation(11, ("5",))
