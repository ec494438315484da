"""Committee votes: quorum, recusals and majorities (Arts. 26(2), 26(3), 11(5), 11(9)).

All arithmetic is on integers: a decision needing a majority ``p/q`` carries when
``yes * q >= p * voting``. Who counts as "voting" is decided in one place,
:func:`casts_vote`, read as :data:`PRESENT_AND_VOTING_READING` says.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import Enum
from fractions import Fraction
from typing import Any, Literal

from shield.treaty.citations import cite
from shield.treaty.findings import Finding, finding, rule

Vote = Literal["yes", "no", "abstain"]
VOTES: tuple[str, ...] = ("yes", "no", "abstain")

PRESENT_AND_VOTING_READING = (
    "'Members voting' (Art. 26(2)) and 'members present and voting' (Arts. 11(5), 11(9)) "
    "are read as in United Nations practice: the members casting an affirmative or a "
    "negative vote. Members who abstain, and present members who cast no vote, are "
    "not voting. Recused members (Art. 26(3)) do not vote. Quorum (Art. 26(2)) counts every "
    "member present, recused members included."
)
"""The one reading of 'voting' used for every Committee decision."""


def casts_vote(vote: str) -> bool:
    """True if ``vote`` counts as voting: 'yes' or 'no' (see PRESENT_AND_VOTING_READING)."""
    return vote in ("yes", "no")


class DecisionKind(str, Enum):
    """What the Committee is deciding; it sets the majority needed."""

    ORDINARY = "ordinary"
    INCLUSION_WITH_REPRESENTATIONS = "inclusion_with_representations"
    PROVISIONAL_ENHANCED_PROTECTION = "provisional_enhanced_protection"


_MAJORITY: dict[DecisionKind, tuple[Fraction, str, str, str]] = {
    DecisionKind.ORDINARY: (
        Fraction(2, 3),
        "Art. 26(2)",
        "needs two-thirds of the members voting",
        "krever to tredeler av medlemmene som avgir stemme",
    ),
    DecisionKind.INCLUSION_WITH_REPRESENTATIONS: (
        Fraction(4, 5),
        "Art. 11(5)",
        (
            "needs four-fifths of the members present and voting because representations are "
            "before the Committee"
        ),
        (
            "krever fire femdeler av medlemmene som er til stede og avgir stemme fordi "
            "uttalelser er til behandling i komiteen"
        ),
    ),
    DecisionKind.PROVISIONAL_ENHANCED_PROTECTION: (
        Fraction(4, 5),
        "Art. 11(9)",
        (
            "needs four-fifths of the members present and voting because it grants "
            "provisional enhanced protection"
        ),
        (
            "krever fire femdeler av medlemmene som er til stede og avgir stemme fordi det "
            "gjelder foreløpig forsterket beskyttelse"
        ),
    ),
}


@rule
def required_majority(kind: DecisionKind | str = DecisionKind.ORDINARY) -> Finding[Fraction]:
    """The share of the voting members a decision of ``kind`` needs."""
    share, art, en, nb = _MAJORITY[DecisionKind(kind)]
    return finding(share, art, f"{en}: {cite(art).label('en')}", f"{nb}: {cite(art).label('nb')}")


@rule
def quorum(members: Collection[str], present: Collection[str]) -> Finding[bool]:
    """Art. 26(2): a majority of the members constitutes a quorum."""
    n, p = len(set(members)), len(set(present) & set(members))
    ok = 2 * p > n
    word = ("quorum", "beslutningsdyktig") if ok else ("no quorum", "ikke beslutningsdyktig")
    return finding(
        ok,
        "Art. 26(2)",
        f"{word[0]}: {p} of {n} members present; a majority ({n // 2 + 1}) is needed",
        f"{word[1]}: {p} av {n} medlemmer til stede; flertall ({n // 2 + 1}) kreves",
    )


@rule
def recusals(
    members: Collection[str], conflict_parties: Collection[str]
) -> Finding[frozenset[str]]:
    """Art. 26(3): members that are parties to the armed conflict affecting the property
    do not vote on it."""
    out = frozenset(members) & frozenset(conflict_parties)
    names = ", ".join(sorted(out)) or "none"
    return finding(
        out,
        "Art. 26(3)",
        f"members not voting as parties to the conflict: {names}",
        f"medlemmer som ikke stemmer fordi de er parter i konflikten: {names if out else 'ingen'}",
    )


def _check(members: Collection[str], present: Collection[str], votes: Mapping[str, str]) -> None:
    roll = set(members)
    if len(roll) != len(list(members)):
        raise ValueError("members: a member is listed twice")
    if not roll:
        raise ValueError("members: the Committee has no members")
    for m in present:
        if m not in roll:
            raise ValueError(f"present: {m!r} is not a member")
    for m, v in votes.items():
        if m not in roll:
            raise ValueError(f"votes: {m!r} is not a member")
        if v not in VOTES:
            raise ValueError(f"votes[{m!r}]: {v!r} is not one of {VOTES}")
        if m not in present:
            raise ValueError(f"votes[{m!r}]: a member who is not present cannot vote")


@rule
def decide(
    members: Collection[str],
    present: Collection[str],
    votes: Mapping[str, str],
    kind: DecisionKind | str = DecisionKind.ORDINARY,
    recused: Collection[str] = (),
    conflict_parties: Collection[str] = (),
) -> Finding[bool]:
    """Is the decision carried? Quorum, recusals, then the majority for ``kind``.

    ``votes`` maps present members to 'yes', 'no' or 'abstain'; present members missing
    from it are not voting. ``recused`` and members among ``conflict_parties`` do not vote
    (Art. 26(3)); any vote they cast is set aside and reported.
    """
    _check(members, present, votes)
    kind = DecisionKind(kind)
    q = quorum(members, present)
    r = recusals(members, set(conflict_parties) | set(recused))
    need = required_majority(kind)
    parts: list[Finding[Any]] = [q, r, need]
    if not q.result:
        return finding(
            False,
            "Art. 26(2)",
            f"not carried: {q.reason_in('en')}",
            f"ikke vedtatt: {q.reason_in('nb')}",
            parts=tuple(parts),
        )
    set_aside = sorted(m for m in votes if m in r.result)
    if set_aside:
        parts.append(
            finding(
                tuple(set_aside),
                "Art. 26(3)",
                f"votes of {', '.join(set_aside)} set aside: they do not vote on this property",
                f"stemmene til {', '.join(set_aside)} holdes utenfor: de stemmer ikke i saken",
            )
        )
    counted = {m: v for m, v in votes.items() if m not in r.result}
    yes = sum(1 for v in counted.values() if v == "yes")
    voting = sum(1 for v in counted.values() if casts_vote(v))
    abstain = sum(1 for v in counted.values() if v == "abstain")
    art = need.citations[0].label()
    tally_en = f"{yes} yes of {voting} voting ({abstain} abstaining, not counted)"
    tally_nb = f"{yes} ja av {voting} som stemte ({abstain} avsto, ikke medregnet)"
    if voting == 0:
        return finding(
            False,
            (art, "Art. 26(2)"),
            f"not carried: no member voted yes or no ({tally_en})",
            f"ikke vedtatt: ingen medlemmer stemte ja eller nei ({tally_nb})",
            parts=tuple(parts),
        )
    share = need.result
    carried = yes * share.denominator >= share.numerator * voting
    en = "carried" if carried else "not carried"
    nb = "vedtatt" if carried else "ikke vedtatt"
    return finding(
        carried,
        art,
        f"{en}: {tally_en}; {need.reason_in('en')}",
        f"{nb}: {tally_nb}; {need.reason_in('nb')}",
        parts=tuple(parts),
    )
