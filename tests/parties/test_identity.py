"""One identity per State in the database: migration 0004 and shield.parties.identity."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection

from shield.demo.loader import load_states
from shield.monitoring import services as monitoring
from shield.parties.identity import ensure_states, state_for, state_label
from shield.parties.models import State
from shield.registry import services as registry
from shield.registry.fileformats import SourceRow
from shield.registry.models import CulturalProperty
from shield.registry.transfer import import_bytes, import_rows
from shield.registry.validation import RecordInvalid
from shield.treaty import states as treaty_states


def _drop(*codes: str) -> None:
    """Delete States that nothing refers to, as a row-level DELETE (no cascade to look at)."""
    table = connection.ops.quote_name(State._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table} WHERE code IN ({', '.join(['%s'] * len(codes))})", codes)
    assert not State.objects.filter(code__in=codes).exists()


@pytest.mark.django_db
def test_the_migration_loaded_every_state():
    assert State.objects.count() == len(treaty_states.all_states()) == 255
    rows = {
        s.code: (s.name_en, s.name_nb, s.historical)
        for s in State.objects.filter(code__in=["ITA", "CYP", "MLI", "AZE", "SUN", "DDR"])
    }
    assert rows == {
        "ITA": ("Italy", "Italia", False),
        "CYP": ("Cyprus", "Kypros", False),
        "MLI": ("Mali", "Mali", False),
        "AZE": ("Azerbaijan", "Aserbajdsjan", False),
        "SUN": ("Soviet Union", "Sovjetunionen", True),
        "DDR": ("German Democratic Republic", "Den tyske demokratiske republikk", True),
    }
    assert not State.objects.filter(name_nb="").exists()


@pytest.mark.django_db
def test_ensure_states_restores_missing_and_renamed_rows_and_keeps_others():
    _drop("ITA", "NOR")
    State.objects.filter(code="CYP").update(name_nb="Kypros (gammelt navn)")
    State.objects.create(code="XNS", name_en="A non-State party", name_nb="En ikke-statlig part")
    cyprus_id = State.objects.get(code="CYP").pk
    assert ensure_states() == 255
    assert (
        State.objects.get(code="ITA").name_nb == "Italia"
        and State.objects.filter(code="NOR").exists()
    )
    assert (
        State.objects.get(code="CYP").name_nb == "Kypros"
        and State.objects.get(code="CYP").pk == cyprus_id
    )
    assert State.objects.get(code="XNS").name_en == "A non-State party"
    assert State.objects.count() == 256
    assert (
        load_states() == 255 and State.objects.count() == 256
    )  # the demo's loader: the same, twice


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["Italy", "Italia", "ita", "ITA", "IT", "Italian Republic", "Italia (ITA)"]
)
def test_state_for_any_name_gives_the_one_row(text):
    assert state_for(text) == State.objects.get(code="ITA")


@pytest.mark.django_db
def test_state_for_depositary_names():
    assert (
        state_for("Iran (Islamic Republic of)")
        == state_for("Iran")
        == State.objects.get(code="IRN")
    )
    assert state_for("Republic of Moldova").code == "MDA"
    assert state_for("Sør-Korea").code == "KOR"
    assert state_for(State.objects.get(code="NOR")).code == "NOR"


@pytest.mark.django_db
def test_state_for_restores_a_state_the_table_lacks():
    _drop("ITA")
    assert state_for("Italia").name_nb == "Italia"


@pytest.mark.django_db
def test_state_for_finds_a_code_outside_the_treaty_list():
    State.objects.create(code="XNS", name_en="A non-State party")
    assert state_for("xns").name_en == "A non-State party"


@pytest.mark.django_db
def test_unknown_state_names_the_field_the_text_and_suggestions():
    with pytest.raises(RecordInvalid) as info:
        state_for("Itlay", field="claims[0].state")
    [error] = info.value.errors
    assert error.field == "claims[0].state"
    assert error.message == "unknown State 'Itlay': did you mean Italy (ITA)?"
    with pytest.raises(RecordInvalid) as info:
        state_for("  ")
    assert info.value.errors[0].field == "state" and "is required" in info.value.errors[0].message


@pytest.mark.django_db
def test_state_label():
    italy = State.objects.get(code="ITA")
    assert state_label(italy, "nb") == "Italia (ITA)" and state_label(italy, "en") == "Italy (ITA)"
    assert state_label("Aserbajdsjan", "nb-NO") == "Aserbajdsjan (AZE)"


# ---- the doors ----------------------------------------------------------------------------


def _record(external_id: str, state: str, claims: list | None = None) -> dict:
    return {
        "external_id": external_id,
        "category": "monument",
        "state": state,
        "names": [{"text": "Gandzasar", "lang": "en"}],
        "lat": 40.03,
        "lon": 46.5,
        "claims": claims or [],
    }


@pytest.mark.django_db
def test_a_registry_record_naming_its_state_stores_the_code(users):
    rows = [
        SourceRow(
            "record 1",
            _record(
                "t:1",
                "Armenia",
                [
                    {"state": "Aserbajdsjan", "role": "control"},
                    {"state": "arm", "role": "claimant"},
                ],
            ),
        )
    ]
    result = import_rows(users["admin"], rows, "names.json", "x" * 64)
    assert result.created == 1
    prop = CulturalProperty.objects.get(external_id="t:1")
    assert prop.inventory_state.code == "ARM" and prop.code.startswith("ARM-")
    assert sorted(c.state.code for c in prop.claims.all()) == ["ARM", "AZE"]


@pytest.mark.django_db
def test_a_csv_naming_its_states_imports_codes(users):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "category", "state", "name:en", "lat", "lon", "claims"])
    writer.writerow(
        [
            "t:2",
            "monument",
            "Republic of Armenia",
            "Tatev",
            "39.38",
            "46.25",
            json.dumps([{"state": "Azerbaijan", "role": "claimant"}]),
        ]
    )
    writer.writerow(["t:3", "monument", "Norge", "Urnes", "61.30", "7.32", ""])
    import_bytes(users["admin"], out.getvalue().encode(), "names.csv")
    assert CulturalProperty.objects.get(external_id="t:2").inventory_state.code == "ARM"
    assert CulturalProperty.objects.get(external_id="t:3").inventory_state.code == "NOR"


@pytest.mark.django_db
def test_a_registry_record_with_an_unknown_state_names_the_field_and_suggests(users):
    record = _record("t:4", "Armenja", [{"state": "Aserbajdsjan", "role": "claimant"}])
    with pytest.raises(RecordInvalid) as info:
        registry.create_property(users["admin"], record)
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("state", "unknown State 'Armenja': did you mean Armenia (ARM)?")
    ]
    assert not CulturalProperty.objects.filter(external_id="t:4").exists()


@pytest.mark.django_db
def test_a_new_record_may_name_its_state(users):
    prop = registry.create_property(users["admin"], _record("t:5", "Aserbajdsjan"))
    assert prop.inventory_state.code == "AZE" and prop.code.startswith("AZE-")
    with pytest.raises(RecordInvalid, match="a record stays in its State's inventory"):
        registry.update_property(users["admin"], prop, {"state": "Armenia"})
    registry.update_property(users["admin"], prop, {"state": "Azerbaijan", "description": "named"})
    prop.refresh_from_db()
    assert prop.description == "named"


@pytest.mark.django_db
def test_monitoring_takes_a_states_name(users):
    errors = monitoring.clean.Errors()
    assert monitoring._state({"state": "Ukraina"}, "state", errors).code == "UKR"
    assert monitoring._state({"refused_by": "Ukrain"}, "refused_by", errors) is None
    assert [(e.field, e.message) for e in errors] == [
        ("refused_by", "unknown State 'Ukrain': did you mean Ukraine (UKR)?")
    ]
    assert (
        monitoring._state({}, "state", errors, required=True) is None
        and errors[-1].field == "state"
    )
