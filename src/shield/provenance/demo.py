"""Demo: objects lost in the demo's conflicts, a market listing that matches one, a provenance
with gaps, an export certificate, and a return case in mediation.

Every record is invented for trying the pages and flagged synthetic; none is a finding about
a real object, a real loss or a real claim. Loading twice changes nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from . import cases, certificates, check, exports, photos, register, trace
from .models import ExportCertificate, RegisterEntry, ReturnCase, SearchCertificate, TracedObject

LOSSES = [
    (
        "officer-arm",
        "SR-2020-90001",
        {
            "object_type": "icon",
            "title": "Saint George and the dragon (demo)",
            "maker": "unknown workshop",
            "date_period": "18th century",
            "materials_techniques": "tempera and gilding on wood",
            "measurements": "height 318 mm; width 245 mm",
            "inscriptions_markings": "O AGIOS GEORGIOS",
            "distinguishing_features": "crack across the lower left corner; wax seal on the back",
            "lost_from": "2020-10-01",
            "lost_to": "2020-10-15",
            "lost_place": "Demo village church",
            "circumstances": "looting_in_armed_conflict",
            "red_list_category": "religious_objects",
            "police_reference": "DEMO-POL-2020-0001",
            "police_notes": "Invented demo police file: witness statements, vehicle seen.",
            "reported_on": "2020-10-20",
        },
    ),
    (
        "officer-aze",
        "SR-2020-90002",
        {
            "object_type": "carpet",
            "title": "Knotted carpet with medallions (demo)",
            "date_period": "19th century",
            "materials_techniques": "wool on cotton, knotted",
            "measurements": "length 2.4 m; width 1.5 m",
            "distinguishing_features": "repaired edge, museum label on the back",
            "lost_from": "2020-10-05",
            "lost_place": "Demo town museum",
            "circumstances": "looting_in_armed_conflict",
            "red_list_category": "textiles",
            "police_reference": "DEMO-POL-2020-0002",
            "reported_on": "2020-11-20",
        },
    ),
    (
        "officer-arm",
        "SR-2021-90003",
        {
            "object_type": "khachkar fragment",
            "title": "Cross stone fragment (demo)",
            "date_period": "1211",
            "materials_techniques": "basalt, carved",
            "measurements": "height 1.2 m; width 0.7 m",
            "inscriptions_markings": "Ես Գրիգոր կանգնեցի զխաչս",
            "lost_place": "Demo cemetery",
            "circumstances": "removal_from_occupied_territory",
            "reported_on": "2021-03-02",
        },
    ),
]

LISTING = {
    "object_type": "icon",
    "title": "St George slaying the dragon, Eastern icon (demo listing)",
    "materials_techniques": "tempera on wood panel",
    "measurements": "height 32 cm; width 24.5 cm",
    "inscriptions_markings": "ΟΑΓΙΟΣ ΓΕΩΡΓΙΟΣ",
    "date_period": "c. 1750",
    "holder": "Demo online marketplace seller",
    "listing_url": "https://market.example/listing/4411",
}

MANUSCRIPT = {
    "object_type": "manuscript",
    "title": "Illuminated Gospel book (demo)",
    "date_period": "17th century",
    "materials_techniques": "ink and pigments on parchment",
    "origin_state": "ARM",
    "origin_place": "Demo monastery",
    "holder": "Demo private collection",
}
MANUSCRIPT_EVENTS = [
    {"kind": "creation", "on": "1650", "place": "Demo monastery"},
    {
        "kind": "acquisition",
        "on_from": "1905-01-01",
        "on_to": "1910-12-31",
        "parties": "the monastery to a private collector",
    },
    {"kind": "sale", "on": "1987-06", "place": "Paris", "parties": "collector's heirs to a dealer"},
    {
        "kind": "sale",
        "on": "2001-03-04",
        "place": "London",
        "documents": "auction catalogue, lot 44",
    },
]
UPHEAVALS = [
    {
        "state": "ARM",
        "kind": "armed_conflict",
        "name": "Demo: armed conflict of 1988-1994 (illustrative)",
        "began_on": "1988-02-20",
        "ended_on": "1994-05-12",
        "source": "demo data",
    },
    {
        "state": "AZE",
        "kind": "armed_conflict",
        "name": "Demo: armed conflict of 2020 (illustrative)",
        "began_on": "2020-09-27",
        "ended_on": "2020-11-10",
        "source": "demo data",
    },
]

EXPORT = {
    "issuing_authority": "Demo Directorate for Cultural Heritage",
    "issued_on": "2024-05-02",
    "valid_until": "2024-11-02",
    "export_type": "temporary",
    "return_by": "2025-05-01",
    "purpose": "exhibition",
    "exporter_name": "Demo Museum of Art",
    "exporter_address": "1 Museum Street, Oslo",
    "consignee_name": "Demo Gallery",
    "consignee_address": "2 Gallery Road, Yerevan",
    "destination_state": "ARM",
    "value": "12000",
    "currency": "EUR",
    "object_type": "painting",
    "title": "Fjord in winter (demo)",
    "materials_techniques": "oil on canvas",
    "measurements": "height 60 cm; width 80 cm",
    "date_period": "1890",
}

CASE = {
    "title": "Return of the demo icon",
    "claimant": "ARM",
    "holder": "Demo online marketplace seller",
    "holder_state": "NOR",
    "legal_basis": "unesco_1970",
    "opened_on": "2023-01-10",
    "entries": ["SR-2020-90001"],
    "note": "Request for return (demo).",
}


def _user(name: str):
    return get_user_model().objects.get(username=name)


def _resign_if_key_changed() -> None:
    """The demo's certificates under this run's key: where the key changed (``shield demo``
    makes a new SECRET_KEY, from which the default certificate key is derived), the synthetic
    ones are signed again; a certificate of a real check never is."""
    try:
        certificates.verifier()
    except certificates.CertificateProblem:
        return
    for cert in SearchCertificate.objects.filter(synthetic=True):
        if check.validity(cert) is None:
            fields = certificates.verify_fields_unchecked(cert.note)
            fields["issuer"] = certificates.verifier().name
            cert.note = certificates.make(certificates.SEARCH, fields)
            cert.save(update_fields=["note"])
    for ex in ExportCertificate.objects.filter(synthetic=True):
        if not exports.validity(ex):
            ex.note = certificates.make(certificates.EXPORT, exports.signed_fields(ex))
            ex.save(update_fields=["note"])


def _icon_picture() -> bytes:
    """A drawn stand-in for the icon's photograph (synthetic: shapes, no real object)."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 640), (201, 160, 62))
    d = ImageDraw.Draw(img)
    d.rectangle((30, 30, 450, 610), outline=(90, 30, 20), width=14)
    d.ellipse((170, 70, 310, 210), fill=(240, 205, 90), outline=(120, 80, 20), width=6)
    d.ellipse((200, 100, 280, 180), fill=(170, 110, 80))
    d.polygon([(150, 230), (330, 230), (360, 520), (120, 520)], fill=(140, 20, 25))
    d.polygon([(60, 560), (240, 420), (420, 580)], fill=(40, 90, 50))
    d.line((100, 200, 400, 560), fill=(60, 50, 50), width=10)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _listing_picture(original: bytes) -> bytes:
    """The seller's photograph: the same object turned, smaller and recompressed."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(original)).convert("RGB")
    img = img.rotate(90, expand=True).resize((400, 300))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=60)
    return out.getvalue()


def load() -> str:
    if RegisterEntry.objects.filter(number=LOSSES[0][1]).exists():
        _resign_if_key_changed()
        return "provenance demo: already loaded"
    for username, number, data in LOSSES:
        register.report(_user(username), data | {"synthetic": True}, number=number)
    secretariat = _user("secretariat")
    register.set_status(
        secretariat, RegisterEntry.objects.get(number="SR-2020-90001"), "circulated"
    )
    for u in UPHEAVALS:
        trace.add_upheaval(secretariat, u, synthetic=True)
    officer_arm, officer_nor = _user("officer-arm"), _user("officer-nor")
    icon_photo = _icon_picture()
    photos.add(
        _user(LOSSES[0][0]),
        RegisterEntry.objects.get(number="SR-2020-90001"),
        ("icon-front.png", icon_photo),
        "front (drawn stand-in, demo)",
        synthetic=True,
    )
    listing = trace.create(officer_nor, LISTING, synthetic=True)
    seller_photo = ("listing.jpg", _listing_picture(icon_photo))
    photos.add(officer_nor, listing, seller_photo, "the seller's photograph (demo)", synthetic=True)
    check.run(
        None,
        {k: v for k, v in LISTING.items() if k in check.QUERY_FIELDS},
        synthetic=True,
        photographs=[seller_photo],
    )
    manuscript = trace.create(officer_arm, MANUSCRIPT, synthetic=True)
    for event in MANUSCRIPT_EVENTS:
        trace.add_event(officer_arm, manuscript, event)
    exports.issue(officer_nor, EXPORT, synthetic=True)
    case = cases.open_case(officer_arm, CASE | {"traced": [listing.code]}, synthetic=True)
    cases.add_position(
        officer_arm,
        case,
        {
            "side": "claimant",
            "party": "Armenia (demo)",
            "stated_on": "2023-01-10",
            "statement": "The icon was looted from the demo village church in October 2020.",
            "source": "request letter (demo)",
        },
    )
    cases.add_position(
        officer_nor,
        case,
        {
            "side": "holder",
            "party": "Demo online marketplace seller",
            "stated_on": "2023-02-01",
            "statement": "The icon was bought in good faith at a fair in 2021.",
            "source": "letter of the seller's lawyer (demo)",
        },
    )
    cases.add_step(officer_arm, case, {"step": "negotiation", "on": "2023-02-15"})
    cases.add_step(
        officer_arm,
        case,
        {"step": "mediation", "on": "2023-09-01", "note": "Referred to mediation (demo)."},
    )
    n = RegisterEntry.objects.count()
    return (
        f"provenance: {n} register entries, {TracedObject.objects.count()} traced objects, "
        f"{ExportCertificate.objects.count()} export certificate, "
        f"{ReturnCase.objects.count()} return case (synthetic)"
    )
