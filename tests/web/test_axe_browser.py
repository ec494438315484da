"""Accessibility (issue 14, item 9): axe-core, run in Chromium over every page in English and
Norwegian (each route once, each role's home, the confirmations), finds no serious or critical
violation; the Norwegian run is on a 390-px phone, where every page keeps to the screen's width
(item 5).

axe-core is vendored (tests/vendor/axe-core: its version, MPL-2.0 licence and third-party
notices beside it), so nothing is downloaded at test time; the pages' Content-Security-Policy
allows no foreign script, so the test injects it through WebDriver."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browsing import wait
from tests.web.test_phone_browser import OVERFLOW, on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 160))
  }))))
  .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
"""


@pytest.fixture
def demo(live_server):
    """The demo, with one request on a session's agenda (so a member has a vote to record) and
    an export job (so there is a job page): each kind of page has a record to show."""
    from shield.core.cli_support import system_user
    from shield.demo.loader import load_demo
    from shield.fund.models import AssistanceRequest
    from shield.jobs import work
    from shield.listing import committee
    from shield.listing.models import Request, Session
    from shield.monitoring.models import Evidence, Incident, Mission

    load_demo()
    secretariat = get_user_model().objects.get(username="secretariat")
    request = Request.objects.filter(status="granted").order_by("ref").first()
    due = Request.objects.filter(status="notified").order_by("notified_on").first()
    session = Session.objects.order_by("-held_on").first()
    committee.add_to_agenda(secretariat, session, due)
    submitted = Request.objects.filter(status="submitted").order_by("ref").first()
    assessed = "demo:ghazanchetsots"
    field_import, place = _field_import(secretariat)
    return {
        "url": live_server.url,
        "request": request.ref,
        "property": request.property.code,
        "assessed": Mission.objects.get().properties.get(external_id=assessed).code,
        "session": session.ref,
        "submitted": submitted.ref,
        "officer": f"officer-{submitted.state.code.lower()}",
        "mission": Mission.objects.get().pk,
        "incident": Incident.objects.order_by("reported_on").first().pk,
        "evidence": Evidence.objects.get().pk,
        "job": work.start_export(system_user(), "csv").pk,
        "fieldimport": field_import,
        "place": place,
        "assistance": AssistanceRequest.objects.order_by("ref").first().ref,
        **_provenance(),
        **_market(secretariat),
    }


def _market(user) -> dict:
    """A market screening batch of one listing that copies the demo's first stolen entry (so
    the review queue and a pair's page have a candidate to show)."""
    import json

    from shield.market import service
    from shield.provenance import models as pv
    from shield.provenance.clean import measurements_text

    entry = pv.RegisterEntry.objects.order_by("number").first()
    lot = {
        "id": "axe-1",
        "title": entry.title,
        "object_type": entry.object_type,
        "materials": entry.materials_techniques,
        "measurements": measurements_text(entry.measurements or []),
        "date": entry.date_period,
        "marketplace": "Demo marketplace (synthetic)",
    }
    batch = service.screen(
        user, json.dumps([lot]).encode(), "axe.json", threshold=0.01, synthetic=True
    )
    return {"batch": batch.code, "pair": batch.candidates.order_by("-probability").first().pk}


def _provenance() -> dict:
    """The demo's stolen-object entry, certificates, traced object and return case."""
    from shield.provenance import models as pv

    return {
        "stolen": pv.RegisterEntry.objects.order_by("number").first().number,
        "certificate": pv.SearchCertificate.objects.order_by("number").first().number,
        "export": pv.ExportCertificate.objects.order_by("number").first().number,
        "traced": pv.TracedObject.objects.order_by("code").first().code,
        "case": pv.ReturnCase.objects.order_by("code").first().code,
    }


def _field_import(user):
    """A field forms import of the generated survey over two demo properties and a site the
    registry does not know (a place to review)."""
    from shield.monitoring import fieldforms_import as ff
    from shield.monitoring.models import PlaceToReview
    from shield.registry.models import CulturalProperty
    from tests.fieldforms import generate as g

    known = CulturalProperty.objects.exclude(lat=None).filter(confidentiality="public")[:2]
    sites = [(p.code, "", p.lat, p.lon) for p in known] + [("SURV-99", "Chapel", 35.1, 38.2)]
    form = ff.load_form(user, g.xlsform(), "form.xlsx")
    imp = ff.run(user, form, g.kobo_json(g.submissions(3, sites)), "survey.json")
    return imp.pk, PlaceToReview.objects.get(created_in=imp).pk


