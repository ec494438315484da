"""Properties to screen against: public, location-confidential and restricted, one under
enhanced protection, one with a boundary; each made through the registry's own service."""

from __future__ import annotations

from datetime import date

import pytest

from shield.registry import services
from shield.registry.models import ProtectionEvent
from tests.registry.factories import record

# A confidential point with distinctive digits to look for in every output.
SECRET = (40.123457, 44.765431)


@pytest.fixture
def sites(users):
    admin = users["admin"]
    made = {
        "public": services.create_property(
            admin, record("s:public", "ARM", lat=40.0, lon=44.5, synthetic=True)
        ),
        "secret": services.create_property(
            admin,
            record("s:secret", "ARM", lat=SECRET[0], lon=SECRET[1], confidentiality="location"),
        ),
        "restricted": services.create_property(
            admin, record("s:restricted", "AZE", lat=40.3, lon=46.0, confidentiality="restricted")
        ),
        "walled": services.create_property(
            admin,
            record(
                "s:walled",
                "ARM",
                lat=40.5,
                lon=44.0,
                boundary={
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [43.99, 40.49],
                            [44.01, 40.49],
                            [44.01, 40.51],
                            [43.99, 40.51],
                            [43.99, 40.49],
                        ]
                    ],
                },
            ),
        ),
    }
    ProtectionEvent.objects.create(
        property=made["public"],
        level="enhanced",
        action="granted",
        effective_date=date(2020, 1, 1),
        basis="Committee decision 15.COM 4",
    )
    return made
