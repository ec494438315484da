"""Search of the registry: names across scripts, category, State, protection on a date, bbox.

Names are found through their index keys (shield.matching): every query word must match
a key of the property's names: exactly (the folded word or its phonetic skeleton, under
every plausible reading of its script), or, failing enough exact hits, as the prefix of a
folded word (type-ahead), or, failing that too, as a fragment of a folded word (a
substring of three characters or more: "chetsots" finds "Ghazanchetsots"): the trigram index
of ``registry.substrings`` gives at most ``SUBSTRING_WORDS`` words holding the fragment, looked
up as ordinary keys. At most ``CANDIDATES`` properties are gathered, exact matches first,
then filtered and ranked by similarity; a candidate found only through its skeleton must
also reach ``MATCH_THRESHOLD``, one found by prefix or fragment must hold every query word
so. When a cap is reached the count is a lower bound (``Page.more``).

A query of many words (a pasted title) is looked up by its ``MAX_TERMS`` longest distinct
words only (longer words are the rarer ones, so the set stays small): each word is one
INTERSECT, and SQLite's parser refuses a compound query past about fifteen. Every word of
the query still counts in the ranking, which each candidate must pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import reduce
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet

from shield import matching

from . import aggregates, substrings
from . import identifiers as ident
from .disclosure import bbox_filter, visible_to
from .maplayer import count_in_box, count_visible
from .models import ExternalIdentifier, NameKey, PropertyName, ProtectionEvent
from .protection import ACTIVATES, GENERAL, IGNORED_ACTIONS
from .vocab import CULTURAL_PROPERTY_CATEGORIES

CANDIDATES = 300
MAX_TERMS = 8  # query words used to gather candidates (see the module's docstring)
SUBSTRING_WORDS = 500  # words containing a query word's fragment, at most, looked up per word
MAX_PAGE = 10_000  # pages beyond it are refused (offsets stay within any database's integers)
MAX_PAGE_SIZE = 200
EXACT_IDENTIFIER = 1000.0  # the score of a record holding the identifier typed (names: 0..100)
# What a page's records are read with: their names, and the protection history every summary
# reads its levels from (present.levels_on): one query each for the page, not one per record.
PAGE_READS = ("names", "protection_events")


def page_problem(page: int) -> str:
    """Why ``page`` cannot be asked for ("" when it can)."""
    return "" if 1 <= page <= MAX_PAGE else f"must be a whole number from 1 to {MAX_PAGE}"


def page_size_problem(size: int) -> str:
    return "" if 1 <= size <= MAX_PAGE_SIZE else f"must be a whole number from 1 to {MAX_PAGE_SIZE}"


@dataclass
class Criteria:
    q: str = ""
    category: str | None = None
    state: str | None = None
    level: str | None = None
    on: date | None = None
    bbox: object | None = None
    # search keys of an exact external identifier (identifiers.parse_filter)
    identifier: list[str] | None = None


@dataclass
class Page:
    total: int
    results: list = field(default_factory=list)
    more: bool = False

    def __iter__(self):  # (total, results), as callers unpack it
        return iter((self.total, self.results))


def with_protection_on(qs: QuerySet, level: str, on: date) -> QuerySet:
    """Property whose ``level`` protection was in force on ``on``.

    General protection is every cultural property's, by the law (``shield.treaty.protection``):
    every record whose category is one of the Convention's. Special and enhanced protection
    come from the history (``protection.state_on``): the latest event of that level on or
    before ``on`` that the law reads (recorded losses by military use are not read). A level
    in force is found even where, between Parties, another displaces it.

    The events decide, not the properties: the candidates are the activating events of that
    level up to ``on`` (the index on level and date), each kept where no later event of its
    property and level is read; the cost follows the level's history, not the registry."""
    if level == GENERAL:
        return qs.filter(category__in=CULTURAL_PROPERTY_CATEGORIES)
    return qs.filter(pk__in=in_force_ids(level, on))