def pages(demo) -> list[str]:
    """One address of every page (every route that answers a page to a GET)."""
    from shield.web.calculators import CALCULATORS

    p, m, i, e = demo["property"], demo["mission"], demo["incident"], demo["evidence"]
    return [
        "/",
        "/search/?q=a",
        "/map/",
        "/list/",
        "/requests/",
        f"/requests/{demo['request']}/",
        "/requests/tentative/",
        "/requests/initiatives/",
        f"/property/{p}/",
        "/committee/",
        "/sessions/",
        f"/sessions/{demo['session']}/",
        "/monitoring/",
        "/conditions/",
        f"/missions/{m}/",
        f"/incidents/{i}/",
        f"/evidence/{e}/",
        "/treaty/",
        "/treaty/offences/",
        "/treaty/readings/",
        "/treaty/article/10/",
        *(f"/treaty/{c.slug}/" for c in CALCULATORS),
        "/log/",
        f"/timeline/{p}/",
        f"/timeline/{demo['assessed']}/compare/",
        f"/dossier/{p}/",
        f"/jobs/{demo['job']}/",
        # the forms: each field labelled, errors beside it
        "/property/new/",
        f"/property/{p}/edit/",
        f"/property/{p}/photograph/",
        f"/property/{p}/confidentiality/",
        f"/property/{p}/protection/",
        f"/property/{p}/delete/",
        "/requests/new/",
        "/monitoring/missions/new/",
        "/monitoring/assessments/new/",
        "/monitoring/incidents/new/",
        "/monitoring/refusals/new/",
        "/monitoring/evidence/new/",
        f"/missions/{m}/status/",
        f"/missions/{m}/consent/",
        f"/missions/{m}/refusal/",
        f"/incidents/{i}/status/",
        f"/evidence/{e}/custody/",
        "/monitoring/fieldforms/",
        f"/monitoring/fieldforms/imports/{demo['fieldimport']}/",
        "/monitoring/fieldforms/places/",
        f"/monitoring/fieldforms/places/{demo['place']}/",
        "/screening/",
        # the Fund, assistance, reports, Meetings, dissemination, the depositary (issue 19)
        "/fund/",
        "/fund/statement/",
        "/fund/record/contribution/",
        "/fund/programmes/new/",
        "/assistance/",
        "/assistance/new/",
        f"/assistance/{demo['assistance']}/",
        "/reports/",
        "/reports/cycles/new/",
        "/reports/translations/new/",
        "/reports/DEMO-2017-2020/",
        "/reports/DEMO-2017-2020/new/",
        "/reports/DEMO-2017-2020/ARM/",
        "/meetings/",
        "/meetings/new/",
        "/meetings/DEMO-MP/",
        "/dissemination/",
        "/dissemination/new/",
        "/depositary/",
        "/provenance/",
        "/provenance/stolen/new/",
        f"/provenance/stolen/{demo['stolen']}/",
        f"/provenance/stolen/{demo['stolen']}/status/",
        f"/provenance/stolen/{demo['stolen']}/photograph/",
        "/provenance/upheavals/",
        "/provenance/check/",
        "/provenance/certificates/",
        f"/provenance/certificates/{demo['certificate']}/",
        "/provenance/exports/new/",
        f"/provenance/exports/{demo['export']}/",
        "/provenance/objects/new/",
        f"/provenance/objects/{demo['traced']}/",
        f"/provenance/objects/{demo['traced']}/event/",
        f"/provenance/objects/{demo['traced']}/photograph/",
        "/provenance/cases/new/",
        f"/provenance/cases/{demo['case']}/",
        f"/provenance/cases/{demo['case']}/step/",
        f"/provenance/cases/{demo['case']}/position/",
        "/market/",
        f"/market/{demo['batch']}/",
        f"/market/{demo['batch']}/pairs/{demo['pair']}/",
    ]


