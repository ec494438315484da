"""The depositary's notifications as an Atom feed (RFC 4287): one entry per notification, ids
as ``tag:`` URIs (RFC 4151) under ``SHIELD_TAG_AUTHORITY``."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from shield.core.language import Lang
from shield.treaty.provisions import provision

from . import institutions

TITLE = {"en": "The depositary's notifications", "nb": "Depositarens notifikasjoner"}
SPEEDIEST = {"en": "speediest method", "nb": "raskeste vei"}


def atom(base_url: str, given: str = "en") -> str:
    lang: Lang = "nb" if given == "nb" else "en"
    authority = settings.SHIELD_TAG_AUTHORITY
    feed = Atom1Feed(
        title=TITLE[lang],
        link=base_url + reverse("fund:depositary"),
        description=f"{provision('depositary').label(lang)}, {provision('status.immediate_effect').label(lang)}",
        language=lang,
        feed_url=base_url + reverse("fund:depositary-feed"),
        feed_guid=f"tag:{authority}:depositary",
        author_name="Heritage Shield",
        author_link=base_url + "/",
    )
    for n in reversed(institutions.notifications()):
        when = datetime.combine(n.on, time(0, 0), tzinfo=UTC)
        labels = ", ".join(c.label(lang) for c in n.citations)
        feed.add_item(
            title=n.reason[lang],
            link=base_url + reverse("fund:depositary") + "#" + n.key.replace("/", ""),
            description=f"{n.reason[lang]} ({labels})",
            unique_id=f"tag:{authority}:depositary/{n.key}",
            pubdate=when,
            updateddate=when,
            categories=[n.kind] + (["speediest"] if n.speediest else []),
        )
    return feed.writeString("utf-8")
