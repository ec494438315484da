"""Export certificates (refused for an object on the register, with the cited reason),
provenance gaps, and return cases through their steps."""

from __future__ import annotations

from datetime import date

import pytest

from shield.audit.models import AuditEntry
from shield.core.errors import NotAllowed, RecordInvalid
from shield.provenance import cases, certificates, exports, register, trace
from shield.provenance.models import ExportCertificate
from shield.treaty.refusals import Refused

pytestmark = pytest.mark.django_db

EXPORT = {
    "issuing_authority": "Demo Directorate of Cultural Heritage",
    "issued_on": "2024-05-02",
    "valid_until": "2024-11-02",
    "export_type": "temporary",
    "return_by": "2025-05-01",
    "purpose": "exhibition",
    "exporter_name": "Demo Museum",
    "exporter_address": "1 Museum Street, Oslo",
    "consignee_name": "Demo Gallery",
    "consignee_address": "2 Gallery Road, Yerevan",
    "destination_state": "ARM",
    "value": "12000",
    "currency": "EUR",
    "object_type": "painting",
    "title": "Fjord in winter",
    "materials_techniques": "oil on canvas",
    "measurements": "height 60 cm; width 80 cm",
    "date_period": "1890",
}
ICON_EXPORT = EXPORT | {
    "object_type": "icon",
    "title": "St George",
    "materials_techniques": "tempera on wood",
    "measurements": "height 32 cm; width 24.5 cm",
    "inscriptions_markings": "O AGIOS GEORGIOS",
    "date_period": "c. 1750",
}


def test_an_export_certificate_is_issued_signed_and_numbered(users, reported):
    cert = exports.issue(users["officer_nor"], EXPORT)
    assert cert.number == "EC-NOR-2024-00001"
    checked = certificates.verify(cert.note)
    assert checked.kind == certificates.EXPORT
    assert checked.fields["object"]["title"] == "Fjord in winter"
    assert checked.fields["search_certificate"] == cert.search_certificate.number
    assert exports.validity(cert)
    assert AuditEntry.objects.filter(action="issue", target_type="export_certificate").exists()


def test_an_export_of_a_registered_loss_is_refused_with_the_reason(users, reported):
    with pytest.raises(Refused) as caught:
        exports.issue(users["officer_nor"], ICON_EXPORT)
    refused = caught.value
    assert refused.code == "provenance.export_of_registered_loss"
    assert reported["icon"].number in refused.message("en")
    assert refused.labels("en") == ("Art. 21(b)", "UNGA res. 76/16 para. 31")
    assert "eksportsertifikat" in refused.message("nb")
    assert not ExportCertificate.objects.exists()
    assert AuditEntry.objects.filter(action="refuse").exists()


def test_once_returned_the_object_may_be_exported(users, reported):
    icon = reported["icon"]
    for status in ("recovered", "returned"):
        register.set_status(users["secretariat"], icon, status)
    assert exports.issue(users["officer_nor"], ICON_EXPORT).number


def test_only_the_exporting_states_officer_issues(users, reported):
    with pytest.raises(NotAllowed):
        exports.issue(users["officer_arm"], EXPORT | {"issuing_state": "NOR"})
    with pytest.raises(RecordInvalid) as caught:
        exports.issue(users["officer_nor"], EXPORT | {"return_by": "", "valid_until": "2024-01-01"})
    assert {e.field for e in caught.value.errors} == {"return_by", "valid_until"}


def test_export_from_occupied_territory_is_refused(users, states):
    trace.add_upheaval(
        users["secretariat"],
        {
            "state": "UKR",
            "place": "Demo peninsula",
            "kind": "occupation",
            "name": "Demo occupation",
            "began_on": "2014-03-01",
        },
    )
    obj = trace.create(
        users["officer_nor"],
        {
            "title": "Scythian gold comb",
            "object_type": "comb",
            "origin_state": "UKR",
            "origin_place": "Demo peninsula",
        },
    )
    with pytest.raises(Refused) as caught:
        exports.issue(users["officer_nor"], EXPORT | {"traced": obj.code})
    assert caught.value.code == "provenance.export_from_occupied_territory"
    assert caught.value.labels("en") == ("Art. 9(1)(a)",)


