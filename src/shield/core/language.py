"""The reader's language, one of the two the product speaks: English or Norwegian bokmål."""

from __future__ import annotations

from django.utils.translation import get_language

NORWEGIAN = {"nb", "no", "nn"}


def product_lang(lang: str | None) -> str:
    """'nb' for any Norwegian tag, else 'en'."""
    return "nb" if (lang or "en").split("-")[0].lower() in NORWEGIAN else "en"


def reader_lang(given: str | None = None) -> str:
    """The language asked for (e.g. a ``lang`` parameter), else the request's active one."""
    return product_lang(given or get_language())
