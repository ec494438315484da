"""The due-diligence check and its signed search certificate."""

from __future__ import annotations

import pytest

from shield.audit.models import AuditEntry
from shield.core.errors import RecordInvalid
from shield.provenance import certificates, check, register
from shield.translog.note import Signer

pytestmark = pytest.mark.django_db

LISTING = {
    "object_type": "icon",
    "title": "St George slaying the dragon",
    "materials_techniques": "tempera on wood panel",
    "measurements": "height 32 cm; width 24.5 cm",
    "inscriptions_markings": "ΟΑΓΙΟΣ ΓΕΩΡΓΙΟΣ",
    "date_period": "c. 1750",
}


def test_a_check_finds_the_icon_and_certifies_it(users, reported):
    from django.contrib.auth.models import AnonymousUser

    cert, found = check.run(AnonymousUser(), LISTING)
    assert [f.entry.number for f in found] == [reported["icon"].number]
    reasons = {r.field: r.outcome for r in found[0].candidate.reasons}
    assert reasons["measurements"] == reasons["inscriptions"] == "match"
    checked = certificates.verify(cert.note)
    assert checked.kind == certificates.SEARCH
    assert checked.fields["asked_by"] == "anonymous"
    assert checked.fields["register_version"] == register.version()[0]
    assert checked.fields["result"]["candidates"][0]["number"] == reported["icon"].number
    assert "POL-2020-4471" not in cert.note  # never the police file
    assert AuditEntry.objects.filter(action="certify", target_id=cert.number).exists()


def test_no_candidates_is_certified_too(users, reported):
    cert, found = check.run(users["committee"], {"object_type": "gospel manuscript"})
    assert found == [] and certificates.verify(cert.note).fields["result"]["count"] == 0
    assert cert.asked_by_label == "committee"


def test_every_altered_byte_is_refused(users, reported):
    cert, _found = check.run(users["committee"], LISTING)
    data = cert.note.encode()
    certificates.verify(data)
    for i in range(len(data)):
        for flip in (0x01, 0x20):
            altered = data[:i] + bytes([data[i] ^ flip]) + data[i + 1 :]
            with pytest.raises(certificates.CertificateProblem):
                certificates.verify(altered)
    for altered in (data + b"\n", data[:-1], b"\n" + data, data + b"x"):
        with pytest.raises(certificates.CertificateProblem):
            certificates.verify(altered)


def test_another_key_is_refused(users, reported):
    cert, _found = check.run(users["committee"], LISTING)
    other = Signer.generate("heritage-shield.test/certificates").verifier
    with pytest.raises(certificates.CertificateProblem, match="not signed by"):
        certificates.verify(cert.note, other)


def test_an_empty_or_unknown_query_is_refused(users):
    with pytest.raises(RecordInvalid, match="describe the object"):
        check.run(users["committee"], {})
    with pytest.raises(RecordInvalid, match="colour: is not a field"):
        check.run(users["committee"], {"colour": "red"})


def test_numbers_follow_each_other(users, reported):
    a, _ = check.run(users["committee"], LISTING)
    b, _ = check.run(users["committee"], LISTING)
    assert int(b.number.rsplit("-", 1)[1]) == int(a.number.rsplit("-", 1)[1]) + 1


def test_the_derived_key_is_stable(settings):
    settings.SHIELD_CERT_KEY = ""
    settings.SHIELD_CERT_KEY_FILE = None
    assert certificates.verifier() == certificates.verifier()
    assert certificates.verifier().name == certificates.DERIVED_NAME
