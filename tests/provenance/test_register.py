"""The register of stolen and missing objects: reporting, status, disclosure rules, audit,
and the INTERPOL-compatible, CSV and JSON round trips."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shield.audit.models import AuditEntry
from shield.core.errors import NotAllowed, RecordInvalid
from shield.provenance import interchange, register
from shield.provenance.models import RegisterEntry

from .conftest import ICON

pytestmark = pytest.mark.django_db


def test_report_numbers_audits_and_names_the_officers_state(users, reported):
    icon = reported["icon"]
    assert icon.number == "SR-2020-00001"
    assert icon.reporting_state.code == "ARM"
    assert icon.status == "reported"
    assert icon.measurements == [
        {"dimension": "height", "value": 318, "unit": "mm"},
        {"dimension": "width", "value": 245, "unit": "mm"},
    ]
    entry = AuditEntry.objects.get(target_type="register_entry", target_id=str(icon.id))
    assert entry.action == "create" and entry.actor_label == "officer-arm"
    assert entry.changes["circumstances"] == "looting_in_armed_conflict"


def test_an_officer_reports_only_for_its_own_state(users):
    with pytest.raises(NotAllowed):
        register.report(users["officer_aze"], ICON | {"reporting_state": "ARM"})
    with pytest.raises(NotAllowed):
        register.report(users["committee"], ICON)
    assert not RegisterEntry.objects.exists()


def test_bad_input_names_each_field_and_writes_nothing(users):
    bad = ICON | {
        "circumstances": "borrowed",
        "measurements": "height 3x cm; width 12 furlong",
        "lost_from": "2020-13-01",
        "lost_to": "2020-01-01",
    }
    with pytest.raises(RecordInvalid) as caught:
        register.report(users["officer_arm"], bad)
    fields = {e.field for e in caught.value.errors}
    assert {"circumstances", "measurements[0]", "measurements[1].unit", "lost_from"} <= fields
    assert not RegisterEntry.objects.exists() and not AuditEntry.objects.exists()


def test_status_moves_forward_only_and_is_audited(users, reported):
    icon = reported["icon"]
    register.set_status(users["officer_arm"], icon, "circulated", "sent to INTERPOL")
    with pytest.raises(RecordInvalid, match="cannot go from circulated to returned"):
        register.set_status(users["officer_arm"], icon, "returned")
    with pytest.raises(NotAllowed):
        register.set_status(users["officer_aze"], icon, "recovered")
    register.set_status(users["secretariat"], icon, "recovered")
    register.set_status(users["secretariat"], icon, "returned")
    actions = list(
        AuditEntry.objects.filter(target_id=str(icon.id)).values_list("action", "changes")
    )
    assert [a for a, _c in actions] == ["create", "status", "status", "status"]
    assert actions[1][1]["status"] == ["reported", "circulated"]


def test_update_records_only_what_changed(users, reported):
    icon = reported["icon"]
    register.update(users["officer_arm"], icon, {"title": "Saint George", "status": "returned"})
    icon.refresh_from_db()
    assert icon.title == "Saint George" and icon.status == "reported"
    change = AuditEntry.objects.filter(action="update").get()
    assert change.changes == {"title": ["Saint George and the dragon", "Saint George"]}


def test_version_changes_with_the_register(users, reported):
    v1, n1 = register.version()
    assert n1 == 2 and len(v1) == 64
    assert register.version() == (v1, n1)
    register.set_status(users["officer_arm"], reported["icon"], "circulated")
    assert register.version()[0] != v1


@pytest.mark.parametrize("layout", interchange.FORMATS)
def test_round_trip_unchanged(users, reported, layout):
    admin = users["secretariat"]
    register.set_status(admin, reported["icon"], "circulated")
    first = interchange.export(layout, admin)
    version = register.version()
    assert interchange.import_register(first, layout, admin) == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
    }
    RegisterEntry.objects.all().delete()
    assert interchange.import_register(first, layout, admin)["created"] == 2
    assert interchange.export(layout, admin) == first
    assert register.version() == version


def test_interpol_layout_uses_the_notice_fields(users, reported):
    text = interchange.export("interpol", users["secretariat"])
    header = text.splitlines()[0]
    assert header.startswith("National reference,INTERPOL reference,Country,Category,Title")
    assert "height 318 mm; width 245 mm" in text


def test_the_police_file_stays_out_of_a_partial_export(users, reported):
    text = interchange.export("csv", users["officer_aze"])
    assert "POL-2020-4471" not in text and "police_reference" not in text.splitlines()[0]
    assert "POL-2020-4471" in interchange.export("csv", users["secretariat"])


def test_an_import_is_all_or_nothing(users, reported):
    admin = users["secretariat"]
    text = interchange.export("csv", admin).replace("looting_in_armed_conflict", "borrowing")
    text = text.replace("SR-2021-00002", "SR-2021-00099")
    with pytest.raises(RecordInvalid) as caught:
        interchange.import_register(text, "csv", admin)
    assert [e.field for e in caught.value.errors] == ["row 2.circumstances"]
    assert not RegisterEntry.objects.filter(number="SR-2021-00099").exists()


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=40,
).map(str.strip)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=_TEXT,
    inscriptions=st.one_of(
        _TEXT, st.sampled_from(["=HYPERLINK(1)", "'=x", '"quoted", comma', "a\nb"])
    ),
    place=_TEXT,
    value=st.floats(min_value=0.1, max_value=10_000, allow_nan=False).map(lambda v: round(v, 2)),
    layout=st.sampled_from(interchange.FORMATS),
)
def test_any_text_round_trips(users, title, inscriptions, place, value, layout):
    RegisterEntry.objects.all().delete()
    admin = users["secretariat"]
    register.report(
        admin,
        ICON
        | {
            "reporting_state": "ARM",
            "title": title or "x",
            "inscriptions_markings": inscriptions,
            "lost_place": place,
            "measurements": [{"dimension": "height", "value": value, "unit": "cm"}],
        },
    )
    first = interchange.export(layout, admin)
    version = register.version()
    RegisterEntry.objects.all().delete()
    interchange.import_register(first, layout, admin)
    assert interchange.export(layout, admin) == first
    assert register.version() == version
