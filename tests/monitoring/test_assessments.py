"""Assessments (field and remote), their comparison, the treaty analysis and the map."""

from __future__ import annotations

from datetime import date

import pytest

from shield import cli
from shield.audit.models import AuditEntry
from shield.audit.verify import verify_chain
from shield.monitoring import analysis
from shield.registry import services as registry

from .helpers import assessment, party_report

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_remote_assessment_needs_its_image_date_and_provider(users, props, api):
    r = api(users["assessor"]).post(
        "/api/assessments",
        {
            "property": props["shusha"].code,
            "assessed_on": "2021-01-05",
            "method": "remote",
            "condition": "poor",
        },
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"image_date", "image_provider"}
    r = api(users["assessor"]).post(
        "/api/assessments",
        {
            "property": props["shusha"].code,
            "assessed_on": "2021-01-05",
            "method": "remote",
            "condition": "poor",
            "image_date": "2021-01-02",
            "image_provider": "Maxar",
            "damage_extent": "31-60",
            "disturbances": [
                {"category": "military_armed_conflict", "cause": "landmines", "certainty": "sure"}
            ],
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "disturbances[0].certainty"
    # A valid body: the body is checked against the contract before the role is.
    valid = {
        "property": props["shusha"].code,
        "assessed_on": "2021-01-05",
        "method": "field",
        "condition": "poor",
    }
    assert api(users["officer_aze"]).post("/api/assessments", valid).status_code == 403


def test_compare_two_assessments(users, props, api):
    a = assessment(
        users["assessor"],
        props["shusha"],
        assessed_on="2020-09-01",
        condition="good",
        damage_extent="none",
        disturbances=[],
    )
    b = assessment(
        users["assessor"],
        props["shusha"],
        assessed_on="2020-11-01",
        condition="very_bad",
        damage_extent="61-90",
    )
    r = api().get("/api/assessments/compare", a=str(b.pk), b=str(a.pk)).json()
    assert r["trend"] == "worse" and r["days"] == 61 and r["before"] == str(a.pk)
    assert {"field": "condition", "before": "good", "after": "very_bad", "changed": True} in r[
        "fields"
    ]
    assert r["disturbances_added"][0]["cause"] == "explosion_heavy_weaponry"
    other = assessment(users["assessor"], props["gandzasar"])
    assert api().get("/api/assessments/compare", a=str(a.pk), b=str(other.pk)).status_code == 422


def test_the_analysis_reads_protection_on_the_date_of_the_act(users, props, api):
    prop = props["shusha"]
    registry.add_protection_event(
        users["admin"],
        prop,
        "enhanced",
        "granted",
        date(2020, 12, 1),
        "Art. 11(10)",
        check_rights=False,
    )
    before = party_report(
        users["officer_aze"], prop, occurred_on="2020-11-01", reported_on="2020-11-02"
    )
    after = party_report(users["officer_aze"], prop, occurred_on="2021-01-10")
    assert (
        analysis.protection_level(before).value == "general"
    )  # every cultural property, by the law
    assert analysis.protection_level(after).value == "enhanced"
    body = api().get(f"/api/incidents/{after.pk}").json()
    assert body["analysis"]["note"] == "an analysis for a lawyer to weigh, not a verdict"
    assert body["analysis"]["result"]["offences"]["a"] == "unknown"  # intent not established
    assert "Art. 15(1)" in body["analysis"]["citations"]
    before_offences = (
        api().get(f"/api/incidents/{before.pk}").json()["analysis"]["result"]["offences"]
    )
    assert before_offences["a"] == "does not appear to apply"  # (a) needs enhanced protection
    assert before_offences["d"] == "unknown"  # (d) reaches any protected cultural property
    page = api().get(f"/incidents/{after.pk}/").content.decode()
    assert "never a verdict" in page and "Art. 15(1)(a)" in page


def test_the_map_colours_by_latest_condition_and_hides_confidential_points(users, props, api):
    assessment(
        users["assessor"],
        props["refuge"],
        assessed_on="2021-01-01",
        condition="good",
        disturbances=[],
    )
    assessment(users["assessor"], props["refuge"], assessed_on="2021-02-01", condition="destroyed")
    features = api().get("/api/monitoring/map").json()["features"]
    assert len(features) == 1
    p = features[0]["properties"]
    assert p["condition"] == "destroyed" and p["colour"] == "#4a148c" and p["precision"] == "area"
    assert "61.473829" not in api().get("/api/monitoring/map").content.decode()
    assert "61.473829" in api(users["officer_nor"]).get("/api/monitoring/map").content.decode()


def test_a_changed_monitoring_audit_entry_is_named(users, props, capsys):
    from tests.audit.tamper import as_the_database_owner

    party_report(users["officer_aze"], props["shusha"])
    entry = AuditEntry.objects.get(target_type="incident")
    as_the_database_owner(
        ("UPDATE audit_auditentry SET summary = %s WHERE seq = %s", ["edited", entry.seq])
    )
    assert verify_chain()[0][0] == entry.seq
    assert cli.main(["audit", "verify"]) == 1
    assert f"BROKEN at entry {entry.seq}" in capsys.readouterr().out


def test_facts_for_the_analysis_are_checked_and_audited(users, props, api):
    i = party_report(users["officer_aze"], props["shusha"], occurred_on="2021-01-10")
    url = f"/api/incidents/{i.pk}/facts"
    officer = api(users["officer_aze"])
    r = officer.client.put(
        url, {"intentional": True}, content_type="application/json", **officer.headers
    )
    assert r.status_code == 403
    client = api(users["assessor"])
    r = client.client.put(
        url, {"act": "bombing"}, content_type="application/json", **client.headers
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "act"  # the body's field
    r = client.client.put(
        url,
        {"act": "vandalism", "intentional": True, "in_violation": True},
        content_type="application/json",
        **client.headers,
    )
    assert r.status_code == 200
    assert (
        r.json()["analysis"]["result"]["offences"]["e"] == "may apply"
    )  # general protection, by the law
    assert AuditEntry.objects.filter(target_id=str(i.pk), action="facts").count() == 1


def test_an_external_id_already_used_is_refused_by_name_not_with_a_server_error(users, props, api):
    """Found by schemathesis: a second assessment with the external id of the first answered
    500 (the database's unique index). Now 422, naming the field; the same for incidents."""
    body = {
        "property": props["shusha"].code,
        "assessed_on": "2021-01-05",
        "method": "field",
        "condition": "fair",
        "external_id": "field-form:17",
    }
    assert api(users["assessor"]).post("/api/assessments", body).status_code == 201
    again = api(users["assessor"]).post("/api/assessments", body)
    assert again.status_code == 422
    assert (
        again.json()["errors"]
        == [
            {"field": "external_id", "message": "field-form:17 is already the id of another record"}
        ]
        or again.json()["errors"][0]["field"] == "external_id"
    )
    party_report(users["officer_aze"], props["shusha"], external_id="report:9")
    from shield.registry.validation import RecordInvalid

    with pytest.raises(RecordInvalid, match="report:9 is already the id"):
        party_report(users["officer_aze"], props["shusha"], external_id="report:9")
