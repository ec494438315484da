"""CSV exports never hand a spreadsheet a formula (OWASP CSV injection), and the registry's
import reads the escaped cells back unchanged, so export -> import still round trips."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.core.csvcells import FORMULA_START, csv_safe, csv_unescape
from shield.listing.public import as_csv
from shield.registry.models import CulturalProperty, PropertyName
from shield.registry.services import create_property
from shield.registry.transfer import import_bytes
from tests.registry.factories import record

NAMES = ['=HYPERLINK("http://example.org/x","x")', "+1", "-2", "@sum(A1:A2)"]
TRICKY = ["'=already escaped by hand", "'s-Hertogenbosch", "''", "'"]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def runs_a_formula(cell: str) -> bool:
    """A text cell a spreadsheet would run (a number such as -44.5 runs nothing)."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell[:1] in FORMULA_START


@given(st.text())
def test_every_text_survives_and_no_escaped_cell_starts_a_formula(text):
    written = csv_safe(text)
    assert csv_unescape(written) == text
    assert written[:1] not in FORMULA_START


def test_numbers_and_plain_text_are_written_as_they_are():
    assert csv_safe(-44.5) == -44.5 and csv_safe(None) is None
    assert (
        csv_safe("Gandzasar") == "Gandzasar" and csv_safe("'s-Hertogenbosch") == "'s-Hertogenbosch"
    )
    assert csv_safe("\t=1+1") == "'\t=1+1" and csv_safe("\r=1") == "'\r=1"


@pytest.mark.django_db(transaction=True)
def test_export_escapes_formula_names_and_reimports_them_unchanged(users, api):
    for i, name in enumerate(NAMES + TRICKY):
        create_property(
            users["admin"],
            record(
                f"t:inj{i}",
                names=[{"text": name, "lang": "en"}],
                lon=-44.5,
                description="=cmd|' /C calc'!A0" if i == 0 else "test record",
            ),
        )
    exported = api(users["admin"]).get("/api/export", format="csv")
    assert exported.status_code == 200
    text = exported.content.decode()
    rows = cells(text)
    header, body = rows[0], rows[1:]
    assert all(not runs_a_formula(c) for row in body for c in row), "a cell would run"
    name_en = header.index("name:en")
    assert {r[name_en] for r in body} >= {"'" + n for n in NAMES}
    assert {r[header.index("lon")] for r in body} == {"-44.5"}  # numbers stay numbers
    # The plain import path (every external_id known) finds nothing changed.
    assert import_bytes(users["admin"], exported.content, "export.csv").unchanged == len(body)
    assert set(PropertyName.objects.values_list("text", flat=True)) == set(NAMES + TRICKY)
    assert CulturalProperty.objects.get(external_id="t:inj0").description.startswith("=cmd")


@pytest.mark.django_db(transaction=True)
def test_a_new_import_reads_escaped_cells_back(users):
    """Into an empty registry (the bulk path), escaped cells are read without their apostrophe,
    the external_id included."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["external_id", "category", "state", "name:en", "lat", "lon", "description"])
    for i, name in enumerate(NAMES):
        w.writerow([csv_safe(f"@ext{i}"), "monument", "ARM", csv_safe(name), 40.1, -44.5, "'-x"])
    result = import_bytes(users["admin"], out.getvalue().encode(), "escaped.csv")
    assert result.created == len(NAMES)
    assert set(CulturalProperty.objects.values_list("external_id", flat=True)) == {
        f"@ext{i}" for i in range(len(NAMES))
    }
    assert set(PropertyName.objects.values_list("text", flat=True)) == set(NAMES)
    assert set(CulturalProperty.objects.values_list("description", flat=True)) == {"-x"}


def test_the_lists_csv_escapes_its_cells():
    entry = {
        "code": "ARM-1",
        "name": '=HYPERLINK("http://example.org")',
        "state": "ARM",
        "level": "enhanced",
        "since": "2020-01-01",
        "basis": "@decision",
        "decision": "+G.1 1",
        "request": "-R1",
        "location": {"lat": -12.5, "lon": -44.5, "precision": "exact"},
        "synthetic": False,
    }
    header, row = cells(as_csv([entry]))
    got = dict(zip(header, row))
    assert got["name"] == "'" + entry["name"] and got["basis"] == "'@decision"
    assert got["decision"] == "'+G.1 1" and got["request"] == "'-R1"
    assert (got["lat"], got["lon"]) == ("-12.5", "-44.5")
    assert not any(runs_a_formula(c) for c in row)
