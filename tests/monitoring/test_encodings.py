"""Field-form files in any Unicode encoding import; anything else is refused naming the file,
on the CLI (no traceback) and through the API; a bad mapping is refused, never a 500."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield import cli
from shield.accounts.models import ApiToken
from shield.monitoring.models import Assessment

pytestmark = pytest.mark.django_db(transaction=True)

MAPPING = {
    "kind": "assessment",
    "constants": {"method": "field"},
    "fields": {"property": "code", "assessed_on": "date", "condition": "cond", "assessor": "who"},
}


def export(props, who: str = "Åse Ødegård") -> str:
    code = props["shusha"].code
    return f"code,date,cond,who,_uuid\n{code},2021-01-01,good,{who},u1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be"])
def test_unicode_exports_import_from_the_cli(users, props, tmp_path, capsys, encoding):
    text = export(props)
    src, mapping = tmp_path / "kobo.csv", tmp_path / "map.json"
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw  # with its byte-order mark
    src.write_bytes(raw)
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8-sig")
    assert cli.main(["monitoring", "import-kobo", str(src), "--mapping", str(mapping)]) == 0
    assert "1 created" in capsys.readouterr().out
    assert Assessment.objects.get().assessor == "Åse Ødegård"


def test_a_latin1_export_is_refused_naming_the_file_without_a_traceback(
    users, props, tmp_path, capsys
):
    src, mapping = tmp_path / "kobo-latin1.csv", tmp_path / "map.json"
    src.write_bytes(export(props).encode("latin-1"))
    mapping.write_text(json.dumps(MAPPING))
    assert cli.main(["monitoring", "import-kobo", str(src), "--mapping", str(mapping)]) == 1
    err = capsys.readouterr().err
    assert "kobo-latin1.csv: not UTF-8 text" in err and "Traceback" not in err
    assert Assessment.objects.count() == 0
    # the mapping is read the same way
    src.write_text(export(props))
    mapping.write_bytes(
        json.dumps({**MAPPING, "constants": {"method": "fält"}}, ensure_ascii=False).encode(
            "cp1252"
        )
    )
    assert cli.main(["monitoring", "import-kobo", str(src), "--mapping", str(mapping)]) == 1
    assert "map.json: not UTF-8 text" in capsys.readouterr().err


def post(users, content: bytes, mapping: bytes, name: str = "k.csv"):
    _t, raw = ApiToken.issue(users["assessor"], "t")
    return Client().post(
        "/api/fieldforms/import",
        {
            "file": SimpleUploadedFile(name, content, "text/csv"),
            "mapping": SimpleUploadedFile("m.json", mapping, "application/json"),
        },
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def test_the_api_refuses_a_latin1_export_and_reads_utf16(users, props):
    mapping = json.dumps(MAPPING).encode()
    r = post(users, export(props).encode("latin-1"), mapping, "felt.csv")
    assert r.status_code == 422
    assert "felt.csv: not UTF-8 text" in r.json()["errors"][0]["message"]
    r = post(users, export(props).encode("utf-16"), mapping)
    assert r.status_code == 200 and r.json()["created"] == 1


@pytest.mark.parametrize(
    "mapping",
    [
        {"kind": "assessment", "fields": {"property": ["code"]}},
        {**MAPPING, "values": {"condition": "good"}},
        {**MAPPING, "constants": ["method"]},
        {**MAPPING, "disturbances": {"prefix": 3}},
        [1, 2],
    ],
)
def test_a_mapping_of_the_wrong_shape_is_refused(users, props, mapping):
    r = post(users, export(props).encode(), json.dumps(mapping).encode())
    assert r.status_code == 422 and r.json()["errors"][0]["message"].startswith("mapping")


@pytest.mark.parametrize(
    "content, says",
    [
        (b"[" * 100_000, "nested too deeply"),
        (b"code,date\n" + b"x" * 200_000 + b"\n", "not CSV"),
        (b"code,date\nA\x00,2021-01-01\n", "NUL"),
    ],
)
def test_an_export_that_is_not_one_is_refused(users, props, content, says):
    r = post(users, content, json.dumps(MAPPING).encode())
    assert r.status_code == 422 and says in r.json()["errors"][0]["message"]


def test_thousands_of_bad_rows_give_a_bounded_answer(users, props):
    rows = "".join(f"NOPE-{i},2021-01-01,good,A,u{i}\n" for i in range(3000))
    r = post(users, f"code,date,cond,who,_uuid\n{rows}".encode(), json.dumps(MAPPING).encode())
    body = r.json()
    assert r.status_code == 422 and len(body["errors"]) == 100
    assert body["total"] == 1000 and body["total_is_lower_bound"] is True
    assert body["counts"][0]["field"] == "property" and len(r.content) < 100_000
