"""Template filters: the vocabularies' translated labels."""

from django import template

from shield.registry.vocab import CATEGORIES, NAME_KINDS, PROTECTION_ACTIONS, PROTECTION_LEVELS

register = template.Library()

_LABELS = {
    "category": dict(CATEGORIES),
    "level": dict(PROTECTION_LEVELS),
    "action": dict(PROTECTION_ACTIONS),
    "kind": dict(NAME_KINDS),
}


def _label(vocab: str):
    def lookup(code):
        return _LABELS[vocab].get(code, code)

    return lookup


for _name in _LABELS:
    register.filter(f"{_name}_label", _label(_name))


@register.filter
def get_item(mapping, key):
    """A form value by name (QueryDict or dict); '' when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
