"""Messages that name a provision: the text is translated, the provision's label is rendered
in the reader's language from ``shield.treaty.provisions``, so no door types a label.

``with_cite(_("ordinary decision ({cite})"), "committee.quorum_and_majority")`` reads
"ordinary decision" followed by the provision's label in the English form, or its translation
followed by the label in the bokmål form.
"""

from __future__ import annotations

from django.utils.functional import lazy

from shield.core.language import reader_lang
from shield.treaty.provisions import provision


def labels(*keys: str, lang: str | None = None) -> str:
    """The labels of the provisions ``keys``, joined by commas, in the reader's language."""
    lang = reader_lang(lang)
    return ", ".join(provision(k).label(lang) for k in keys)


def _render(message, *keys: str) -> str:
    return str(message).format(cite=labels(*keys))


with_cite = lazy(_render, str)
"""A lazy message whose ``{cite}`` is filled with the provisions' labels when it is shown."""
