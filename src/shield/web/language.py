"""The reader's language: lives in ``shield.core.language`` (apps and doors share it)."""

from shield.core.language import NORWEGIAN, product_lang, reader_lang

__all__ = ["NORWEGIAN", "product_lang", "reader_lang"]
