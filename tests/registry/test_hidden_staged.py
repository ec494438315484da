"""Records of an import not yet published (registry.staging) are no one's to read: not in the
Secretariat's admin, and not counted when the List says whether it holds synthetic data."""

from __future__ import annotations

import pytest
from django.test import Client

from shield.listing import public
from shield.registry import services, staging
from shield.registry.models import CulturalProperty
from tests.registry.factories import record

pytestmark = pytest.mark.django_db


def _hidden(prop) -> None:
    stage, _last = staging.begin("test", "hidden.csv", {})
    CulturalProperty.objects.filter(pk=prop.pk).update(staged_in=stage.pk)


def test_the_admin_lists_no_record_of_an_import_not_yet_published(users):
    shown = services.create_property(users["admin"], record("t:shown"))
    hidden = services.create_property(users["admin"], record("t:hidden"))
    client = Client()
    client.force_login(users["admin"])
    before = client.get("/admin/registry/culturalproperty/").content.decode()
    assert shown.code in before and hidden.code in before
    _hidden(hidden)
    after = client.get("/admin/registry/culturalproperty/").content.decode()
    assert shown.code in after and hidden.code not in after
    assert client.get(f"/admin/registry/culturalproperty/{hidden.pk}/change/").status_code != 200


def test_synthetic_records_of_an_import_not_yet_published_do_not_mark_the_list(users):
    assert not public.holds_synthetic()
    invented = services.create_property(users["admin"], record("t:invented", synthetic=True))
    assert public.holds_synthetic()
    _hidden(invented)
    assert not public.holds_synthetic()
