"""The property page's actions for its reader, and human labels for name tags."""

from __future__ import annotations

from django import template

from shield.registry.disclosure import find_visible
from shield.registry.vocab import IDENTIFIER_SCHEMES

from ..property_forms import SCRIPTS, language_label
from ..property_views import actions_for

register = template.Library()

_SCRIPT_LABELS = dict(SCRIPTS)
_SCHEME_LABELS = dict(IDENTIFIER_SCHEMES)


@register.simple_tag(takes_context=True)
def property_actions(context, code: str) -> list[tuple[str, str]]:
    """``{% property_actions p.code as actions %}``: what the reader may do with the record."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    prop = find_visible(request.user, code, include_deleted=True)
    return actions_for(request.user, prop) if prop is not None else []


@register.filter
def lang_label(tag: str) -> str:
    """'Armenian (hy)' for 'hy' (in the reader's language)."""
    return language_label(tag) if tag else ""


@register.filter
def script_label(code: str) -> str:
    """'Armenian script' for 'Armn'; a code the list does not name, as it is."""
    return str(_SCRIPT_LABELS.get(code, code)) if code else ""


@register.filter
def scheme_label(code: str) -> str:
    """'World Heritage List' for 'whc' (in the reader's language)."""
    return str(_SCHEME_LABELS.get(code, code)) if code else ""
