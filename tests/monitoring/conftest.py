"""Fixtures for monitoring: an evidence store in a temporary folder, and three properties."""

from __future__ import annotations

import io

import pytest

from shield.registry import services as registry
from tests.registry.factories import GANDZASAR, REFUGE, SHUSHA


@pytest.fixture(autouse=True)
def log_key(settings):
    """The transparency log's key: evidence packages carry a checkpoint it signed."""
    from shield.translog.note import Signer

    signer = Signer.generate("heritage-shield.test/audit-log")
    settings.SHIELD_LOG_KEY = signer.skey()
    settings.SHIELD_LOG_KEY_FILE = None
    settings.SHIELD_TSA_URL = ""
    return signer


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    return tmp_path / "evidence"


@pytest.fixture
def props(users):
    return {
        name: registry.create_property(users["admin"], rec)
        for name, rec in (("gandzasar", GANDZASAR), ("shusha", SHUSHA), ("refuge", REFUGE))
    }


def jpeg_with_exif(
    lat=61.473829, lon=8.916357, when="2021:01:10 09:30:00", colour=(120, 80, 40)
) -> bytes:
    """A small JPEG carrying capture time, GPS and device in its EXIF."""
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    img = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "DemoCam", "Model 7"
    exif.get_ifd(0x8769)[0x9003] = when

    def dms(value):
        value = abs(value)
        d = int(value)
        m = int((value - d) * 60)
        s = ((value - d) * 60 - m) * 60
        return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(round(s * 10000), 10000))

    exif.get_ifd(0x8825).update(
        {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}
    )
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()
