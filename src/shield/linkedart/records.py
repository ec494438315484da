"""A property as a Linked Art record (JSON-LD, CIDOC CRM), built with ``cromulent``.

The shape (docs/decisions.md, "Linked Art and identifiers (issue 20)"):

- every property is a ``HumanMadeObject`` (Linked Art models buildings, monuments and the
  remains of sites as human-made objects, and movable objects the same way), classified by
  its category; an immovable one's place is its ``current_location``, a ``Place`` whose
  ``defined_by`` is WKT: the exact point (and boundary) for a reader who may see them, else
  the centre of the ~10 km area every other output shows (``registry.disclosure.location_for``,
  the one rule for all outputs);
- names: ``Name``s with their language (official: primary names; historical: former names;
  local and variant: alternate names), each also classified by its kind;
- Object-ID fields: title, type, materials, measurements (``Dimension``s), inscriptions and
  markings, distinguishing features, subject (``shows``), date and maker (``produced_by``),
  inventory number, custodian and current place;
- claims: ``AttributeAssignment``s carried out by the claiming State (a ``Group`` with its
  ISO 3166-1 alpha-3 code), with their dates, basis and source;
- protection events: ``AttributeAssignment``s classified by level and action, dated, with the
  recorded basis and the provisions the law cites for them (``shield.treaty.events``), in
  English and Norwegian;
- condition assessments: ``AttributeAssignment``s assigning a ``ConditionStatement``
  (condition and damage extent; never where the assessor stood);
- external identifiers: ``Identifier``s classified by their register (a national one assigned
  by its State); a Wikidata item is also an ``equivalent``.

Classifications that the Getty AAT offers through ``cromulent.vocab`` use it; the registry's
own codes (categories, name kinds, roles, levels, registers) are Heritage Shield terms under
``<site>/vocab/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cromulent import model, vocab
from shapely.geometry import GeometryCollection, Point, shape

from shield.monitoring.models import Assessment
from shield.registry import identifiers as ident
from shield.registry.disclosure import location_for
from shield.registry.models import CulturalProperty
from shield.registry.records import children, identifiers_of, with_children
from shield.treaty.events import event_citations

model.factory.auto_assign_id = False  # every id is given: the record's URL, or a blank node

LINKED_ART_CONTEXT = model.factory.context_uri
MEDIA_TYPE = "application/ld+json"
PROFILE = 'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"'

# A name's language: the Getty AAT term where cromulent names one, else the ISO 639 code at
# the Library of Congress; the BCP 47 tag itself in ``notation`` (nothing is lost).
_AAT_LANGUAGE = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "zh": "chinese",
    "hi": "hindi",
    "ar": "arabic",
    "ru": "russian",
    "nl": "dutch",
    "it": "italian",
    "fa": "farsi",
    "ka": "georgian",
    "he": "hebrew",
    "el": "greek",
    "tr": "turkish",
    "nb": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "la": "latin",
    "lt": "lithuanian",
    "cs": "czech",
    "da": "danish",
    "sv": "swedish",
    "hu": "hungarian",
    "ro": "romanian",
    "sr": "serbian",
    "hr": "croatian",
    "bg": "bulgarian",
    "ja": "japanese",
    "ko": "korean",
}
_NAME_CLASS = {
    "official": vocab.PrimaryName,
    "historical": vocab.FormerName,
    "local": vocab.AlternateName,
    "variant": vocab.AlternateName,
}
_DIMENSION_CLASS = {
    "height": vocab.Height,
    "width": vocab.Width,
    "depth": vocab.Depth,
    "weight": vocab.Weight,
    "diameter": vocab.Diameter,
    "length": vocab.Length,
    "thickness": vocab.Thickness,
}
_UNIT = {
    "mm": "mm",
    "cm": "cm",
    "m": "meters",
    "g": "grams",
    "kg": "kilograms",
    "in": "inches",
    "ft": "feet",
    "lb": "pounds",
}
_SCHEME_LABEL = {
    ident.WHC: "World Heritage List id",
    ident.WIKIDATA: "Wikidata item",
    ident.NATIONAL: "national inventory number",
    ident.INTERPOL: "INTERPOL Stolen Works of Art database reference",
}


class Builder:
    """Linked Art records for one reader, with ids under ``base`` (the site's address)."""

    def __init__(self, user, base: str):
        self.user = user
        self.base = base.rstrip("/")

    # ---- terms -----------------------------------------------------------------------------

    def term(self, kind: str, code: str, label: str = "") -> model.Type:
        """A Heritage Shield term: ``<site>/vocab/<kind>/<code>``."""
        return model.Type(ident=f"{self.base}/vocab/{kind}/{code}", label=label or code)

    def url(self, prop: CulturalProperty) -> str:
        return f"{self.base}/property/{prop.code}/"

    @staticmethod
    def language(tag: str) -> model.Language:
        primary = tag.split("-")[0].lower()
        known = _AAT_LANGUAGE.get(primary)
        if known and known in vocab.instances:
            aat = vocab.instances[known]
            lang = model.Language(ident=aat.id, label=aat._label)
        else:
            lang = model.Language(
                ident=f"http://id.loc.gov/vocabulary/iso639-{1 if len(primary) == 2 else 2}/"
                f"{primary}",
                label=tag,
            )
        lang.notation = tag
        return lang

    @staticmethod
    def statement(cls: Any, content: str, lang: str = "") -> model.LinguisticObject:
        text = cls(content=content)
        if lang:
            text.language = Builder.language(lang)
        return text

    def state(self, code: str, name: str = "") -> model.Group:
        group = model.Group(label=name or code)
        group.identified_by = self.code_of(code)
        if name:
            group.identified_by = vocab.PrimaryName(content=name)
        return group

    def code_of(self, state: str) -> model.Identifier:
        code = model.Identifier(content=state)
        code.classified_as = self.term("identifier", "iso3166-alpha3", "ISO 3166-1 alpha-3 code")
        return code

    # ---- the record ------------------------------------------------------------------------

    def record(self, prop: CulturalProperty, assessments: Iterable[Assessment] = ()) -> dict:
        """The Linked Art record of ``prop`` as a JSON-LD document (a dict, with its context).
        The caller has checked that the reader may read it (``disclosure.find_visible``)."""
        obj = vocab.HumanMadeObject(ident=self.url(prop), label=prop.display_name("en"))
        obj.classified_as = self.term("category", prop.category)
        self.names(obj, prop)
        obj.identified_by = vocab.SystemNumber(content=prop.code)
        if prop.external_id:
            obj.identified_by = vocab.LocalNumber(content=prop.external_id)
        self.identifiers(obj, prop)
        if prop.description:
            obj.referred_to_by = vocab.Description(content=prop.description)
        if prop.significance:
            obj.referred_to_by = vocab.SignificanceStatement(content=prop.significance)
        if prop.synthetic:
            note = vocab.Note(content="Invented demo data: not a real cultural property.")
            note.classified_as = self.term("flag", "synthetic", "synthetic demo data")
            obj.referred_to_by = note
        self.object_id(obj, prop)
        self.location(obj, prop)
        for number, claim in enumerate(children(prop, "claims"), start=1):
            obj.attributed_by = self.claim(prop, number, claim)
        for number, event in enumerate(children(prop, "protection_events"), start=1):
            obj.attributed_by = self.protection(prop, number, event)
        for assessment in assessments:
            obj.attributed_by = self.assessment(prop, assessment)
        return model.factory.toJSON(obj)

    def names(self, obj: model.HumanMadeObject, prop: CulturalProperty) -> None:
        for n in children(prop, "names"):
            name = _NAME_CLASS.get(n.kind, vocab.AlternateName)(content=n.text)
            name.classified_as = self.term("name-kind", n.kind)
            name.language = self.language(n.lang)
            if n.source:
                name.referred_to_by = vocab.SourceStatement(content=n.source)
            obj.identified_by = name

    def identifiers(self, obj: model.HumanMadeObject, prop: CulturalProperty) -> None:
        for i in identifiers_of(prop):
            scheme, value = i["scheme"], i["value"]
            number = model.Identifier(content=value)
            number.classified_as = self.term("identifier", scheme, _SCHEME_LABEL[scheme])
            if i["state"]:
                issued = model.AttributeAssignment()
                issued.carried_out_by = self.state(i["state"])
                number.assigned_by = issued
            if i["source"]:
                number.referred_to_by = vocab.SourceStatement(content=i["source"])
            obj.identified_by = number
            if scheme == ident.WIKIDATA:
                obj.equivalent = model.HumanMadeObject(
                    ident=f"http://www.wikidata.org/entity/{value}", label=value
                )

    def object_id(self, obj: model.HumanMadeObject, prop: CulturalProperty) -> None:
        """The Object-ID fields (movable objects mostly; any record that has them)."""
        if prop.title:
            obj.identified_by = vocab.Title(content=prop.title)
        if prop.object_type:
            obj.classified_as = model.Type(label=prop.object_type)
            obj.referred_to_by = self.typed_text("object-type", "type of object", prop.object_type)
        if prop.materials_techniques:
            obj.referred_to_by = vocab.MaterialStatement(content=prop.materials_techniques)
        if prop.inscriptions_markings:
            obj.referred_to_by = vocab.MarkingsStatement(content=prop.inscriptions_markings)
        if prop.distinguishing_features:
            obj.referred_to_by = self.typed_text(
                "distinguishing-features", "distinguishing features", prop.distinguishing_features
            )
        if prop.inventory_number:
            obj.identified_by = vocab.AccessionNumber(content=prop.inventory_number)
        for m in prop.measurements or []:
            obj.dimension = self.dimension(m)
        if prop.subject:
            shown = model.VisualItem(label=prop.subject)
            shown.referred_to_by = self.typed_text("subject", "subject", prop.subject)
            obj.shows = shown
        if prop.date_period or prop.maker:
            made = model.Production()
            if prop.date_period:
                when = model.TimeSpan()
                when.identified_by = vocab.DisplayName(content=prop.date_period)
                made.timespan = when
            if prop.maker:
                made.referred_to_by = vocab.ProductionStatement(content=prop.maker)
            obj.produced_by = made
        if prop.custodian:
            obj.current_custodian = model.Group(label=prop.custodian)
        if prop.current_place and prop.is_movable:
            obj.current_location = model.Place(label=prop.current_place)

    def typed_text(self, code: str, label: str, content: str) -> model.LinguisticObject:
        text = model.LinguisticObject(content=content)
        text.classified_as = self.term("statement", code, label)
        return text

    def dimension(self, m: dict) -> model.Dimension:
        kind = str(m.get("dimension", "")).strip().lower()
        cls = _DIMENSION_CLASS.get(kind)
        dim = cls() if cls is not None else model.Dimension()
        if cls is None:
            dim.classified_as = self.term("dimension", kind.replace(" ", "-") or "other", kind)
        if m.get("value") is not None:
            dim.value = m["value"]
        unit = str(m.get("unit") or "")
        known = _UNIT.get(unit)
        if known:
            dim.unit = vocab.instances[known]
        elif unit:
            dim.unit = model.MeasurementUnit(label=unit)
        return dim

    def location(self, obj: model.HumanMadeObject, prop: CulturalProperty) -> None:
        """The immovable property's place, as far as the reader may see it."""
        if prop.is_movable:
            return
        where = location_for(self.user, prop)
        if where["lat"] is None:
            return
        place = model.Place(label=prop.display_name("en"))
        point = Point(where["lon"], where["lat"])
        if where["precision"] == "exact":
            place.classified_as = self.term("location-precision", "exact", "exact location")
            place.defined_by = (
                GeometryCollection([point, shape(where["boundary"])]).wkt
                if where["boundary"]
                else point.wkt
            )
        else:
            place.classified_as = self.term(
                "location-precision", "area", "confidential: the centre of a ~10 km area"
            )
            place.defined_by = point.wkt
        obj.current_location = place

    def claim(self, prop: CulturalProperty, number: int, c: Any) -> model.AttributeAssignment:
        """A State's control of or claim to the place, as that State's own assignment."""
        state = getattr(c, "state_code", "")
        act = model.AttributeAssignment(ident=f"{self.url(prop)}#claim-{number}")
        act.classified_as = self.term("jurisdiction-role", c.role)
        act.carried_out_by = self.state(state, _state_name(state))
        span = _span(c.valid_from, c.valid_to)
        if span is not None:
            act.timespan = span
        if c.basis:
            act.referred_to_by = self.typed_text("basis", "basis", c.basis)
        if c.source:
            act.referred_to_by = vocab.SourceStatement(content=c.source)
        return act

    def protection(self, prop: CulturalProperty, number: int, e: Any) -> model.AttributeAssignment:
        """A dated event of the property's protection, with the provisions it rests on."""
        act = model.AttributeAssignment(ident=f"{self.url(prop)}#protection-{number}")
        act.classified_as = self.term("protection-level", e.level)
        act.classified_as = self.term("protection-action", e.action)
        act.timespan = _span(e.effective_date, e.effective_date)
        if e.basis:
            act.referred_to_by = self.typed_text("basis", "basis as recorded", e.basis)
        for citation in event_citations(e.level, e.action):
            for lang in ("en", "nb"):
                cited = self.statement(model.LinguisticObject, citation.label(lang), lang)
                cited.classified_as = self.term("statement", "provision", "provision cited")
                act.referred_to_by = cited
        if e.note:
            act.referred_to_by = vocab.Note(content=e.note)
        return act

    def assessment(self, prop: CulturalProperty, a: Assessment) -> model.AttributeAssignment:
        """A condition assessment: what was found, when, by which method (never where the
        assessor stood: a field point may sit inside a confidential area)."""
        act = model.AttributeAssignment(ident=f"{self.url(prop)}#assessment-{a.pk}")
        act.classified_as = self.term("activity", "condition-assessment", "condition assessment")
        act.classified_as = self.term("assessment-method", a.method)
        act.timespan = _span(a.assessed_on, a.assessed_on)
        found = vocab.ConditionStatement(
            content=f"condition: {a.condition}; damage extent: {a.damage_extent}"
        )
        found.classified_as = self.term("condition", a.condition)
        act.assigned = found
        if a.assessor:
            act.carried_out_by = model.Group(label=a.assessor)
        if a.synthetic:
            act.referred_to_by = vocab.Note(content="Invented demo data: not a finding.")
        return act


def _span(start, end) -> model.TimeSpan | None:
    if start is None and end is None:
        return None
    span = model.TimeSpan()
    if start is not None:
        span.begin_of_the_begin = f"{start.isoformat()}T00:00:00Z"
    if end is not None:
        span.end_of_the_end = f"{end.isoformat()}T23:59:59Z"
    return span


def _state_name(code: str) -> str:
    try:
        from shield.treaty import states

        return states.name(code, "en")
    except (LookupError, ValueError, AttributeError):
        return code


def assessments_of(props: list[CulturalProperty]) -> dict:
    """Each property's condition assessments, oldest first (one query for them all)."""
    found: dict = {p.pk: [] for p in props}
    for a in Assessment.objects.filter(property_id__in=list(found)).order_by(
        "assessed_on", "created_at"
    ):
        found[a.property_id].append(a)
    return found


def record_for(user, prop: CulturalProperty, base: str) -> dict:
    """The Linked Art record of one property the reader may read."""
    return Builder(user, base).record(prop, assessments_of([prop])[prop.pk])


def records(user, qs, base: str, chunk: int = 500) -> Iterator[dict]:
    """The Linked Art records of ``qs`` (records the reader may read), in code order, read a
    chunk at a time with their children."""
    builder = Builder(user, base)
    batch: list[CulturalProperty] = []
    for prop in with_children(qs.order_by("code"), chunk=chunk):
        batch.append(prop)
        if len(batch) >= chunk:
            yield from _built(builder, batch)
            batch = []
    yield from _built(builder, batch)


def _built(builder: Builder, batch: list[CulturalProperty]) -> Iterator[dict]:
    if not batch:
        return
    by_property = assessments_of(batch)
    for prop in batch:
        yield builder.record(prop, by_property[prop.pk])
