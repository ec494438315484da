"""The Django admin is a door like the others: changes are audited, deletes are soft."""

from __future__ import annotations

import pytest
from django.test import Client

from shield.audit.models import AuditEntry
from shield.audit.verify import verify_chain
from shield.registry import services
from shield.registry.models import CulturalProperty, NameKey
from tests.registry.factories import record

pytestmark = pytest.mark.django_db


def _form(prop, **changes):
    data = {
        "code": prop.code,
        "category": prop.category,
        "inventory_state": prop.inventory_state_id,
        "description": prop.description,
        "significance": "",
        "lat": prop.lat,
        "lon": prop.lon,
        "location_certainty": prop.location_certainty,
        "confidentiality": prop.confidentiality,
        "measurements": "[]",
        "boundary": "null",
        "external_id": prop.external_id or "",
    }
    for prefix, rows in (
        ("names", list(prop.names.all())),
        ("claims", []),
        ("protection_events", []),
        ("photographs", []),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(rows)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(rows):
            data.update(
                {
                    f"{prefix}-{i}-id": row.pk,
                    f"{prefix}-{i}-property": prop.pk,
                    f"{prefix}-{i}-text": row.text,
                    f"{prefix}-{i}-lang": row.lang,
                    f"{prefix}-{i}-script": row.script,
                    f"{prefix}-{i}-kind": row.kind,
                    f"{prefix}-{i}-source": row.source,
                }
            )
    data.update(changes)
    return data


def test_admin_edit_is_audited_and_reindexes_names(users):
    prop = services.create_property(
        users["admin"], record("t:adm", names=[{"text": "Old Name", "lang": "en"}])
    )
    client = Client()
    client.force_login(users["admin"])
    response = client.post(
        f"/admin/registry/culturalproperty/{prop.pk}/change/",
        _form(prop, description="edited in admin", **{"names-0-text": "Tatev"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(target_id=str(prop.id), action="update").get()
    assert entry.changes["description"] == ["test record", "edited in admin"]
    assert NameKey.objects.filter(property=prop, key="w:tatev").exists()
    assert verify_chain()[0] is None


def test_admin_delete_is_soft_and_audited(users):
    prop = services.create_property(users["admin"], record("t:del"))
    client = Client()
    client.force_login(users["admin"])
    response = client.post(f"/admin/registry/culturalproperty/{prop.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is not None
    assert AuditEntry.objects.filter(target_id=str(prop.id), action="delete").exists()


def test_state_admin_is_audited(users, states):
    client = Client()
    client.force_login(users["admin"])
    response = client.post(
        f"/admin/parties/state/{states['NOR'].pk}/change/",
        {"code": "NOR", "name_en": "Norway", "name_nb": "Kongeriket Norge"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(target_type="parties.state")
    assert entry.changes["name_nb"] == ["Norge", "Kongeriket Norge"]
