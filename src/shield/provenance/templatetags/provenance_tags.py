"""``{% property_losses p.id %}``: the register entries linked to an inventory property (its
losses), as the reader may see them: the police file only to those who read it in full."""

from __future__ import annotations

from django import template

from shield.core.language import reader_lang

from .. import present
from ..models import RegisterEntry

register = template.Library()


@register.inclusion_tag("provenance/_property_losses.html", takes_context=True)
def property_losses(context, property_id) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    lang = reader_lang()
    entries = (
        RegisterEntry.objects.filter(property_id=property_id)
        .select_related("reporting_state", "property")
        .order_by("number")
    )
    return {"losses": [present.entry(e, user, lang) for e in entries]}
