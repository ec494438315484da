"""Fixtures for field forms: an evidence store in a temporary folder, the log's key, and
properties the generated survey visits (by code, by name in another script, by GPS only)."""

from __future__ import annotations

import pytest

from shield.registry import services as registry
from tests.fieldforms import generate as g
from tests.registry.factories import GANDZASAR, REFUGE, SHUSHA


@pytest.fixture(autouse=True)
def log_key(settings):
    from shield.translog.note import Signer

    signer = Signer.generate("heritage-shield.test/audit-log")
    settings.SHIELD_LOG_KEY = signer.skey()
    settings.SHIELD_LOG_KEY_FILE = None
    settings.SHIELD_TSA_URL = ""
    return signer


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    settings.SHIELD_JOBS_DIR = str(tmp_path / "jobs")
    return tmp_path / "evidence"


@pytest.fixture
def props(users):
    return {
        name: registry.create_property(users["admin"], rec)
        for name, rec in (("gandzasar", GANDZASAR), ("shusha", SHUSHA), ("refuge", REFUGE))
    }


@pytest.fixture
def sites(props):
    """Four sites the survey visits: one by the registry's code, one by its name in Armenian
    (the survey's own site id unknown), one by GPS only, one the registry does not know."""
    return [
        (props["gandzasar"].code, "Gandzasar monastery", 40.0156, 46.4889),
        ("SURV-17", "Շուշի", 39.758, 46.751),
        ("SURV-18", "", 61.473829, 8.916357),
        ("SURV-99", "Unknown chapel", 35.1, 38.2),
    ]


@pytest.fixture
def form_bytes():
    return g.xlsform()
