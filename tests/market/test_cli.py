"""`shield match`: a file of listings and their photographs beside it, screened against the
stolen register; a bad file refused whole, naming the row and the field."""

from __future__ import annotations

import pytest

from shield import cli
from shield.market.models import Batch

from .conftest import listing_files, listings_file

pytestmark = pytest.mark.django_db


def test_match_a_catalogue(customs, stolen, tmp_path, capsys):
    path = tmp_path / "lots.json"
    path.write_bytes(listings_file())
    for name, data in listing_files().items():
        (tmp_path / name).write_bytes(data)
    rc = cli.main(["match", str(path), "--against", "stolen", "--user", "customs"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    batch = Batch.objects.get()
    assert batch.candidates_count >= 1 and f"{batch.code}: 2 listings" in out.out
    assert f"lot-101  ~  {stolen['vase'].number}" in out.out


def test_a_bad_file_names_row_and_field(customs, stolen, tmp_path, capsys):
    path = tmp_path / "lots.csv"
    path.write_text("id,title,measurements\nA,Vase,30 cm\nA,Bowl,12 in\n", encoding="utf-8")
    rc = cli.main(["match", str(path), "--user", "customs"])
    err = capsys.readouterr().err
    assert rc == 1 and "shield match: lots.csv: row 2: id: 'A' is also the id of row 1" in err
    assert "nothing was screened" in err and not Batch.objects.exists()
    assert cli.main(["match", str(tmp_path / "missing.csv"), "--user", "customs"]) == 2


def test_only_those_who_may_screen(users, stolen, tmp_path, capsys):
    path = tmp_path / "lots.csv"
    path.write_text("id,title\nA,Vase\n", encoding="utf-8")
    assert cli.main(["match", str(path), "--user", "officer-arm"]) == 1
    assert "police and customs" in capsys.readouterr().err


def test_train_then_screen_with_the_trained_model(customs, stolen, tmp_path, settings, capsys):
    settings.SHIELD_MARKET_MODEL = str(tmp_path / "model.json")
    path = tmp_path / "lots.json"
    path.write_bytes(listings_file())
    for name, data in listing_files().items():
        (tmp_path / name).write_bytes(data)
    rc = cli.main(["match", str(path), "--train", "--user", "customs"])
    got = capsys.readouterr()
    assert rc == 0 and "model trained: linkage-3:" in got.out, got.err
    from shield.matching.linkage import LinkModel

    trained = LinkModel.load(tmp_path / "model.json")
    assert Batch.objects.get().model_version == trained.version
    assert trained.trained_on["register"] == 4
