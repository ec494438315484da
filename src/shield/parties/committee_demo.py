"""Demo: an invented Committee, elected by two invented Meetings of the Parties.

The real Committee's membership is published by UNESCO per Meeting of the Parties; this demo
does not reproduce it (the demo's sessions and decisions are invented too, and dated relative
to the day of loading). Every election recorded here is flagged ``synthetic`` in the data and in
its audit entry, and the Committee page says so. The rules are the real ones: each State must
be a Party on the invented election's date (a State that is not is left out), and no more than
twelve sit.
"""

from __future__ import annotations

from datetime import date

from shield.treaty.calendar import add_years
from shield.treaty.status import is_party

from .committee_models import Election

MEETING = "Synthetic Meeting of the Parties ({n}) — invented for the demo"
SOURCE = "synthetic: invented for the Heritage Shield demo; not the real Committee's membership"


def load(user, members: list[str], today: date | None = None) -> list[str]:
    """Record the demo's elections (once): the first half of ``members`` elected three years
    before ``today``, the second half one year before, each for four years, so that they all
    sit from a year before the day of loading to a year after it. Returns the codes seated
    (the members that are Parties on their election's date), sorted. Loading twice changes
    nothing."""
    from . import elections
    from .register import current_register

    today = today or date.today()
    done = Election.objects.filter(
        synthetic=True, meeting__startswith="Synthetic Meeting of the Parties"
    )
    if done.exists():
        return sorted(s.state.code for s in elections.seats_on(today))
    codes = [c.strip().upper() for c in members][:12]
    half = (len(codes) + 1) // 2
    register = current_register()
    seated: list[str] = []
    for n, (held_on, group) in enumerate(
        ((add_years(today, -3), codes[:half]), (add_years(today, -1), codes[half:])), start=1
    ):
        chosen = [c for c in group if is_party(c, held_on, register).result]
        if not chosen:
            continue
        elections.record_election(
            user,
            held_on,
            chosen,
            meeting=MEETING.format(n=n),
            synthetic=True,
            source=SOURCE,
            today=today,
        )
        seated += chosen
    return sorted(seated)
