"""Refusals: every step the treaty does not allow, with a stable code, its citations and a
reason in English and Norwegian bokmål.

A refusal kind is declared once, here or in a module of ``shield.treaty`` that imports
:func:`declare`, with the articles it rests on and a reason template in both languages.
Services raise it by code; each door renders the :class:`Refused` in the reader's language
(an API error body with ``code`` and ``citations``, a message beside a form's field, a CLI
line). No article label is typed outside ``shield.treaty``: a template names a provision as
``[[11(5)]]`` (or ``[[Convention 18]]``), which renders as "Art. 11(5)" in English and
"art. 11 nr. 5" in bokmål.

Template fields are filled from keyword arguments. A value may be a plain value, a
``{"en": ..., "nb": ...}`` mapping (chosen by language), or a :class:`Cited` (a citation
rendered in the reader's language); a State is passed as ``states.named(code)``.

>>> r = refusal("procedure.not_a_party", state={"en": "Italy (ITA)", "nb": "Italia (ITA)"},
...             on="2001-01-01", act={"en": "request", "nb": "anmodning"})
>>> r.code, r.labels("nb")
('procedure.not_a_party', ('art. 11 nr. 2',))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

from shield.treaty.citations import Citation, cite
from shield.treaty.findings import LANGUAGES, Finding

Lang = Literal["en", "nb"]
Status = Literal[400, 403, 404, 409, 422]

_CITE = re.compile(r"\[\[([^\]]+)\]\]")


def _citation(text: str) -> Citation:
    text = text.strip()
    if text.lower().startswith("convention "):
        return Citation.parse("Convention Art. " + text.split(" ", 1)[1])
    return cite(text)


def render_labels(template: str, lang: Lang) -> str:
    """Replace each ``[[11(5)]]`` in ``template`` by its label in ``lang``."""
    return _CITE.sub(lambda m: _citation(m.group(1)).label(lang), template)


@dataclass(frozen=True)
class Cited:
    """A citation passed as a template value, rendered in the reader's language."""

    citation: Citation

    @classmethod
    def of(cls, text: str) -> Cited:
        return cls(_citation(text))


@dataclass(frozen=True)
class Kind:
    """A kind of refusal: its stable ``code``, the provisions it rests on, the reason
    templates (en, nb), the HTTP-like ``status`` a door answers with, and the form
    ``field`` it concerns by default."""

    code: str
    citations: tuple[Citation, ...]
    en: str
    nb: str
    status: int = 409
    field: str = "request"

    def __post_init__(self) -> None:
        if not self.citations:
            raise ValueError(f"refusal {self.code}: at least one citation is required")
        for lang in LANGUAGES:
            template = getattr(self, lang)
            if not template.strip():
                raise ValueError(f"refusal {self.code}: a reason in {lang!r} is required")
            render_labels(template, lang)  # every [[...]] must name a provision that exists


KINDS: dict[str, Kind] = {}
"""Every refusal kind, by code."""


def declare(
    code: str,
    citations: str | Iterable[str],
    en: str,
    nb: str,
    status: int = 409,
    field: str = "request",
) -> Kind:
    """Declare a refusal kind once; ``citations`` as labels ("11(2)", "Convention Art. 18")."""
    items = (citations,) if isinstance(citations, str) else tuple(citations)
    kind = Kind(code, tuple(_citation(c) for c in items), en, nb, status, field)
    if (
        code in KINDS and KINDS[code] != kind
    ):  # the same declaration again (a module reloaded) is harmless
        raise ValueError(f"refusal {code} is declared twice, differently")
    KINDS[code] = kind
    return kind


def _value(value: Any, lang: Lang) -> str:
    if isinstance(value, Cited):
        return value.citation.label(lang)
    if isinstance(value, Mapping) and set(value) >= {"en", "nb"}:
        return str(value[lang])
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_value(v, lang) for v in value)
    return str(value)


class Refused(Exception):
    """A step the treaty does not allow. ``more`` holds further refusals raised together
    (several missing criteria of one request, say)."""

    def __init__(
        self,
        kind: Kind,
        params: Mapping[str, Any],
        field: str | None = None,
        status: int | None = None,
        more: Iterable[Refused] = (),
    ):
        self.kind = kind
        self.params = dict(params)
        self.field = field or kind.field
        self.status = status or kind.status
        self.more = tuple(more)
        self.reason: dict[str, str] = {lang: self._render(lang) for lang in LANGUAGES}
        super().__init__(self.message("en"))

    def __reduce__(
        self,
    ) -> tuple[
        type[Refused], tuple[Any, ...]
    ]:  # pickled whole (an import's worker processes send errors back)
        return (Refused, (self.kind, self.params, self.field, self.status, self.more))

    def _render(self, lang: Lang) -> str:
        template = render_labels(getattr(self.kind, lang), lang)
        values = {k: _value(v, lang) for k, v in self.params.items()}
        try:
            return template.format(**values)
        except KeyError as exc:
            raise ValueError(f"refusal {self.kind.code}: no value for {exc}") from None

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.kind.citations

    def labels(self, lang: Lang = "en") -> tuple[str, ...]:
        return tuple(c.label(lang) for c in self.citations)

    def reason_in(self, lang: Lang = "en") -> str:
        return self.reason["nb" if lang == "nb" else "en"]

    def message(self, lang: Lang = "en") -> str:
        """The reason led by the provisions it rests on: 'Art. 11(5): ...'."""
        return f"{', '.join(self.labels(lang))}: {self.reason_in(lang)}"

    def all(self) -> tuple[Refused, ...]:
        return (self, *self.more)

    def finding(self) -> Finding[str]:
        return Finding(result=self.code, citations=self.citations, reason=dict(self.reason))

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The error body every door shares: error, code, citations, errors per field."""
        return {
            "error": self.message(lang),
            "code": self.code,
            "citations": list(self.labels(lang)),
            "errors": [
                {
                    "field": r.field,
                    "message": r.message(lang),
                    "code": r.code,
                    "citations": list(r.labels(lang)),
                }
                for r in self.all()
            ],
        }


def refusal(
    code: str, field: str | None = None, status: int | None = None, **params: Any
) -> Refused:
    """The refusal ``code`` with its template filled from ``params`` (not raised)."""
    try:
        kind = KINDS[code]
    except KeyError:
        raise LookupError(f"no refusal is declared with code {code!r}") from None
    return Refused(kind, params, field, status)


def refuse(
    code: str, field: str | None = None, status: int | None = None, **params: Any
) -> NoReturn:
    """Raise the refusal ``code``."""
    raise refusal(code, field, status, **params)


def refuse_all(refusals: Iterable[Refused]) -> None:
    """Raise the first of ``refusals`` carrying the others, if there are any."""
    items = list(refusals)
    if items:
        first = items[0]
        raise Refused(first.kind, first.params, first.field, first.status, more=items[1:])


@dataclass
class Catalogue:
    """The declared kinds as plain rows (for the readings page and the tests)."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def build(cls) -> Catalogue:
        return cls(
            [
                {
                    "code": k.code,
                    "citations": [c.label("en") for c in k.citations],
                    "status": k.status,
                    "en": k.en,
                    "nb": k.nb,
                }
                for k in sorted(KINDS.values(), key=lambda k: k.code)
            ]
        )
