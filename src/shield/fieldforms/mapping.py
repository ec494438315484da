"""A mapping from a form's questions to our fields: proposed from the form, edited by a person.

The mapping (JSON, saved per form id and version)::

    {"kind": "assessment",                     # or "incident"
     "fields": {"site_id": "site/site_code",   # our field -> the form's question (its path)
                "condition": "damage/damage_level",
                "boundary": "site/outline",  # a geoshape: a new property's boundary
                "photos": ["photos/photo"]},   # photos: any number of questions
     "values": {"condition": {"severe": "very_bad"}},   # the form's choice -> our code
     "constants": {"method": "field"},         # the same for every submission
     "reasons": {"condition": "type select_one; label 'Damage level' has 'damage'"}}

``propose`` fills it from the form: by the question's type, then by words in its name and
its labels in every language; each choice by its name and labels in every language against
our vocabularies' words. ``check`` says what is wrong with an edited mapping, naming the
form's questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .form import Form, Question

KINDS = ("assessment", "incident")


@dataclass(frozen=True)
class Target:
    """One of our fields a question may fill."""

    name: str
    types: frozenset[str]
    words: tuple[str, ...]
    kinds: tuple[str, ...] = KINDS
    many: bool = False  # several questions (photos)
    vocabulary: str = ""  # the vocabulary its choices map to
    proposed: bool = True  # False: only a mapping written for it names it (our own form's)


@dataclass
class Proposal:
    mapping: dict[str, Any]
    unmapped_choices: dict[str, list[str]] = field(default_factory=dict)


_TEXT = frozenset({"text", "calculate", "barcode", "select_one", "hidden"})


def targets() -> list[Target]:
    """Our fields, with the words (several languages) that name them in forms."""
    return [
        Target(
            "site_id",
            _TEXT | {"integer"},
            (
                "site id",
                "site code",
                "site_id",
                "site number",
                "site no",
                "heritage id",
                "property code",
                "inventory",
                "code du site",
                "identifiant",
                "رمز الموقع",
                "رقم الموقع",
                "код",
                "id",
                "code",
            ),
        ),
        Target(
            "site_name",
            _TEXT,
            (
                "site name",
                "name of the site",
                "monument",
                "building name",
                "property name",
                "nom du site",
                "nom",
                "اسم الموقع",
                "اسم",
                "назва",
                "название",
                "name",
            ),
        ),
        Target(
            "location",
            frozenset({"geopoint"}),
            ("gps", "location", "coordinates", "position", "point", "geopoint", "موقع"),
        ),
        Target(
            "assessed_on",
            frozenset({"date", "datetime", "today", "start"}),
            ("date of assessment", "assessment date", "visit date", "survey date", "date", "today"),
            kinds=("assessment",),
        ),
        Target(
            "reported_on",
            frozenset({"date", "datetime", "today", "start"}),
            ("report date", "date reported", "date", "today"),
            kinds=("incident",),
        ),
        Target(
            "occurred_on",
            frozenset({"date", "datetime"}),
            ("date of damage", "date of incident", "occurred", "when", "incident date"),
            kinds=("incident",),
        ),
        Target(
            "condition",
            frozenset({"select_one"}),
            (
                "condition",
                "damage level",
                "level of damage",
                "damage",
                "state of conservation",
                "état",
                "dommage",
                "حالة",
                "الضرر",
                "стан",
                "состояние",
            ),
            kinds=("assessment",),
            vocabulary="condition",
        ),
        Target(
            "damage_extent",
            frozenset({"select_one"}),
            ("extent", "percentage", "percent", "proportion", "étendue", "نسبة"),
            kinds=("assessment",),
            vocabulary="damage_extent",
        ),
        Target(
            "causes",
            frozenset({"select_multiple", "select_one"}),
            (
                "cause",
                "causes",
                "disturbance",
                "agent",
                "source of damage",
                "type of damage",
                "hazard",
                "threat",
                "origine",
                "سبب",
                "причина",
            ),
            kinds=("assessment",),
            vocabulary="causes",
        ),
        Target(
            "certainty",
            frozenset({"select_one"}),
            ("certainty", "confidence", "reliability", "certitude", "confiance"),
            kinds=("assessment",),
            vocabulary="certainty",
        ),
        Target(
            "priority",
            frozenset({"select_one"}),
            ("priority", "urgency", "urgent", "priorité", "أولوية"),
            kinds=("assessment",),
            vocabulary="priority",
        ),
        Target(
            "allegation",
            frozenset({"select_one"}),
            ("allegation", "incident type", "type of incident", "what happened", "damage"),
            kinds=("incident",),
            vocabulary="allegation",
        ),
        Target(
            "assessor",
            _TEXT | {"username"},
            (
                "surveyor",
                "assessor",
                "enumerator",
                "inspector",
                "recorder",
                "observer",
                "your name",
                "team",
                "username",
                "enquêteur",
                "المسح",
            ),
            kinds=("assessment",),
        ),
        Target(
            "reporter_name",
            _TEXT | {"username"},
            ("reporter", "organisation", "organization", "surveyor", "your name"),
            kinds=("incident",),
        ),
        Target(
            "notes",
            frozenset({"text"}),
            (
                "comment",
                "comments",
                "notes",
                "note",
                "remarks",
                "observations",
                "description",
                "remarques",
                "ملاحظات",
            ),
            kinds=("assessment",),
        ),
        Target(
            "description",
            frozenset({"text"}),
            ("description", "comment", "comments", "notes", "what happened", "remarks"),
            kinds=("incident",),
        ),
        Target(
            "boundary",
            frozenset({"geoshape"}),
            (
                "boundary",
                "outline",
                "shape",
                "polygon",
                "perimeter",
                "footprint",
                "area",
                "contour",
                "limite",
                "périmètre",
                "حدود",
            ),
        ),
        Target(
            "photos",
            frozenset({"image", "video", "audio", "file"}),
            ("photo", "image", "picture", "video", "audio", "file"),
            many=True,
        ),
        Target(
            "threats",
            frozenset({"select_one", "select_multiple"}),
            ("threats", "threat", "trusler"),
            kinds=("assessment",),
            vocabulary="threats",
            proposed=False,
        ),
    ]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[_\-./:()]+", " ", str(text)).split()).casefold()


def _hits(words: tuple[str, ...], q: Question) -> tuple[float, str]:
    """The best word of ``words`` in the question's name or labels, scored by its length
    (an exact label or name scores most)."""
    best, why = 0.0, ""
    texts = [("name", q.name), *[(f"label ({lang})", t) for lang, t in q.labels.items()]]
    for where, text in texts:
        t = _norm(text)
        padded = f" {t} "
        for w in words:
            nw = _norm(w)
            if not nw:
                continue
            if t == nw:
                score = 100.0 + len(nw)
            elif f" {nw} " in padded:
                score = 10.0 + len(nw)
            elif len(nw) > 3 and nw in t:
                score = 5.0 + len(nw)
            else:
                continue
            if score > best:
                best, why = score, f"{where} {text!r} has {w!r}"
    return best, why


def propose(
    form: Form,
    kind: str,
    vocabularies: dict[str, dict[str, tuple[str, ...]]],
    constants: dict[str, Any] | None = None,
) -> Proposal:
    """A mapping for ``form``: ``vocabularies`` gives, per vocabulary, each code's words
    in any language (e.g. ``{"condition": {"destroyed": ("destroyed", "détruit")}}``)."""
    fields: dict[str, Any] = {}
    reasons: dict[str, str] = {}
    taken: set[str] = set()
    scored = []
    questions = [q for q in form.answers() if q.repeat is None or q.type in ("image", "video")]
    questions += [q for q in form.questions if q.type in ("today", "start")]
    for target in targets():
        if kind not in target.kinds or not target.proposed:
            continue
        for q in questions:
            if q.type not in target.types:
                continue
            score, why = _hits(target.words, q)
            if target.vocabulary and q.choices and vocabularies.get(target.vocabulary):
                share = _choice_share(q, vocabularies[target.vocabulary])
                if share:
                    score += 20 * share
                    why = (why + "; " if why else "") + f"{share:.0%} of its choices are ours"
            if target.many:
                score = max(score, 1.0)
                why = why or f"type {q.type}"
            if q.type in ("today", "start") and not score:
                score, why = 0.5, f"the form's {q.type}"
            if score > 0:
                scored.append((score, target, q, why))
    scored.sort(key=lambda item: -item[0])
    for _score, target, q, why in scored:
        if target.many:
            if q.path not in taken:
                fields.setdefault(target.name, []).append(q.path)
                reasons.setdefault(target.name, f"type {q.type}")
                taken.add(q.path)
            continue
        if target.name in fields or q.path in taken:
            continue
        fields[target.name] = q.path
        reasons[target.name] = f"type {q.type}; {why}"
        taken.add(q.path)
    values: dict[str, dict[str, str]] = {}
    unmapped: dict[str, list[str]] = {}
    by_name = {t.name: t for t in targets()}
    for name, path in fields.items():
        target = by_name[name]
        if not target.vocabulary or isinstance(path, list):
            continue
        q = form.by_path[path]
        table, missing = map_choices(q, vocabularies.get(target.vocabulary, {}))
        values[name] = table
        if missing:
            unmapped[name] = missing
    mapping = {
        "kind": kind,
        "form_id": form.form_id,
        "version": form.version,
        "fields": fields,
        "values": values,
        "constants": dict(constants or {}),
        "reasons": reasons,
    }
    return Proposal(mapping, unmapped)


def _choice_share(q: Question, vocab: dict[str, tuple[str, ...]]) -> float:
    table, _missing = map_choices(q, vocab)
    return len(table) / len(q.choices) if q.choices else 0.0


def map_choices(q: Question, vocab: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], list[str]]:
    """Each choice of ``q`` to a code of ``vocab``: by its name or any of its labels equal
    to one of the code's words, else containing one (the longest word wins)."""
    words = [(_norm(w), code) for code, ws in vocab.items() for w in (code, *ws) if _norm(w)]
    words.sort(key=lambda pair: -len(pair[0]))
    table: dict[str, str] = {}
    missing: list[str] = []
    for c in q.choices:
        texts = [_norm(c.name), *(_norm(t) for t in c.labels.values())]
        code = next((code for w, code in words if w in texts), None)
        if code is None:
            code = next(
                (code for w, code in words for t in texts if len(w) > 2 and f" {w} " in f" {t} "),
                None,
            )
        if code is None:
            missing.append(c.name)
        else:
            table[c.name] = code
    return table, missing


