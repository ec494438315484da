"""The one rule set for records, seen from outside."""

from __future__ import annotations

from shield.registry.validation import EVERY_FIELD, clean_record


def test_a_whole_record_is_cleaned_field_by_field():
    clean, _errors = clean_record({}, {})
    assert set(clean) == EVERY_FIELD
