"""`shield listing ...` on the test database."""

from __future__ import annotations

import json

import pytest

from shield.cli import main
from shield.listing import committee
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(users):
    sec = users["secretariat"]
    req = notified(users, prop(users), notified_ago=200)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(sec, s, req)
    committee.decide(sec, s, req, "grant", {m: "yes" for m in MEMBERS})
    return req


def test_list_on_dates_and_formats(listed, capsys):
    assert main(["listing", "list", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [e["code"] for e in out["entries"]] == [listed.property.code]
    assert main(["listing", "list", "--on", days_ago(101).isoformat()]) == 0
    assert "0 entries on the List" in capsys.readouterr().out
    assert main(["listing", "list", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("code,name,state,level")


def test_requests_show_and_notice(listed, capsys, tmp_path):
    assert main(["listing", "requests"]) == 0
    assert listed.ref in capsys.readouterr().out
    assert main(["listing", "show", listed.ref]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "granted"
    assert main(["listing", "notice", listed.ref, "inclusion", "--lang", "nb"]) == 0
    assert "De forente nasjoners generalsekretær" in capsys.readouterr().out
    pytest.importorskip("weasyprint")
    pdf = tmp_path / "n.pdf"
    assert main(["listing", "notice", listed.ref, "receipt", "--pdf", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["listing", "notice", listed.ref, "suspension"]) == 1
