"""A protection event the law refuses, sent with a record, is answered with the refusal's code
and citations in the reader's language, and nothing is written."""

from __future__ import annotations

import pytest

from shield.registry.models import CulturalProperty
from tests.registry.factories import GANDZASAR

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "lang, words, label",
    [
        ("en", "general protection is not granted by an event", "Convention Art. 4"),
        ("nb", "alminnelig beskyttelse", "konvensjonen art. 4"),
    ],
)
def test_a_general_protection_event_is_refused_in_the_readers_language(
    api, users, lang, words, label
):
    client = api(users["admin"])
    client.headers["HTTP_ACCEPT_LANGUAGE"] = lang
    record = dict(
        GANDZASAR,
        protection=[
            {
                "level": "general",
                "action": "granted",
                "effective_date": "2004-03-09",
                "basis": "typed by hand",
            }
        ],
    )
    response = client.post("/api/properties", record)
    assert response.status_code == 422, response.content
    error = response.json()["errors"][0]
    assert (
        error["field"] == "protection[0]" and error["code"] == "protection.general_needs_no_grant"
    )
    assert words in error["message"] and label in error["citations"]
    if lang == "nb":
        assert "Art." not in error["message"]
    assert not CulturalProperty.objects.filter(external_id=GANDZASAR["external_id"]).exists()