# Routes that answer no page of their own to a GET, and where their pages are checked.
NOT_PAGES = {
    "i18n/setlang/": "the language switch: a redirect",
    "logout/": "a redirect",
    "list/feed.atom": "an Atom feed, not a page",
    "requests/<str:ref>/<str:step>/": "POST only: its pages (a confirmation) are checked below",
    "requests/<str:ref>/notices/<str:kind>.<str:fmt>": "a notice as a file (PDF or text)",
    "login/": "checked first, as the anonymous reader sees it",
    "property/<str:ref>/restore/": "checked on a deleted record, after the other pages",
    "fund/statement.csv": "the Fund's statement as a CSV file",
    "fund/statement.pdf": "the Fund's statement as a PDF file",
    "assistance/<str:ref>/<str:step>/": "POST only: its forms are on the request's page",
    "reports/<str:ref>/<str:state>/<str:step>/": "POST only: its forms are on the report's page",
    "meetings/<str:ref>/<str:step>/": "POST only: its forms are on the Meeting's page",
    "depositary/feed.atom": "an Atom feed, not a page",
    "provenance/certificates/<str:number>/download/": "the signed certificate as a file",
    "provenance/exports/<str:number>/pdf/": "a PDF (its text is checked in tests/provenance)",
    "provenance/photos/<int:pk>/": "a photograph (a JPEG of its pixels only, checked in "
    "tests/provenance)",
    "screening/nostrike/": "the no-strike list as a file (GeoJSON, KML or CSV): its form is on "
    "/screening/",
    "monitoring/fieldforms/confirm/": "POST only: the preview it confirms is checked in "
    "tests/fieldforms/test_browser.py, at 1400 and 390 px",
    "treaty/akn/<str:lang>/": "the Protocol as Akoma Ntoso XML, not a page (checked in "
    "tests/treaty/test_akoma_ntoso.py)",
    "treaty/akn/<str:lang>/<int:number>/": "an article as Akoma Ntoso XML, not a page",
    # OGC API - Features (shield.api.ogc): JSON and GeoJSON for GIS clients, not pages
    # (read by ogrinfo in tests/api/test_ogc_features.py)
    "ogc/": "the OGC API - Features landing page: JSON, not a page",
    "ogc/api": "the OGC API's OpenAPI definition: JSON",
    "ogc/conformance": "the OGC API's conformance classes: JSON",
    "ogc/collections": "the OGC API's collections: JSON",
    "ogc/collections/<str:cid>": "an OGC API collection: JSON",
    "ogc/collections/<str:cid>/items": "an OGC API collection's features: GeoJSON",
    "ogc/collections/<str:cid>/items/<str:fid>": "an OGC API feature: GeoJSON",
    "market/images/<str:sha256>/": "a listing's photograph (a JPEG of its pixels only, checked "
    "in tests/market/test_pages.py)",
    "iiif/property/<str:code>/manifest.json": "a IIIF manifest (JSON-LD), not a page (read by "
    "iiif-prezi3 in tests/monitoring/test_iiif.py)",
    "iiif/incident/<uuid:incident_id>/manifest.json": "a IIIF manifest (JSON-LD), not a page",
    "iiif/<str:image_id>": "a IIIF image's base address: a redirect to its info.json",
    "iiif/<str:image_id>/info.json": "a IIIF image's description (JSON), not a page",
    "iiif/<str:image_id>/<str:region>/<str:size>/<str:rotation>/<str:filename>": "a picture "
    "(JPEG or PNG of pixels only, checked in tests/monitoring/test_iiif.py)",
}


