"""Plain property records for tests (the shape the API and imports take)."""

from __future__ import annotations


def record(external_id: str = "t:1", state: str = "ARM", **overrides) -> dict:
    base = {
        "external_id": external_id,
        "category": "monument",
        "state": state,
        "names": [{"text": f"Monument {external_id}", "lang": "en"}],
        "lat": 40.1811,
        "lon": 44.5136,
        "description": "test record",
    }
    base.update(overrides)
    return base


GANDZASAR = record(
    "t:gandzasar",
    "AZE",
    names=[
        {"text": "Gandzasar", "lang": "en"},
        {"text": "Գանձասար", "lang": "hy"},
        {"text": "Gəncəsər", "lang": "az"},
    ],
    lat=40.0156,
    lon=46.4889,
    claims=[{"state": "AZE", "role": "claimant"}, {"state": "ARM", "role": "claimant"}],
)

SHUSHA = record(
    "t:shusha",
    "AZE",
    category="centre_containing_monuments",
    names=[
        {"text": "Shusha", "lang": "en"},
        {"text": "Shushi", "lang": "en", "kind": "variant"},
        {"text": "Şuşa", "lang": "az"},
        {"text": "Шуша", "lang": "ru"},
        {"text": "Շուշի", "lang": "hy"},
    ],
    lat=39.758,
    lon=46.751,
)

# A refuge whose exact point must never reach the public: distinctive digits to look for.
INVENTED = record(  # a synthetic record: every page and map must mark it
    "t:invented",
    "ARM",
    names=[{"text": "Invented Fortress", "lang": "en"}],
    lat=40.52,
    lon=44.91,
    synthetic=True,
)
REFUGE = record(
    "t:refuge",
    "NOR",
    category="refuge",
    confidentiality="location",
    names=[{"text": "Refuge Nordfjell", "lang": "nb"}],
    lat=61.473829,
    lon=8.916357,
    boundary={
        "type": "Polygon",
        "coordinates": [
            [[8.9161, 61.4737], [8.9166, 61.4737], [8.9166, 61.4740], [8.9161, 61.4737]]
        ],
    },
)
SECRET = record(
    "t:secret",
    "UKR",
    category="refuge",
    confidentiality="restricted",
    names=[{"text": "Hidden Store Kalyna", "lang": "en"}],
    lat=49.837261,
    lon=24.031552,
)