def in_force_ids(level: str, on: date) -> QuerySet:
    """The ids of properties whose latest read event of ``level`` on or before ``on`` activates
    it (latest: by date, then by id, as ``protection.state_on`` orders a history)."""
    read = ProtectionEvent.objects.filter(level=level, effective_date__lte=on).exclude(
        action__in=sorted(IGNORED_ACTIONS)
    )
    later = read.filter(property_id=OuterRef("property_id")).filter(
        Q(effective_date__gt=OuterRef("effective_date"))
        | Q(effective_date=OuterRef("effective_date"), id__gt=OuterRef("id"))
    )
    return (
        read.filter(action__in=sorted(ACTIVATES))
        .filter(~Exists(later))
        .order_by()
        .values("property_id")
    )


def filtered(user, c: Criteria) -> QuerySet:
    """Every filter but the name."""
    qs = visible_to(user)
    if c.category:
        qs = qs.filter(category=c.category)
    if c.state:
        code = c.state.upper()
        qs = qs.filter(Q(inventory_state__code=code) | Q(claims__state__code=code)).distinct()
    if c.level:
        qs = with_protection_on(qs, c.level, c.on or date.today())
    if c.bbox is not None:
        qs = bbox_filter(user, qs, c.bbox)
    if c.identifier is not None:
        qs = qs.filter(pk__in=holding(c.identifier))
    return qs


def holding(keys: list[str]) -> QuerySet:
    """The ids of records holding an external identifier of one of ``keys``."""
    return ExternalIdentifier.objects.filter(key__in=keys).order_by().values("property_id")


PREFIX, SUBSTRING = "prefix", "substring"  # how _ids matches a word beyond its keys
WORD = "w:"  # the keys of folded words (shield.matching.keys)


DRIVE_FROM = 1_000  # a word with fewer key rows than this drives a query of several words
SCANNED = 20  # pages of candidates read, at most, past records the reader may not see


def _ids(user, word_keys: list[tuple[str, set[str]]], how: str, limit: int) -> tuple[list, bool]:
    """Ids of properties the reader may see having, for every query word, one of its keys
    (with ``PREFIX``, or a word it begins; with ``SUBSTRING``, or a word it begins or lies
    in), and whether a cap was reached (on the words holding a fragment, or on the candidates
    read past records the reader may not see).

    The rarest word (fewest key rows, read up to ``DRIVE_FROM``) gives the candidates, and
    the other words are checked against the keys of those alone ("Ganvan 1234": the one record
    holding "1234", not every "ganvan" intersected with it); when every word is common, the
    words' sets are intersected in the database (one word: its first distinct properties)."""
    capped = False

    def one(word: str, keys: set[str]) -> tuple[Q, Callable[[str], bool]]:
        nonlocal capped
        wanted = set(keys)
        if how == SUBSTRING:
            found = substrings.words_containing(_forms(word, keys), SUBSTRING_WORDS)
            capped = capped or len(found) >= SUBSTRING_WORDS
            wanted.update(WORD + w for w in found)
        q = Q(key__in=sorted(wanted))
        lo = WORD + word if how and word else None
        if lo is not None:
            q |= Q(key__gte=lo, key__lt=lo + "\x7f")
        return q, lambda k: k in wanted or (lo is not None and k.startswith(lo))

    words = [one(w, k) for w, k in bounded_terms(word_keys)]
    # How many key rows each word has, up to DRIVE_FROM: their own ids, read from the index
    # of keys alone (reading each row's property for a common word, only to drop them, took a
    # sixth of a search's CPU at a million records).
    sizes = [
        len(NameKey.objects.filter(q).values_list("pk", flat=True)[:DRIVE_FROM]) for q, _ in words
    ]
    rarest = min(range(len(words)), key=lambda i: sizes[i])
    if sizes[rarest] < DRIVE_FROM:
        rare = NameKey.objects.filter(words[rarest][0]).values_list("property_id", flat=True)
        rare = rare[:DRIVE_FROM]  # as many as were counted (the same plan as the count's)
        # A rare word (or the only one) read whole, through the index of keys: asked for its
        # first distinct properties instead, PostgreSQL walked the index by property and
        # filtered millions of keys to find the few hundred of a fragment ("4177": 1.2 s).
        others = [held for i, (_q, held) in enumerate(words) if i != rarest]
        ids = _all_held(sorted(set(rare)), others)
        return _visible(user, ids, limit), capped
    sets = [NameKey.objects.filter(q).values_list("property_id", flat=True) for q, _ in words]
    combined = (
        sets[0].distinct() if len(sets) == 1 else reduce(lambda a, b: a.intersection(b), sets)
    )
    ids, more = _visible_first(user, combined, limit)
    return ids, capped or more