def _traced(users):
    user = users["officer_arm"]
    trace.add_upheaval(
        users["secretariat"],
        {
            "state": "ARM",
            "kind": "armed_conflict",
            "name": "Demo war",
            "began_on": "1988-02-20",
            "ended_on": "1994-05-12",
        },
    )
    obj = trace.create(
        user,
        {
            "title": "Gospel book",
            "object_type": "manuscript",
            "origin_state": "ARM",
            "origin_place": "Demo monastery",
        },
    )
    trace.add_event(user, obj, {"kind": "creation", "on": "1650", "place": "Demo monastery"})
    trace.add_event(
        user,
        obj,
        {
            "kind": "acquisition",
            "on_from": "1905-01-01",
            "on_to": "1910-12-31",
            "parties": "the monastery to a private collector",
        },
    )
    trace.add_event(user, obj, {"kind": "sale", "on": "1987-06", "place": "Paris"})
    trace.add_event(
        user,
        obj,
        {
            "kind": "sale",
            "on": "2001-03-04",
            "place": "London",
            "documents": "auction catalogue lot 44",
        },
    )
    return obj


def test_gaps_are_flagged_around_1970_and_conflicts(users, states):
    obj = _traced(users)
    found = trace.gaps(obj)
    spans = [(g.start, g.end, g.reasons) for g in found]
    assert spans[0] == (date(1650, 12, 31), date(1905, 1, 1), ("silence",))
    assert spans[1][2] == ("silence", "1970")
    assert spans[2][2] == ("silence", "upheaval")
    assert found[2].upheavals[0].name == "Demo war"
    assert "1970-konvensjonen art. 7" in found[1].labels("nb")


def test_a_chain_beginning_after_1970_is_flagged(users, states):
    obj = trace.create(users["officer_arm"], {"title": "Bowl"})
    trace.add_event(users["officer_arm"], obj, {"kind": "sale", "on": "1999"})
    assert trace.gaps(obj)[0].reasons == ("before_1970",)


def test_event_dates_exact_month_year_or_range(users, states):
    obj = trace.create(users["officer_arm"], {"title": "Bowl"})
    e = trace.add_event(users["officer_arm"], obj, {"kind": "gift", "on": "1999-02"})
    assert (e.on_from, e.on_to) == (date(1999, 2, 1), date(1999, 2, 28))
    with pytest.raises(RecordInvalid) as caught:
        trace.add_event(
            users["officer_arm"],
            obj,
            {"kind": "gift", "on_from": "2001-01-01", "on_to": "2000-01-01"},
        )
    assert caught.value.errors[0].field == "on_to"


def test_a_return_case_through_its_steps(users, reported):
    user = users["officer_arm"]
    case = cases.open_case(
        user,
        {
            "title": "Return of the icon",
            "claimant": "ARM",
            "holder": "Demo Gallery",
            "holder_state": "NOR",
            "legal_basis": "unesco_1970",
            "opened_on": "2023-01-10",
            "entries": [reported["icon"].number],
        },
    )
    assert case.code == "RC-00001" and case.status == "open"
    cases.add_position(
        user,
        case,
        {
            "side": "claimant",
            "party": "Armenia",
            "stated_on": "2023-01-10",
            "statement": "The icon was looted in 2020.",
            "source": "request letter",
        },
    )
    cases.add_position(
        users["officer_nor"],
        case,
        {
            "side": "holder",
            "party": "Demo Gallery",
            "stated_on": "2023-02-01",
            "statement": "Bought in good faith in 2021.",
        },
    )
    cases.add_step(user, case, {"step": "negotiation", "on": "2023-02-15"})
    cases.add_step(
        user,
        case,
        {
            "step": "mediation",
            "on": "2023-09-01",
            "note": "through the Intergovernmental Committee",
        },
    )
    assert case.status == "in_mediation"
    with pytest.raises(RecordInvalid, match="a return follows a decision"):
        cases.add_step(user, case, {"step": "return", "on": "2023-10-01"})
    with pytest.raises(RecordInvalid, match="cannot follow"):
        cases.add_step(user, case, {"step": "request", "on": "2023-10-01"})
    cases.add_step(user, case, {"step": "decision", "on": "2024-01-05"})
    cases.add_step(user, case, {"step": "return", "on": "2024-03-01"})
    assert case.status == "returned"
    assert [s.step for s in case.steps.all()] == [
        "request",
        "negotiation",
        "mediation",
        "decision",
        "return",
    ]
    assert AuditEntry.objects.filter(target_type="return_case").count() == 7
