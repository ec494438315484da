"""Small builders for monitoring tests."""

from __future__ import annotations

from shield.monitoring import services


def assessment(user, prop, **over):
    data = {
        "property": prop.code,
        "assessed_on": "2021-03-01",
        "method": "field",
        "condition": "poor",
        "damage_extent": "11-30",
        "assessor": "Field team A",
        "disturbances": [
            {
                "category": "military_armed_conflict",
                "cause": "explosion_heavy_weaponry",
                "certainty": "high",
            }
        ],
    }
    return services.create_assessment(user, data | over)


def party_report(user, prop, state="AZE", **over):
    data = {
        "property": prop.code,
        "reporter_kind": "party",
        "reporter_state": state,
        "reported_on": "2021-01-12",
        "allegation": "damage",
        "sources": [{"title": "Ministry statement", "date": "2021-01-12"}],
    }
    return services.create_incident(user, data | over)
