"""Deleting, restoring and recording protection on the web (issue 14, items 1 and 3): deletion
asks why and says what follows before it acts; a deleted record can be restored from its page;
a protection event the treaty does not allow is refused beside its field with its provisions, in
the reader's language; each act is one audit entry, and only those who keep the record may act."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client

from shield.audit.models import AuditEntry
from shield.registry.models import CulturalProperty, ProtectionEvent
from shield.registry.services import create_property
from tests.registry.factories import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def prop(users):
    return create_property(
        users["officer_arm"], record("t:life", "ARM", names=[{"text": "Haghartsin", "lang": "en"}])
    )


def client_for(user, lang="en"):
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


def text(r) -> str:
    return re.sub(r"\s+", " ", r.content.decode())


def test_deletion_says_what_follows_asks_why_then_restores(users, prop):
    c = client_for(users["officer_arm"])
    page = text(c.get(f"/property/{prop.code}/"))
    assert f'href="/property/{prop.code}/delete/"' in page
    confirm = text(c.get(f"/property/{prop.code}/delete/"))
    assert 'id="confirm-delete"' in confirm and "Nothing is erased" in confirm
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is None  # asking wrote nothing
    refused = c.post(f"/property/{prop.code}/delete/", {"reason": ""})
    assert refused.status_code == 400 and "This field is required" in text(refused)
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is None
    done = c.post(f"/property/{prop.code}/delete/", {"reason": "entered twice"}, follow=True)
    assert done.status_code == 200 and "The Secretariat can restore it" in text(done)
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is not None
    entry = AuditEntry.objects.filter(action="delete").latest("seq")
    assert entry.changes["reason"] == "entered twice"
    assert c.get("/search/", {"q": "Haghartsin"}).content.decode().count(prop.code) == 0
    assert c.get(f"/property/{prop.code}/").status_code == 404  # the officer sees it no more
    # The Secretariat still sees it, marked deleted, and restores it.
    sec = client_for(users["secretariat"])
    page = text(sec.get(f"/property/{prop.code}/"))
    assert f'href="/property/{prop.code}/restore/"' in page
    assert f'href="/property/{prop.code}/edit/"' not in page
    sec.post(f"/property/{prop.code}/restore/")
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is None
    assert AuditEntry.objects.filter(action="restore").count() == 1


def test_others_may_neither_delete_nor_restore_nor_record_protection(users, prop):
    other = client_for(users["officer_aze"])
    for path in ("delete", "protection"):
        assert other.get(f"/property/{prop.code}/{path}/").status_code == 403
        assert other.post(f"/property/{prop.code}/{path}/", {"reason": "x"}).status_code == 403
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is None
    anonymous = Client().get(f"/property/{prop.code}/delete/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


@pytest.mark.parametrize("lang, refused", [("en", "Art. 14"), ("nb", "art. 14")])
def test_a_protection_event_is_recorded_or_refused_with_its_provisions(users, prop, lang, refused):
    c = client_for(users["secretariat"], lang)
    form = text(c.get(f"/property/{prop.code}/protection/"))
    assert 'name="effective_date"' in form and 'name="basis"' in form
    # Suspending what was never granted: the treaty's refusal, beside the form, in its language.
    bad = c.post(
        f"/property/{prop.code}/protection/",
        {"level": "enhanced", "action": "suspended", "effective_date": "2020-01-01", "basis": "x"},
    )
    assert bad.status_code == 400 and refused in text(bad), text(bad)[-3000:]
    assert not ProtectionEvent.objects.filter(property=prop).exists()
    future = (date.today() + timedelta(days=3)).isoformat()
    late = c.post(
        f"/property/{prop.code}/protection/",
        {"level": "special", "action": "granted", "effective_date": future, "basis": "register"},
    )
    assert late.status_code == 400 and not ProtectionEvent.objects.filter(property=prop).exists()
    good = c.post(
        f"/property/{prop.code}/protection/",
        {
            "level": "special",
            "action": "granted",
            "effective_date": "1978-05-01",
            "basis": "International Register of Cultural Property under Special Protection",
        },
    )
    assert good.status_code == 302
    event = ProtectionEvent.objects.get(property=prop)
    assert (event.level, event.action, event.origin) == ("special", "granted", "record")
    assert AuditEntry.objects.filter(action="protection_granted").count() == 1


def test_the_api_restores_and_records_protection_as_the_pages_do(users, prop):
    sec = client_for(users["secretariat"])
    refused = sec.post(
        f"/api/properties/{prop.code}/protection",
        {"level": "enhanced", "action": "suspended", "effective_date": "2020-01-01", "basis": "x"},
        content_type="application/json",
    )
    assert refused.status_code in (403, 409, 422) and refused.json()["citations"], refused.json()
    done = sec.post(
        f"/api/properties/{prop.code}/protection",
        {"level": "special", "action": "granted", "effective_date": "1978-05-01", "basis": "IR"},
        content_type="application/json",
    )
    assert done.status_code == 201, done.json()
    assert ProtectionEvent.objects.get(property=prop).origin == "record"
    other = client_for(users["officer_aze"])
    assert (
        other.post(
            f"/api/properties/{prop.code}/protection",
            {"level": "special", "action": "granted", "effective_date": "1979-05-01", "basis": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    sec.delete(f"/api/properties/{prop.code}", {"reason": "twice"}, content_type="application/json")
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is not None
    back = sec.post(f"/api/properties/{prop.code}/restore")
    assert back.status_code == 200 and back.json()["code"] == prop.code
    assert CulturalProperty.objects.get(pk=prop.pk).deleted_at is None
