"""Template tags for the law: provisions and citations in the reader's language."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from shield.core.language import reader_lang
from shield.treaty.provisions import provision as _provision

register = template.Library()


@register.simple_tag
def provision(key: str, lang: str | None = None) -> str:
    """``{% provision "enhanced.request" %}``: the label in English or in bokmål form."""
    return _provision(key).label(reader_lang(lang))


@register.filter
def label(citation, lang: str | None = None) -> str:
    """``{{ citation|label }}``: one Citation's label in the reader's language."""
    return citation.label(reader_lang(lang)) if hasattr(citation, "label") else str(citation)


@register.filter
def labels(citations, lang: str | None = None) -> str:
    """``{{ finding.citations|labels }}``: labels joined by commas."""
    return ", ".join(label(c, lang) for c in citations or ())


_IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


@register.filter
def identifiers_as_code(text: str):
    """A reading's text with the register's field names (``succession_date``) marked as code:
    names of the data, the same in every language."""
    return mark_safe(_IDENTIFIER.sub(lambda m: f"<code>{m.group(0)}</code>", escape(text)))
