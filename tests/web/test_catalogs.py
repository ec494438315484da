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


# Words whose Norwegian depends on what they qualify (gender, or the act they name), said
# differently by the catalogs that use them in different places, with the reason.
CONTEXTUAL = {
    "emergency": "a request's urgency (hastesak) or an assistance's kind (nødsituasjon)",
    "ordinary": "a session (sesjon, masculine) or a Meeting (møte, neuter)",
    "extraordinary": "a session (sesjon, masculine) or a Meeting (møte, neuter)",
    "refused": "a request or a payment refused (avslått), an access refused (avvist)",
    "defer": "a motion's noun (utsettelse) or a verb on a button (utsette)",
}


def test_every_catalog_says_a_message_the_same_way():
    """Django merges the catalogs, and the first that holds a message says it everywhere: two
    catalogs with different words for one message would make a page's words depend on the order
    of the apps. Django's own messages (a form's "Enter a valid date.") are said as the project
    says them, or as Django does where no catalog of ours holds them."""
    import django

    own = Path(django.__file__).parent / "conf" / "locale" / "nb" / "LC_MESSAGES" / "django.mo"
    said: dict[str, dict[str, str]] = {}
    for po in CATALOGS:
        for key, words in _messages(po.with_suffix(".mo")).items():
            if key and isinstance(key, str) and key not in CONTEXTUAL:
                said.setdefault(key, {})[str(po.relative_to(PACKAGE))] = words
    differ = {key: where for key, where in said.items() if len(set(where.values())) > 1}
    assert not differ, differ
    django_nb = _messages(own)
    ours = set(said.get("Enter a valid date.", {}).values())
    assert ours <= {django_nb["Enter a valid date."]}, ours
