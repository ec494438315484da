"""Norwegian complete (issue 14, item 4): every message catalog of the project is wholly
translated: ``msgfmt --statistics`` reports no untranslated and no fuzzy message, and the
compiled catalog beside it is the one its source compiles to (no stale ``.mo``)."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import shield

PACKAGE = Path(shield.__file__).parent
CATALOGS = sorted(PACKAGE.rglob("locale/*/LC_MESSAGES/*.po"))


def test_there_are_catalogs():
    assert len(CATALOGS) >= 6, CATALOGS


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_catalog_complete(po, tmp_path):
    if not shutil.which("msgfmt"):
        pytest.fail("msgfmt (gettext) is needed to check the catalogs")
    out = tmp_path / "django.mo"
    done = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", str(out), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stats = done.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages?\.", stats), f"{po}: {stats}"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: compile it with msgfmt"
    assert _messages(mo) == _messages(out), f"{mo} is stale: compile {po.name} again"


def _messages(mo: Path) -> dict:
    """A compiled catalog's messages (the same whichever msgfmt wrote the file)."""
    with mo.open("rb") as f:
        return dict(gettext.GNUTranslations(f)._catalog)
