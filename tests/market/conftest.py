"""Fixtures of the market screening tests: a customs officer (law enforcement), stolen entries
reported through the register's service with photographs, and listings that offer one of
them in another language, in inches, on a cropped and flipped photograph."""

from __future__ import annotations

import json

import pytest
from PIL import ImageOps

from shield.provenance.access import LAW_ENFORCEMENT
from tests.conftest import make_user
from tests.provenance.conftest import ICON, _certificate_key  # noqa: F401 - the autouse key
from tests.provenance.test_matching_images import encoded, picture

VASE = {
    "object_type": "vase",
    "title": "Bronze vase with cranes",
    "date_period": "18th century",
    "materials_techniques": "bronze, gilt",
    "measurements": "height 30 cm; width 20 cm",
    "lost_place": "Demo museum",
    "circumstances": "looting_in_armed_conflict",
    "reported_on": "2021-05-02",
}
OTHERS = [
    {"object_type": "coin", "title": "Silver drachm", "materials_techniques": "silver",
     "measurements": "diameter 2 cm", "date_period": "2nd century", "circumstances": "theft",
     "reported_on": "2022-01-03", "lost_place": "Demo"},
    {"object_type": "manuscript", "title": "Gospel book", "materials_techniques": "parchment",
     "measurements": "height 25 cm; width 18 cm", "date_period": "1311", "circumstances": "theft",
     "reported_on": "2022-01-04", "lost_place": "Demo"},
]  # fmt: skip


@pytest.fixture
def customs(users):
    return make_user("customs", LAW_ENFORCEMENT)


def vase_photo():
    return picture(17)


def listing_photo() -> bytes:
    """The vase's photograph as a dealer shows it: cropped by 4 % a side, mirrored, recompressed."""
    img = vase_photo()
    w, h = img.size
    cropped = img.crop((int(w * 0.04), int(h * 0.04), int(w * 0.96), int(h * 0.96)))
    return encoded(ImageOps.mirror(cropped), quality=80)


@pytest.fixture
def stolen(users):
    from shield.provenance import photos, register

    officer = users["officer_arm"]
    vase = register.report(officer, VASE)
    photos.add(officer, vase, ("vase.jpg", encoded(vase_photo())))
    icon = register.report(officer, ICON)
    others = [register.report(officer, o) for o in OTHERS]
    return {"vase": vase, "icon": icon, "others": others}


LISTINGS = [
    {
        "id": "lot-101",
        "title": "Vase en bronze doré aux grues",
        "description": "Beau vase ancien, travail asiatique",
        "object_type": "vase",
        "materials": "bronze doré",
        "measurements": "11 3/4 x 8 in",
        "date": "XVIIIe siècle",
        "language": "fr",
        "marketplace": "Demo auction house (synthetic)",
        "url": "https://auction.example/lots/101",
        "images": ["lot-101.jpg"],
    },
    {
        "id": "lot-102",
        "title": "Modern table lamp",
        "object_type": "lamp",
        "materials": "plastic",
        "measurements": "45 cm",
        "date": "1990",
        "language": "en",
        "marketplace": "Demo auction house (synthetic)",
    },
]


def listings_file() -> bytes:
    return json.dumps(LISTINGS).encode()


def listing_files() -> dict[str, bytes]:
    return {"lot-101.jpg": listing_photo()}
