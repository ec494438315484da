"""Human words for the procedure's codes, in the reader's language: statuses, motions, notice
and submission kinds, session kinds, claim roles, decision kinds; and names beside codes
("Ukraine (UKR)", "UKR-00014 · Kyiv Pechersk Lavra"). Pages never show an internal code alone."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shield.core.language import reader_lang
from shield.parties.models import State
from shield.treaty import procedure as P

from .models import MOTION_CHOICES, NOTICE_CHOICES, STATUS_CHOICES, SUBMISSION_CHOICES

SESSION_KINDS = {
    "ordinary": pgettext_lazy("session", "ordinary session"),
    "extraordinary": pgettext_lazy("session", "extraordinary session"),
}
CLAIM_ROLES = {
    "control": gettext_lazy("in control"),
    "claimant": gettext_lazy("claims the place"),
}
DECISION_KINDS = {
    "ordinary": gettext_lazy("an ordinary decision: two-thirds of the members voting"),
    "inclusion_with_representations": gettext_lazy(
        "an inclusion with representations before the Committee: four-fifths of the members "
        "present and voting"
    ),
    "provisional_enhanced_protection": gettext_lazy(
        "provisional enhanced protection: four-fifths of the members present and voting"
    ),
}
INITIATIVE_KINDS = {
    "recommendation": gettext_lazy("recommendation"),
    "invitation": gettext_lazy("invitation to request"),
}
VOTES = {"yes": gettext_lazy("yes"), "no": gettext_lazy("no"), "abstain": gettext_lazy("abstain")}

_VOCABS = {
    "status": dict(STATUS_CHOICES),
    "motion": dict(MOTION_CHOICES),
    "notice": dict(NOTICE_CHOICES),
    "submission": dict(SUBMISSION_CHOICES),
    "session": SESSION_KINDS,
    "role": CLAIM_ROLES,
    "decision_kind": DECISION_KINDS,
    "initiative": INITIATIVE_KINDS,
    "vote": VOTES,
}


def word(vocab: str, code) -> str:
    """The human word for ``code`` in ``vocab``; an unknown code is shown as given."""
    found = _VOCABS[vocab].get(code)
    return str(found) if found is not None else str(code or "")


def state_label(state, lang: str | None = None) -> str:
    """'Ukraine (UKR)' / 'Ukraina (UKR)': a State object or a code."""
    lang = lang or reader_lang()
    if not isinstance(state, State):
        code = str(state or "").strip().upper()
        if not code:
            return ""
        state = State.objects.filter(code=code).first()
        if state is None:
            return code
    return f"{state.name_in(lang)} ({state.code})"


def state_choices(lang: str | None = None, codes=None) -> list[tuple[str, str]]:
    """States for a drop-down, by name in the reader's language, each with its code."""
    lang = lang or reader_lang()
    qs = State.objects.all()
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    rows = [(s.code, state_label(s, lang)) for s in qs]
    return sorted(rows, key=lambda r: r[1].casefold())


def property_label(prop, lang: str | None = None) -> str:
    """'UKR-00014 · Kyiv Pechersk Lavra'."""
    lang = lang or reader_lang()
    name = prop.display_name(lang)
    return prop.code if not name or name == prop.code else f"{prop.code} · {name}"


def window(req, today: date | None = None) -> dict | None:
    """The sixty-day window for representations (``enhanced.representations``): when it closes,
    the days left counting today, or that it has closed."""
    closes = req.window_closes
    if closes is None:
        return None
    today = today or date.today()
    left = (closes - today).days
    return {
        "opened": req.notified_on,
        "closes": closes,
        "open": left >= 0,
        "days_left": max(left, 0) + (1 if left >= 0 else 0),
        "last_day": left == 0,
    }


def consequence(step: str, motion: str = "") -> str:
    """What follows an irreversible step, in words, for the confirmation page."""
    if step == "withdraw":
        return _(
            "Withdrawing ends the request; it cannot be resumed. The Party may only submit a new "
            "request, which starts the procedure again from the beginning."
        )
    texts = {
        P.GRANT: _(
            "If the motion is carried, the property enters the List on the session's date and the "
            "Director-General notifies the Secretary-General of the United Nations and all Parties."
        ),
        P.EXCEPTIONAL: _(
            "If the motion is carried, the property enters the List on the session's date on the "
            "exceptional basis, and the Director-General notifies the Secretary-General of the "
            "United Nations and all Parties."
        ),
        P.PROVISIONAL_GRANT: _(
            "If the motion is carried, the property has provisional enhanced protection from the "
            "session's date, pending the outcome of the regular procedure, and all Parties are notified."
        ),
        P.DENY: _(
            "If the motion is carried, the request is refused and closed; the Party may only submit "
            "a new request."
        ),
        P.DEFER: _(
            "If the motion is carried, the request stays before the Committee for a later session."
        ),
        P.SUSPEND: _(
            "If the motion is carried, enhanced protection is suspended from the session's date "
            "until the Committee lifts the suspension, and all Parties are notified."
        ),
        P.CANCEL: _(
            "If the motion is carried, enhanced protection is cancelled from the session's date and "
            "the property leaves the List for good; only a new request can bring it back. All "
            "Parties are notified."
        ),
        P.LIFT: _(
            "If the motion is carried, enhanced protection is restored from the session's date and "
            "all Parties are notified."
        ),
    }
    return (
        texts.get(motion, "")
        + " "
        + _(
            "A recorded vote cannot be changed or deleted: it stays in the record and the audit log."
        )
    )