def _all_held(ids: list, others: list[Callable[[str], bool]]) -> list:
    """Those of ``ids`` (the few properties of the rarest word) having, for each of
    ``others``, a key it holds: they are read with all their keys (the index by property),
    and checked here."""
    if not others:
        return ids
    keys_of: dict = {}
    for start in range(0, len(ids), 500):
        for pk, key in NameKey.objects.filter(property_id__in=ids[start : start + 500]).values_list(
            "property_id", "key"
        ):
            keys_of.setdefault(pk, []).append(key)
    return [pk for pk in ids if all(any(held(k) for k in keys_of.get(pk, ())) for held in others)]


def _visible(user, ids: list, limit: int) -> list:
    """The first ``limit`` of ``ids`` (in their order) that the reader may see; fewer ids than
    ``limit`` are all kept (nothing is crowded out, and the caller reads its records through
    ``visible_to`` anyway)."""
    return ids if len(ids) < limit else _seen(user, ids)[:limit]


def _seen(user, ids: list) -> list:
    """Those of ``ids`` (in their order) that the reader may see (``user`` None: no reader,
    every one; the caller filters)."""
    if user is None:
        return ids
    out: list = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        seen = set(visible_to(user).filter(pk__in=chunk).values_list("pk", flat=True))
        out += [pk for pk in chunk if pk in seen]
    return out


def _visible_first(user, candidates: QuerySet, limit: int) -> tuple[list, bool]:
    """The first ``limit`` ids of ``candidates`` that the reader may see, read a page at a
    time, so that records hidden from the reader (restricted ones, an import not yet
    published) never crowd out those they may see; and whether ``SCANNED`` pages were read
    without filling the answer (it is then a lower bound). A first page that is not full is
    kept whole, as ``_visible`` keeps it."""
    out: list = []
    for page in range(SCANNED):
        chunk = list(candidates[page * limit : (page + 1) * limit])
        if page == 0 and len(chunk) < limit:
            return chunk, False
        out += _seen(user, chunk)
        if len(out) >= limit or len(chunk) < limit:
            return out[:limit], False
    return out, True


def _forms(word: str, keys: set[str]) -> set[str]:
    """The folded forms of a query word: as typed, and under every reading (its "w:" keys)."""
    return {word} | {k[len(WORD) :] for k in keys if k.startswith(WORD)}


def bounded_terms(word_keys: list[tuple[str, set[str]]]) -> list[tuple[str, set[str]]]:
    """At most ``MAX_TERMS`` of the query's words with their keys: the longest distinct ones,
    in the query's order."""
    distinct: dict[str, set[str]] = {}
    for word, keys in word_keys:
        distinct.setdefault(word, set()).update(keys)
    if len(distinct) <= MAX_TERMS:
        return list(distinct.items())
    by_length = sorted(enumerate(distinct), key=lambda iw: (-len(iw[1]), iw[0]))
    chosen = sorted(by_length[:MAX_TERMS])
    return [(w, distinct[w]) for _i, w in chosen]


