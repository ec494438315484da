"""A big import writes in bulk and means the same: each site id found as
``registry.disclosure.find_visible`` finds it (restricted records unseen by those who may not
read them), and one audit entry for the import naming every record it created by count and
digest, as a registry import does."""

from __future__ import annotations

from datetime import date

import pytest

from shield.audit.models import AuditEntry
from shield.monitoring.fieldforms_import import created_by_import, load_form, run
from shield.monitoring.fieldforms_places import find_many
from shield.monitoring.models import Assessment, FieldSubmission
from shield.registry import services as registry
from shield.registry.disclosure import find_visible
from tests.fieldforms import generate as g
from tests.registry.factories import SECRET

pytestmark = pytest.mark.django_db


def test_find_many_answers_as_find_visible(users, props):
    secret = registry.create_property(users["admin"], SECRET)
    refs = [
        props["gandzasar"].code,
        f" {props['shusha'].code} ",
        str(props["refuge"].pk),
        props["refuge"].external_id,
        secret.code,
        secret.external_id,
        "NO-SUCH-CODE",
        "",
    ]
    for who in ("assessor", "officer_nor", "officer_arm", "admin"):
        user = users[who]
        found = find_many(user, refs)
        for ref in refs:
            if ref.strip():
                assert found[ref.strip()] == find_visible(user, ref), (who, ref)
    assert find_many(users["officer_nor"], [secret.code])[secret.code] is None


def test_an_import_is_one_audit_entry_naming_what_it_created(users, sites, form_bytes):
    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    subs = g.submissions(12, sites)
    before = AuditEntry.objects.count()
    imp = run(users["assessor"], obj, g.kobo_json(subs), "export.json")
    made = Assessment.objects.filter(field_submissions__last_import=imp)
    assert imp.counts["new"] == 12 and FieldSubmission.objects.count() == 12
    entry = AuditEntry.objects.get(action="import", target_type="field_import")
    logged = entry.changes["created_records"]
    assert logged["field_submission"]["count"] == 12
    assert logged["assessment"]["count"] == made.count() > 0
    assert logged == created_by_import(imp)
    assert entry.seq == imp.report["audit_seq"]
    # no entry per record: the import's own (files received as evidence keep theirs)
    assert not AuditEntry.objects.filter(
        seq__gt=before, target_type__in=("assessment", "field_submission")
    ).exists()
    # what was written reads back as the cleaned values (dates, lists, the point, the user)
    a = made.order_by("external_id").first()
    assert a is not None and a.external_id.startswith("odk:")
    fs = FieldSubmission.objects.get(assessment=a)
    assert isinstance(a.assessed_on, date) and a.condition and a.property_id
    assert isinstance(a.disturbances, list) and a.created_by == users["assessor"]
    assert (a.lat, a.lon) == (fs.lat, fs.lon) and fs.match["how"]
    # a record removed afterwards no longer matches the entry
    fs.delete()
    assert created_by_import(imp)["field_submission"] != logged["field_submission"]


def test_an_undo_removes_at_once_and_names_what_it_removed(users, sites, form_bytes):
    from shield.monitoring.fieldforms_import import ImportRefused, undo
    from shield.monitoring.models import Incident

    obj = load_form(users["assessor"], form_bytes, "form.xlsx")
    imp = run(users["assessor"], obj, g.kobo_json(g.submissions(12, sites)), "export.json")
    created = AuditEntry.objects.get(action="import", target_type="field_import")
    made = list(Assessment.objects.filter(field_submissions__last_import=imp))
    # an assessment that verifies an incident stops the undo, which leaves everything as it was
    incident = Incident.objects.create(
        property=made[0].property,
        reporter_kind="mission",
        reported_on=date(2026, 1, 2),
        allegation="damage",
        verified_by=made[0],
    )
    with pytest.raises(ImportRefused, match="verifies an incident"):
        undo(users["assessor"], imp)
    assert FieldSubmission.objects.count() == 12 and Assessment.objects.count() == len(made)
    incident.delete()
    before = AuditEntry.objects.count()
    undo(users["assessor"], imp)
    assert not FieldSubmission.objects.exists() and not Assessment.objects.exists()
    entry = AuditEntry.objects.get(action="undo", target_type="field_import")
    assert entry.changes["removed_records"] == created.changes["created_records"]
    assert AuditEntry.objects.count() == before + 1  # one entry, not one per record