def test_every_page_route_is_checked():
    """A new page cannot escape the check: each route outside the API and the admin has an
    address in ``pages`` or a reason in ``NOT_PAGES``."""
    from django.urls import URLPattern, URLResolver, get_resolver, resolve

    sample = {
        "url": "",
        "request": "EP-1",
        "property": "ARM-00001",
        "assessed": "ARM-00002",
        "session": "1.COM",
        "submitted": "EP-2",
        "officer": "officer-arm",
        "mission": "00000000-0000-4000-8000-000000000001",
        "incident": "00000000-0000-4000-8000-000000000002",
        "evidence": "00000000-0000-4000-8000-000000000003",
        "job": "00000000-0000-4000-8000-000000000004",
        "fieldimport": "00000000-0000-4000-8000-000000000005",
        "place": "00000000-0000-4000-8000-000000000006",
        "assistance": "IA-2026-001",
        "stolen": "SR-1",
        "certificate": "SC-1",
        "export": "EC-1",
        "traced": "PV-1",
        "case": "RC-1",
        "batch": "MS-00001",
        "pair": 1,
    }
    checked = {resolve(path.split("?")[0]).route for path in pages(sample)}

    def routes(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from routes(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    missing = [
        r
        for r in routes(get_resolver())
        if not r.startswith(("api/", "admin/")) and r not in checked and r not in NOT_PAGES
    ]
    assert not missing, f"pages no accessibility check reaches: {missing}"


def login(browser, base, username, password):
    browser.get(base + "/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def violations(browser, url, lang) -> list[dict]:
    browser.get(url)
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")
    assert browser.execute_script("return document.documentElement.lang") == lang, url
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    found = browser.execute_async_script(RUN)
    return [v for v in found if v["impact"] in SERIOUS]


def _check(browser, url, lang, bad, label=None):
    found = violations(browser, url, lang)
    if found:
        bad[label or url] = found
    _fits(browser, bad, label or url)


def _fits(browser, bad, label):
    """On the phone (the Norwegian run, whose words are the longer), the page keeps to the
    screen's width: a wide table scrolls in its own box."""
    if browser.execute_script("return window.innerWidth") > 400:
        return
    found = browser.execute_script(OVERFLOW)
    if found["scroll"] > found["width"] + 1 or found["worst"] is not None:
        bad[f"{label} at 390 px"] = [
            {
                "impact": "serious",
                "id": "overflow",
                "help": "wider than the phone",
                "nodes": [found],
            }
        ]


def _axe_here(browser, lang, bad, label):
    """axe over the page the browser shows now (one reached by a form, not by an address)."""
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")
    assert browser.execute_script("return document.documentElement.lang") == lang, label
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    found = [v for v in browser.execute_async_script(RUN) if v["impact"] in SERIOUS]
    if found:
        bad[label] = found
    _fits(browser, bad, label)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_no_serious_violation(browser, demo, lang):
    base = demo["url"]
    if lang == "nb":
        on_phone(browser)  # every page once at 1400 px (English) and once at 390 px (Norwegian)
    browser.get(base + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    bad: dict[str, list] = {}
    _check(browser, base + "/login/", lang, bad, "/login/")  # the anonymous reader's pages
    for path in ("/", f"/property/{demo['property']}/", "/list/"):
        _check(browser, base + path, lang, bad, f"anonymous {path}")
    # Each role's home, as that role sees it.
    for username, password in (
        ("committee", "committee-demo"),
        ("assessor", "assessor-demo"),
        (demo["officer"], "officer-demo"),
    ):
        login(browser, base, username, password)
        _check(browser, base + "/", lang, bad, f"{username} /")
    # The officer's confirmation before a withdrawal (reached by the form, nothing recorded).
    browser.get(base + f"/requests/{demo['submitted']}/")
    browser.find_element(By.ID, "withdraw").click()
    wait(browser, lambda b: b.find_elements(By.ID, "confirm-withdraw"))
    _axe_here(browser, lang, bad, "confirm a withdrawal")
    # A member's confirmation of a vote.
    login(browser, base, "committee", "committee-demo")
    browser.get(base + f"/sessions/{demo['session']}/")
    for select in browser.find_elements(By.CSS_SELECTOR, "#vote-form select[name^=vote_]"):
        Select(select).select_by_value("yes")
    browser.find_element(By.ID, "decide").click()
    wait(browser, lambda b: b.find_elements(By.ID, "confirm-vote"))
    _axe_here(browser, lang, bad, "confirm a vote")
    login(browser, base, "secretariat", "secretariat-demo")
    for path in pages(demo):
        _check(browser, base + path, lang, bad, path)
    # A deleted record as the Secretariat sees it, and the page that restores it.
    browser.get(base + f"/property/{demo['property']}/delete/")
    browser.find_element(By.ID, "id_reason").send_keys("axe")
    browser.find_element(By.ID, "confirm").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "ul.messages"))
    _axe_here(browser, lang, bad, "a deleted record")
    _check(browser, base + f"/property/{demo['property']}/restore/", lang, bad, "restore")
    assert not bad, "\n".join(
        f"{path}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
        for path, found in bad.items()
        for v in found
    )
