"""Search of the registry: names across scripts, category, State, protection on a date, bbox.

Names are found through their index keys (shield.matching): every query word must match
a key of the property's names, exactly (its phonetic skeleton under each reading of its
script) or as the prefix of a folded word. Candidates are then ranked by similarity; a
candidate found only through its skeleton must also pass ``MATCH_THRESHOLD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery

from shield import matching

from .disclosure import bbox_filter, visible_to
from .models import NameKey, ProtectionEvent
from .protection import ACTIVATES

RANK_LIMIT = 5000  # candidates ranked by similarity; beyond this, order by code


@dataclass
class Criteria:
    q: str = ""
    category: str | None = None
    state: str | None = None
    level: str | None = None
    on: date | None = None
    bbox: object | None = None


def _key_filter(word_keys: set[str], folded: str) -> Q:
    q = Q(key__in=sorted(word_keys))
    if folded:
        lo = f"w:{folded}"
        q |= Q(key__gte=lo, key__lt=lo + "\x7f")
    return q


def with_protection_on(qs: QuerySet, level: str, on: date) -> QuerySet:
    """Property whose ``level`` protection was in force on ``on`` (see protection.state_on)."""
    last = (ProtectionEvent.objects.filter(property=OuterRef("pk"), level=level, effective_date__lte=on)
            .order_by("-effective_date", "-id").values("action")[:1])
    return qs.annotate(_last_action=Subquery(last)).filter(_last_action__in=sorted(ACTIVATES))


def filtered(user, c: Criteria) -> QuerySet:
    qs = visible_to(user)
    if c.category:
        qs = qs.filter(category=c.category)
    if c.state:
        qs = qs.filter(Q(inventory_state__code=c.state.upper()) | Q(claims__state__code=c.state.upper())).distinct()
    if c.level:
        qs = with_protection_on(qs, c.level, c.on or date.today())
    if c.bbox is not None:
        qs = bbox_filter(user, qs, c.bbox)
    words = matching.tokens(c.q) if c.q else []
    for word, keys in zip(words, matching.query_keys(c.q) if words else []):
        ids = NameKey.objects.filter(_key_filter(keys, word)).values("property_id")
        qs = qs.filter(pk__in=ids)
    return qs


def _best_score(q: str, names) -> float:
    return max((matching.similarity(q, n.text, n.lang) for n in names), default=0.0)


def _prefix_hit(words: list[str], names) -> bool:
    folded = [set(matching.tokens(n.text, n.lang)) for n in names]
    return all(any(any(t.startswith(w) for t in f) for f in folded) for w in words)


def search(user, c: Criteria, offset: int = 0, limit: int = 20) -> tuple[int, list]:
    """(total, page of properties), best matches first."""
    qs = filtered(user, c).select_related("inventory_state")
    if not c.q:
        return qs.count(), list(qs.order_by("code")[offset:offset + limit].prefetch_related("names"))
    candidates = list(qs.order_by("code")[:RANK_LIMIT].prefetch_related("names"))
    words = matching.tokens(c.q)
    scored = []
    for prop in candidates:
        names = list(prop.names.all())
        score = _best_score(c.q, names)
        if score >= matching.MATCH_THRESHOLD or _prefix_hit(words, names):
            scored.append((-score, prop.code, prop))
    scored.sort(key=lambda t: (t[0], t[1]))
    return len(scored), [p for _s, _c, p in scored[offset:offset + limit]]