def check(mapping: Any, form: Form) -> list[tuple[str, str]]:
    """What is wrong with a mapping, as (where, message); empty when it can be used."""
    return [(p.where, p.message) for p in check_coded(mapping, form)]


@dataclass(frozen=True)
class MappingProblem:
    where: str
    message: str  # in English
    code: str  # stable, for a door to word in its reader's language with ``params``
    params: dict[str, str] = field(default_factory=dict)


def check_coded(mapping: Any, form: Form) -> list[MappingProblem]:
    """``check``, each problem with its stable code and parameters."""
    P = MappingProblem
    problems: list[MappingProblem] = []
    if not isinstance(mapping, dict):
        return [P("mapping", "must be a JSON object", "not_object")]
    kind = mapping.get("kind")
    if kind not in KINDS:
        problems.append(P("mapping.kind", "must be 'assessment' or 'incident'", "kind"))
    fields = mapping.get("fields")
    if not isinstance(fields, dict):
        return [
            *problems,
            P("mapping.fields", "must map our fields to the form's questions", "fields"),
        ]
    known = {t.name: t for t in targets() if kind in t.kinds}
    for name, path in fields.items():
        where = f"mapping.fields.{name}"
        target = known.get(name)
        if target is None:
            listed = ", ".join(known)
            problems.append(
                P(
                    where,
                    f"is not a field of a {kind} ({listed})",
                    "not_field",
                    {"kind": str(kind), "known": listed},
                )
            )
            continue
        paths = path if isinstance(path, list) else [path]
        if target.many is False and isinstance(path, list):
            problems.append(P(where, "takes one question, not a list", "one_question"))
        for p in paths:
            if p in (None, ""):
                continue
            if not isinstance(p, str) or form.question(p) is None:
                near = [q.path for q in form.questions if q.name == str(p).rsplit("/", 1)[-1]]
                hint = f" (did you mean {near[0]}?)" if near else ""
                problems.append(
                    P(
                        where,
                        f"{p!r} is not a question of the form{hint}",
                        "not_question",
                        {"path": str(p), "near": near[0] if near else ""},
                    )
                )
    for key in ("values", "constants"):
        if not isinstance(mapping.get(key, {}), dict):
            problems.append(P(f"mapping.{key}", "must be a JSON object", "not_object"))
    values = mapping.get("values", {})
    if isinstance(values, dict):
        for name, table in values.items():
            if not isinstance(table, dict):
                problems.append(
                    P(f"mapping.values.{name}", "must map the form's choices to codes", "values")
                )
    return problems
