"""The reader's language, one of the two the product speaks: English or Norwegian bokmål."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import get_language

NORWEGIAN = {"nb", "no", "nn"}
Lang = Literal["en", "nb"]


def product_lang(lang: str | None) -> Lang:
    """'nb' for any Norwegian tag, else 'en'."""
    return "nb" if (lang or "en").split("-")[0].lower() in NORWEGIAN else "en"


def reader_lang(given: str | None = None) -> Lang:
    """The language asked for (e.g. a ``lang`` parameter), else the request's active one."""
    return product_lang(given or get_language())