def name_candidates(q: str, user=None) -> tuple[list, bool, bool]:
    """Candidate ids (of records ``user`` may see; None: of every record, which the caller
    filters), whether a cap was reached (the count is then a lower bound), and
    whether fragments were looked up (the candidates then include fragments' finds)."""
    words = matching.tokens(q)
    if not words:
        return [], False, False
    word_keys = list(zip(words, matching.query_keys(q)))
    ids, _ = _ids(user, word_keys, "", CANDIDATES + 1)
    if len(ids) <= CANDIDATES:
        ids = _joined(ids, _ids(user, word_keys, PREFIX, CANDIDATES + 1)[0])
    if len(ids) > CANDIDATES:
        return ids[:CANDIDATES], True, False
    if not any(substrings.fragments(_forms(w, k)) for w, k in bounded_terms(word_keys)):
        return ids, False, False  # no word long enough for a fragment
    found, capped = _ids(user, word_keys, SUBSTRING, CANDIDATES + 1)
    ids = _joined(ids, found)
    return ids[:CANDIDATES], capped or len(ids) > CANDIDATES, True


def _joined(ids: list, more: list) -> list:
    seen = set(ids)
    return ids + [i for i in more if i not in seen]


WALK_BUDGET = 20_000  # records read in code order, at most, to fill a page of a bbox


