"""What the pages, the PDF and the API show of the Fund: accounts and vocabularies in the
reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .institution_models import MEASURE_CHOICES
from .models import (
    ASSISTANCE_KINDS,
    ASSISTANCE_STATUS,
    CHANNELS,
    PURPOSE_CHOICES,
    SOURCE_CHOICES,
    TX_KINDS,
)

NAV_LABEL = gettext_lazy("Fund")
"""The menu's link to these pages (its msgid lives in this app's catalogue)."""


def choice(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def source(value: str) -> str:
    return choice(SOURCE_CHOICES, value)


def account(name: str) -> str:
    """'pool:earmark:19.COM F1' -> 'Earmarked for 19.COM F1'."""
    if name == "pool:free":
        return _("Free resources")
    if name == "exchange":
        return _("Currency exchange")
    kind, _sep, rest = name.partition(":")
    if kind == "pool":
        sub, _sep, ref = rest.partition(":")
        if sub == "earmark":
            return _("Earmarked for %(ref)s") % {"ref": ref}
        if sub == "allocated":
            return _("Allocated to %(ref)s") % {"ref": ref}
    if kind == "income":
        return _("Received: %(source)s") % {"source": source(rest)}
    if kind == "paid":
        return _("Paid under %(ref)s") % {"ref": rest}
    return name


def tx_kind(value: str) -> str:
    return choice(TX_KINDS, value)


def status(value: str) -> str:
    return choice(ASSISTANCE_STATUS, value)


def kind(value: str) -> str:
    return choice(ASSISTANCE_KINDS, value)


def channel(value: str) -> str:
    return choice(CHANNELS, value)


def purpose(value: str) -> str:
    return choice(PURPOSE_CHOICES, value)


def measure(value: str) -> str:
    return choice(MEASURE_CHOICES, value)


def report_status(value: str) -> str:
    labels = {
        "due": _("due"),
        "overdue": _("overdue"),
        "submitted": _("submitted"),
        "published": _("published"),
    }
    return labels.get(value, value)


def statement_rows(data: dict) -> dict:
    """The statement with its accounts and kinds labelled."""
    for c in data["currencies"]:
        for p in c["pools"]:
            p["label"] = account(p["account"])
        for s in c["by_source"]:
            s["label"] = source(s["source"])
        for m in c["movements"]:
            m["kind_label"] = tx_kind(m["kind"])
            for line in m["lines"]:
                line["label"] = account(line["account"])
    return data
