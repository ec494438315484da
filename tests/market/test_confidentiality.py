"""Screening against the inventories: an object whose location is confidential is found, but
its place is shown only to those who may see it (the Secretariat), never to customs; a
restricted record is not screened for those who may not read it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shield.market import service
from shield.registry.models import CulturalProperty

pytestmark = pytest.mark.django_db

PLACE = "Vault 3 of the demo monastery (synthetic)"


def _censer(states, code, confidentiality):
    return CulturalProperty.objects.create(
        code=code,
        category="movable_object",
        inventory_state=states["ARM"],
        title="Silver censer with cherubs",
        object_type="censer",
        materials_techniques="silver",
        measurements=[{"dimension": "height", "value": 25, "unit": "cm"}],
        date_period="17th century",
        confidentiality=confidentiality,
        current_place=PLACE,
        custodian=PLACE,
        lat=40.0,
        lon=45.0,
    )


LOT = {
    "id": "lot-7",
    "title": "Encensoir en argent aux chérubins",
    "object_type": "encensoir",
    "materials": "argent",
    "measurements": "9 3/4 in",
    "date": "XVIIe siècle",
    "language": "fr",
}


def test_a_confidential_place_is_shown_only_to_those_who_may_see_it(users, customs, states):
    censer = _censer(states, "ARM-90001", "location")
    batch = service.screen(customs, json.dumps([LOT]).encode(), "lots.json", against="inventory")
    pair = service.queue(batch).get()
    assert pair.property == censer and pair.record_ref == "ARM-90001"
    url = f"/market/{batch.code}/pairs/{pair.pk}/"
    as_customs = Client()
    as_customs.force_login(customs)
    page = as_customs.get(url).content.decode()
    assert PLACE not in page and "confidential" in page
    as_secretariat = Client()
    as_secretariat.force_login(users["secretariat"])
    assert PLACE in as_secretariat.get(url).content.decode()


def test_a_restricted_record_is_not_screened_by_those_who_may_not_read_it(customs, states):
    _censer(states, "ARM-90002", "restricted")
    batch = service.screen(customs, json.dumps([LOT]).encode(), "lots.json", against="inventory")
    assert batch.register_count == 0 and not service.queue(batch).exists()