def _in_code_order(user, c: Criteria, qs: QuerySet, total: int, offset: int, limit: int) -> list:
    """The page of ``qs`` in code order.

    A bbox that holds most of the registry is fastest read in code order, testing each
    record against the box; a small one through its indexes, sorting what it holds. SQLite's
    planner cannot tell the two apart (it keeps no histogram of latitudes) and takes the
    indexes for both: at 100,000 records, a box around all of them took 1.3 s to sort. So
    when the walk in code order is short (the page's end, over the box's share of the
    registry, within ``WALK_BUDGET``), the page is found that way: records in code order a
    chunk at a time, kept where they are in ``qs``. The same records, in the same order."""
    page = qs.order_by("code").prefetch_related(*PAGE_READS)
    if c.bbox is None or total == 0:
        return list(page[offset : offset + limit])
    base = filtered(user, replace(c, bbox=None)).order_by("code")
    box_only = not (c.category or c.state or c.level)  # base: all the reader may read
    size = aggregates.count(base, lambda: count_visible(user) if box_only else None)
    if (offset + limit) * size > WALK_BUDGET * total:
        return list(page[offset : offset + limit])
    found: list = []
    last = None
    chunk = max(limit * size // total * 2, limit, 100)
    while len(found) < offset + limit:
        codes = list(
            (base if last is None else base.filter(code__gt=last)).values_list("pk", "code")[:chunk]
        )
        if not codes:
            break
        inside = set(qs.filter(pk__in=[pk for pk, _code in codes]).values_list("pk", flat=True))
        found += [pk for pk, _code in codes if pk in inside]
        last = codes[-1][1]
    wanted = found[offset : offset + limit]
    by_id = {p.pk: p for p in qs.filter(pk__in=wanted).prefetch_related(*PAGE_READS)}
    return [by_id[pk] for pk in wanted]


def _best_score(q: str, names) -> float:
    return max((matching.similarity(q, n.text, n.lang) for n in names), default=0.0)


def _prefix_hit(words: list[str], names) -> bool:
    folded = [set(matching.tokens(n.text, n.lang)) for n in names]
    return all(any(any(t.startswith(w) for t in f) for f in folded) for w in words)


def _fragment_hit(word_keys: list[tuple[str, set[str]]], names) -> bool:
    """Whether every query word, under one of its readings, begins or (three characters or
    more) lies in a folded word of the names (their "w:" keys, as the index holds them)."""
    held = {k[len(WORD) :] for n in names for k in matching.index_keys(n.text, n.lang)}
    held = {w for w in held if w}
    for word, keys in word_keys:
        forms = _forms(word, keys)
        if not any(
            (f in t) if len(f) >= substrings.MIN_FRAGMENT else t.startswith(f)
            for f in forms
            for t in held
        ):
            return False
    return True


class _Name(NamedTuple):
    text: str
    lang: str


def search(user, c: Criteria, offset: int = 0, limit: int = 20) -> Page:
    """A page of properties, best matches first.

    The candidates are ranked on their names alone (the text and language of each, read as
    plain rows); only the page's records are read whole: at ``CANDIDATES`` candidates, reading
    every one as a model with its names took most of a search's time."""
    qs = filtered(user, c).select_related("inventory_state")
    if not c.q:
        # a large count is kept per version of the registry; a box alone is counted from the
        # map's kept cells (maplayer.count_in_box), at a cost that follows its edges
        box_only = c.bbox is not None and not (c.category or c.state or c.level)
        total = aggregates.count(qs, lambda: count_in_box(user, c.bbox) if box_only else None)
        return Page(total, _in_code_order(user, c, qs, total, offset, limit))
    ids, capped, fragments = name_candidates(c.q, user)
    # An exact identifier typed ("Q42", "whc:848", "national:ARM:12.3") finds its records
    # first, whatever their names.
    keys = ident.parse_query(c.q)
    exact = set(qs.filter(pk__in=holding(keys)).values_list("pk", flat=True)) if keys else set()
    ids = _joined(sorted(exact, key=str), ids)
    if not ids:
        return Page(0, [])
    codes = dict(qs.filter(pk__in=ids).order_by().values_list("pk", "code"))
    names_of: dict = {pk: [] for pk in codes}
    for pk, text, lang in PropertyName.objects.filter(property_id__in=list(codes)).values_list(
        "property_id", "text", "lang"
    ):
        names_of[pk].append(_Name(text, lang))
    words = matching.tokens(c.q)
    word_keys = list(zip(words, matching.query_keys(c.q))) if fragments else []
    scored = []
    for pk, names in names_of.items():
        score = EXACT_IDENTIFIER if pk in exact else _best_score(c.q, names)
        if (
            score >= matching.MATCH_THRESHOLD
            or _prefix_hit(words, names)
            or (fragments and _fragment_hit(word_keys, names))
        ):
            scored.append((-score, codes[pk], pk))
    scored.sort(key=lambda t: (t[0], t[1]))
    wanted = [pk for _s, _c, pk in scored[offset : offset + limit]]
    by_id = {p.pk: p for p in qs.filter(pk__in=wanted).prefetch_related(*PAGE_READS)}
    return Page(len(scored), [by_id[pk] for pk in wanted if pk in by_id], more=capped)


def search_kept(user, c: Criteria, offset: int = 0, limit: int = 20) -> Page:
    """``search``, its answer kept per reader's view, criteria, page and version of the
    registry once the registry is large (``registry.aggregates``, as the List and the home
    page's figures): the pages and the API ask it; a search asked again reads only its page's
    records until the next write. What is kept is the count and the page's ids, not the
    records: each is presented to its reader as before (``present``)."""
    visible = visible_to(user)
    # keyed by the SQL of every filter as this reader's (what they may see, and where: a box
    # is matched on the points they see), as well as by the criteria
    key = aggregates.query_key("search", filtered(user, c), repr(c), offset, limit)
    found = cache.get(key)
    if found is not None:
        total, wanted, more = found
        page = visible.select_related("inventory_state").filter(pk__in=wanted)
        by_id = {p.pk: p for p in page.prefetch_related(*PAGE_READS)}
        return Page(total, [by_id[pk] for pk in wanted if pk in by_id], more)
    answer = search(user, c, offset, limit)
    if aggregates.count(visible, lambda: count_visible(user)) >= aggregates.KEEP_FROM:
        kept = (answer.total, [p.pk for p in answer.results], answer.more)
        cache.set(key, kept, aggregates.KEEP_FOR)
    return answer
