"""Findings: what every rule in ``shield.treaty`` returns.

A :class:`Finding` carries a result (any value), the :class:`~shield.treaty.citations.Citation`
s it rests on (never empty) and a short reason in English and Norwegian bokmål. Rules are
plain functions decorated with :func:`rule`, which records them in :data:`RULES` so that
the test suite can find every rule, call it, and check that what comes back is cited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, cast

from shield.treaty.citations import Citation, cite

Lang = Literal["en", "nb"]
LANGUAGES: tuple[Lang, ...] = ("en", "nb")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Finding(Generic[T]):
    """The outcome of one rule: ``result``, its ``citations`` and its ``reason`` (en, nb).

    ``parts`` holds the findings the result was built from (one per condition, per
    offence, per vote...), so a reader can follow the reasoning down to each article.
    """

    result: T
    citations: tuple[Citation, ...]
    reason: Mapping[str, str]
    parts: tuple[Finding[Any], ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.citations:
            raise ValueError(f"a finding needs at least one citation: {self.reason!r}")
        for c in self.citations:
            if not isinstance(c, Citation):
                raise TypeError(f"citations must be Citation objects, got {c!r}")
        for lang in LANGUAGES:
            text = self.reason.get(lang) if isinstance(self.reason, Mapping) else None
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"a finding needs a reason in {lang!r}: {self.reason!r}")

    def reason_in(self, lang: Lang = "en") -> str:
        """The reason in ``lang`` ('en' or 'nb')."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
        return self.reason[lang]

    def labels(self, lang: Lang = "en") -> tuple[str, ...]:
        """The labels of this finding's citations, e.g. ('Art. 11(5)',)."""
        return tuple(c.label(lang) for c in self.citations)

    def walk(self) -> Iterator[Finding[Any]]:
        """This finding and every finding it was built from, depth first."""
        yield self
        for part in self.parts:
            yield from part.walk()

    def explain(self, lang: Lang = "en", indent: int = 0) -> str:
        """A plain-text outline of the reasoning, one line per finding."""
        pad = "  " * indent
        lines = [f"{pad}- {self.reason_in(lang)} [{', '.join(self.labels(lang))}]"]
        lines.extend(p.explain(lang, indent + 1) for p in self.parts)
        return "\n".join(lines)


def reason(en: str, nb: str) -> dict[str, str]:
    """A reason in both languages: ``reason("...", "...")``."""
    return {"en": en, "nb": nb}


def finding(
    result: T,
    citations: str | Citation | tuple[Citation | str, ...],
    en: str,
    nb: str,
    parts: tuple[Finding[Any], ...] = (),
) -> Finding[T]:
    """Build a :class:`Finding`; citations may be given as strings like ``"11(5)"``."""
    items = citations if isinstance(citations, tuple) else (citations,)
    cites = tuple(c if isinstance(c, Citation) else cite(c) for c in items)
    return Finding(result=result, citations=cites, reason=reason(en, nb), parts=parts)


RULES: dict[str, Callable[..., Any]] = {}
"""Every public rule of the package, by qualified name (``module.function``)."""


def rule(func: F) -> F:
    """Mark ``func`` as a rule: it returns a :class:`Finding` and is listed in :data:`RULES`."""
    name = f"{func.__module__}.{func.__qualname__}"
    RULES[name] = func
    cast(Any, func).__treaty_rule__ = True
    return func


def is_rule(func: object) -> bool:
    """True if ``func`` was registered with :func:`rule`."""
    return bool(getattr(func, "__treaty_rule__", False))
