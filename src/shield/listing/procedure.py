"""The procedure's rules live in ``shield.treaty.procedure`` (pure, no Django); this name is
kept for code that imported them from here."""

from shield.treaty.procedure import *  # noqa: F403
from shield.treaty.procedure import (  # noqa: F401
    ACTS,
    CRITERIA,
    CRITERION_TEXT,
    MOTIONS,
    OPEN,
    STATUSES,
    SUSPENSION_GROUNDS,
    check_decision_time,
    check_motion,
    check_representation,
    check_step,
    check_votes,
    majority_kind,
    window_closes,
)
