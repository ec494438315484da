"""Fixtures of the provenance tests: a certificate key, and register entries reported through
the service (every write audited, as in production)."""

from __future__ import annotations

import pytest

from shield.translog.note import Signer


@pytest.fixture(autouse=True)
def _certificate_key(settings):
    settings.SHIELD_CERT_KEY = Signer.generate("heritage-shield.test/certificates").skey()
    settings.SHIELD_CERT_KEY_FILE = None


ICON = {
    "object_type": "Icon",
    "title": "Saint George and the dragon",
    "maker": "Unknown workshop",
    "date_period": "18th century",
    "materials_techniques": "tempera and gilding on wood",
    "measurements": "height 318 mm; width 245 mm",
    "inscriptions_markings": "O AGIOS GEORGIOS",
    "distinguishing_features": "crack across the lower left corner; wax seal on the back",
    "lost_from": "2020-10-01",
    "lost_to": "2020-10-15",
    "lost_place": "Church of the demo village",
    "circumstances": "looting_in_armed_conflict",
    "police_reference": "POL-2020-4471",
    "police_notes": "suspect vehicle seen; witness statements in file 7",
    "interpol_reference": "2020/71234",
    "red_list_category": "religious_objects",
    "reported_on": "2020-10-20",
}
KHACHKAR = {
    "object_type": "khachkar fragment",
    "title": "Cross stone",
    "date_period": "1211",
    "materials_techniques": "basalt, carved",
    "measurements": [{"dimension": "height", "value": 1.2, "unit": "m"}],
    "inscriptions_markings": "Ես Գրիգոր կանգնեցի զխաչս",
    "lost_place": "demo cemetery",
    "circumstances": "removal_from_occupied_territory",
    "reported_on": "2021-03-02",
}


@pytest.fixture
def reported(users):
    from shield.provenance import register

    officer = users["officer_arm"]
    return {
        "icon": register.report(officer, ICON),
        "khachkar": register.report(officer, KHACHKAR),
    }
