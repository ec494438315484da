"""The treaty calculators as pages: a form of facts in, a finding with its articles out.

Each calculator names its fields and a ``compute(values) -> Finding``; the rules are all in
shield.treaty. Bad input is named field by field and nothing is computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shield import treaty
from shield.parties.register import current_register
from shield.web.cited import with_cite

TRISTATE = [("", _("unknown")), ("yes", _("yes")), ("no", _("no"))]
_ACT_WORDS = {
    "attack": _("attack"),
    "use_in_support_of_military_action": _("use in support of military action"),
    "extensive_destruction": _("extensive destruction"),
    "appropriation": _("appropriation"),
    "theft": _("theft"),
    "pillage": _("pillage"),
    "misappropriation": _("misappropriation"),
    "vandalism": _("vandalism"),
}
_LEVEL_WORDS = {
    "none": _("no protection"),
    "general": _("general protection"),
    "special": _("special protection"),
    "enhanced": _("enhanced protection"),
    "provisional_enhanced": _("provisional enhanced protection"),
}
ACTS = [(a.value, _ACT_WORDS.get(a.value, a.value)) for a in treaty.Act]
LEVELS = [(p.value, _LEVEL_WORDS.get(p.value, p.value)) for p in treaty.Protection]
TREATIES = [("protocol", _("Second Protocol (1999)")), ("convention", _("Convention (1954)"))]
KINDS = [
    ("ordinary", with_cite(_("ordinary decision ({cite})"), "committee.quorum_and_majority")),
    (
        "inclusion_with_representations",
        with_cite(
            _("inclusion with representations before the Committee ({cite})"),
            "enhanced.representations",
        ),
    ),
    (
        "provisional_enhanced_protection",
        with_cite(_("provisional enhanced protection ({cite})"), "enhanced.emergency"),
    ),
]


@dataclass
class Field:
    name: str
    label: Any
    kind: str = "text"  # text | date | select | tristate | list | lines | int
    choices: list = field(default_factory=list)
    required: bool = True
    help: Any = ""


@dataclass
class Calculator:
    slug: str
    title: Any
    intro: Any
    fields: list[Field]
    compute: Callable[[dict], treaty.Finding]


def parse(calc: Calculator, data) -> tuple[dict, list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for f in calc.fields:
        raw = (data.get(f.name) or "").strip()
        if not raw:
            if f.required and f.kind not in {"tristate", "list"}:
                errors.append((str(f.label), str(_("is required"))))
            values[f.name] = [] if f.kind in {"list", "lines"} else None
            continue
        if f.kind == "date":
            try:
                values[f.name] = date.fromisoformat(raw)
            except ValueError:
                errors.append(
                    (str(f.label), str(_("%(v)s is not a date (YYYY-MM-DD)") % {"v": raw}))
                )
        elif f.kind == "int":
            try:
                values[f.name] = int(raw)
            except ValueError:
                errors.append((str(f.label), str(_("%(v)s is not a whole number") % {"v": raw})))
        elif f.kind == "tristate":
            values[f.name] = {"yes": True, "no": False}.get(raw)
        elif f.kind == "list":
            values[f.name] = [x.strip() for x in raw.replace(";", ",").split(",") if x.strip()]
        elif f.kind == "lines":
            values[f.name] = [x.strip() for x in raw.splitlines() if x.strip()]
        elif f.kind == "select" and raw not in {c for c, _l in f.choices}:
            errors.append((str(f.label), str(_("%(v)s is not one of the choices") % {"v": raw})))
        else:
            values[f.name] = raw
    return values, errors


def _code(text: str) -> str:
    """A State's code from a code or any known name; UnknownState (a ValueError, shown beside
    the form) names the text and the closest States."""
    from shield.treaty import states

    return states.resolve(text).code


def _status(v):
    which = v.get("treaty") or "protocol"
    register = current_register(which)
    code = _code(v["state"])
    if v["on"]:
        return treaty.is_party(code, v["on"], register, which)
    return treaty.entry_into_force_for(code, register, which)


def _calendar(v):
    if v["submitted"]:
        return treaty.representation_in_time(v["notified"], v["submitted"])
    return treaty.representations_deadline(v["notified"])


def _vote(v):
    votes = (
        {m: "yes" for m in v["yes"]}
        | {m: "no" for m in v["no"]}
        | {m: "abstain" for m in v["abstain"]}
    )
    return treaty.votes.decide(
        v["members"], v["present"], votes, v["kind"], conflict_parties=v["conflict_parties"]
    )


def _election(line: str) -> treaty.Election:
    when, _sep, states = line.partition(":")
    return treaty.Election(
        date.fromisoformat(when.strip()), tuple(s.strip() for s in states.split(",") if s.strip())
    )


def _committee(v):
    elections = [_election(line) for line in v["elections"]]
    if elections and v["seed"] is not None:
        first = elections[0]
        elections[0] = treaty.Election(first.held_on, first.elected, True, v["seed"])
    history = treaty.committee_history(elections, current_register())
    return treaty.members_on(v["on"], history.result)


def _offences(v):
    return treaty.analyse_incident(
        treaty.Incident(
            act=v["act"],
            protection=v["protection"],
            intentional=v["intentional"],
            in_violation=v["in_violation"],
            territory_state=v["territory_state"],
            offender_nationality=v["offender_nationality"],
            offender_present_in=v["offender_present_in"],
            parties=frozenset(v["parties"]),
        )
    )


def _waiver(v):
    return treaty.military_necessity_waiver(**{k: v[k] for k in v})


def _attack(v):
    return treaty.enhanced_protection_attack(**{k: v[k] for k in v})


def _reports(v):
    register = current_register()
    if v["state"]:
        return treaty.next_report_due(_code(v["state"]), v["on"], register)
    return treaty.reports_due(v["on"], register)


CALCULATORS = [
    Calculator(
        "status",
        _("Treaty status"),
        with_cite(
            _(
                "When did the Protocol or the Convention bind a State, and was it a Party on a date? ({cite})"
            ),
            "status.in_force",
            "status.immediate_effect",
            "status.denunciation",
        ),
        [
            Field("state", _("State (as in the register)")),
            Field("on", _("on date"), "date", required=False),
            Field("treaty", _("Treaty"), "select", TREATIES, required=False),
        ],
        _status,
    ),
    Calculator(
        "representations",
        _("Sixty days for representations"),
        with_cite(
            _("The sixty-day window ({cite}), and whether a representation came in time."),
            "enhanced.representations",
        ),
        [
            Field("notified", _("Parties notified on"), "date"),
            Field("submitted", _("representation submitted on"), "date", required=False),
        ],
        _calendar,
    ),
    Calculator(
        "vote",
        _("Committee vote"),
        with_cite(
            _("Quorum, recusals and the majority a decision needs ({cite})."),
            "committee.quorum_and_majority",
            "committee.recusal",
            "enhanced.representations",
            "enhanced.emergency",
        ),
        [
            Field("members", _("Members (comma-separated)"), "list"),
            Field("present", _("Present"), "list"),
            Field("yes", _("Voting yes"), "list", required=False),
            Field("no", _("Voting no"), "list", required=False),
            Field("abstain", _("Abstaining"), "list", required=False),
            Field("kind", _("Decision"), "select", KINDS),
            Field(
                "conflict_parties",
                with_cite(
                    _("Parties to the conflict (they do not vote, {cite})"), "committee.recusal"
                ),
                "list",
                required=False,
            ),
        ],
        _vote,
    ),
    Calculator(
        "committee",
        _("Committee membership"),
        with_cite(
            _("Members on a date from the Meeting of the Parties' elections ({cite})."),
            "committee.composition",
            "committee.term_of_office",
        ),
        [
            Field(
                "elections", _("Elections, one per line: YYYY-MM-DD: State, State, ..."), "lines"
            ),
            Field(
                "seed",
                with_cite(
                    _("Seed of the first election's lot ({cite})"), "committee.first_election_lot"
                ),
                "int",
                required=False,
            ),
            Field("on", _("on date"), "date"),
        ],
        _committee,
    ),
    Calculator(
        "offences",
        _("Offences and jurisdiction"),
        with_cite(
            _(
                "Which offences of {cite} may apply and who may prosecute: an analysis for a lawyer, never a verdict."
            ),
            "offences",
        ),
        [
            Field("act", _("Act"), "select", ACTS),
            Field("protection", _("Protection on the date of the act"), "select", LEVELS),
            Field("intentional", _("Intentional"), "tristate"),
            Field("in_violation", _("In violation of the Convention or the Protocol"), "tristate"),
            Field("territory_state", _("State where it happened"), required=False),
            Field("offender_nationality", _("Offender's nationality"), required=False),
            Field("offender_present_in", _("State where the offender is present"), required=False),
            Field(
                "parties",
                _("States bound by the Protocol then (comma-separated)"),
                "list",
                required=False,
            ),
        ],
        _offences,
    ),
    Calculator(
        "waiver",
        with_cite(_("Imperative military necessity ({cite})"), "waiver"),
        _("Each condition of the waiver: met, missing or unknown."),
        [
            Field(
                "purpose",
                _("In order to"),
                "select",
                [
                    (
                        "attack",
                        with_cite(_("direct an act of hostility ({cite})"), "waiver.attack"),
                    ),
                    ("use", with_cite(_("use the property ({cite})"), "waiver.use")),
                ],
            ),
            Field(
                "made_military_objective_by_function",
                _("Made a military objective by its function"),
                "tristate",
            ),
            Field("no_feasible_alternative", _("No feasible alternative"), "tristate"),
            Field("no_choice_of_other_method", _("No choice of another method"), "tristate"),
            Field(
                "decided_by_battalion_commander_or_higher",
                _("Decided by a battalion commander or higher"),
                "tristate",
            ),
            Field(
                "circumstances_did_not_permit_higher_decision",
                _("Circumstances did not permit that"),
                "tristate",
            ),
            Field("advance_warning_given", _("Effective advance warning given"), "tristate"),
            Field(
                "circumstances_did_not_permit_warning",
                _("Circumstances did not permit a warning"),
                "tristate",
            ),
        ],
        _waiver,
    ),
    Calculator(
        "attack",
        with_cite(_("Attack on enhanced protection ({cite})"), "enhanced.attack_conditions"),
        _("Each condition: met, missing or unknown."),
        [
            Field(
                "became_military_objective_by_use",
                _("Became a military objective by its use"),
                "tristate",
            ),
            Field("only_feasible_means", _("The attack is the only feasible means"), "tristate"),
            Field("all_feasible_precautions", _("All feasible precautions taken"), "tristate"),
            Field("immediate_self_defence", _("Immediate self-defence"), "tristate"),
            Field(
                "ordered_at_highest_operational_level",
                _("Ordered at the highest operational level"),
                "tristate",
            ),
            Field("effective_advance_warning", _("Effective advance warning"), "tristate"),
            Field("reasonable_time_given", _("Reasonable time given"), "tristate"),
        ],
        _attack,
    ),
    Calculator(
        "reports",
        _("Four-yearly reports"),
        with_cite(_("The next report due ({cite})."), "reports"),
        [
            Field("on", _("on date"), "date"),
            Field("state", _("State (blank: all)"), required=False),
        ],
        _reports,
    ),
]
BY_SLUG = {c.slug: c for c in CALCULATORS}
