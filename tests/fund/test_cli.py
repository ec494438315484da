"""`shield fund`, `shield depositary`, `shield reports`: the same services as the pages."""

from __future__ import annotations

import json

import pytest

from shield.cli import main
from shield.fund import institutions

pytestmark = pytest.mark.django_db


def test_contribute_balances_statement(users, sitting, tmp_path, capsys):
    f = tmp_path / "c.json"
    f.write_text(
        json.dumps(
            {"source": "a", "contributor_state": "CHE", "amount": "250.00", "currency": "EUR"}
        )
    )
    assert main(["fund", "contribute", str(f)]) == 0
    f.write_text(
        json.dumps(
            {
                "source": "b.iv",
                "contributor": "x",
                "amount": "1",
                "currency": "EUR",
                "earmark": "none",
            }
        )
    )
    assert main(["fund", "contribute", str(f)]) == 1
    err = capsys.readouterr().err
    assert "fund.earmark_not_decided" in err and "Art. 29(3)" in err
    assert main(["fund", "balances"]) == 0
    assert "EUR 250.00" in capsys.readouterr().out
    assert main(["fund", "statement", "--from", "2000-01-01"]) == 0
    assert "income:a" in capsys.readouterr().out
    assert main(["fund", "statement", "--from", "2000-13-01"]) == 2


def test_depositary_and_reports(users, sitting, capsys):
    assert main(["depositary", "--kind", "deposit"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 68 and sum("[speediest]" in x for x in lines) == 2
    institutions.create_cycle(
        users["secretariat"],
        {
            "ref": "C1",
            "title": "t",
            "period_from": "2017-01-01",
            "period_to": "2020-12-31",
            "due_on": "2021-06-30",
        },
    )
    assert main(["reports", "C1", "--lang", "nb"]) == 0
    assert "AUT\toverdue\tforsinket" in capsys.readouterr().out
