"""`shield fieldforms map|form|import|undo|places`: KoboToolbox, Ona and ODK Central exports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

MAP_HELP = """\
Read a form definition (an XLSForm .xlsx, the JSON form Kobo/Ona/ODK export, a Kobo asset
JSON, or an XForm .xml), keep it under its form id and version, and propose a mapping of
its questions to our fields: by type, by name and by label in every language of the form;
each choice to our vocabularies (condition, extent, causes of damage, certainty,
priority). Prints the mapping as JSON. Edit it and give it back with --mapping to keep it.

The mapping:
  {"kind": "assessment",                       (or "incident")
   "fields": {"site_id": "site/site_code",     our field -> the form's question (its path)
              "site_name": "site/site_name",   used to find the property by name
              "location": "site/gps",          a geopoint: kept on the assessment
              "assessed_on": "today", "condition": "damage/damage_level",
              "damage_extent": "...", "causes": "damage/causes", "certainty": "...",
              "priority": "...", "assessor": "surveyor", "notes": "comments",
              "photos": ["photos/photo"]},     image/audio/video questions: evidence
   "values": {"condition": {"severe": "very_bad"},          the form's choice -> our code
              "causes": {"shelling": "military_armed_conflict/explosion_heavy_weaponry"}},
   "constants": {"method": "field"}}           the same for every submission
"""

IMPORT_HELP = """\
Import an export as it came from KoboToolbox, Ona or ODK Central (JSON, CSV with , or ;
and groups joined by / or ., names or labels as headers, XLSX with repeat groups on their
own sheets, ODK Central's CSV or its ZIP with media), read through its form (--form: a
kept form id, or a form file). Each submission is matched to a property by its site id,
its name in any script, or its GPS point within --radius metres; else it waits on a place
to review (`shield fieldforms places`). An edit (meta/deprecatedID) or the same submission
with other content updates the earlier record. All or nothing unless --skip-invalid,
which writes the valid submissions and the refused ones, with their reasons, to --refused.
"""


FORM_HELP = """\
Write the XLSForm of Heritage Shield's condition assessment (--kind assessment) or incident
report (--kind incident), or both in one ZIP (--kind both), for KoboToolbox, Ona or ODK:
EAMENA's vocabularies as choice lists labelled in English and Norwegian (bokmål), the
property's code, the GPS point, photographs, and for an assessment the assessor, date,
condition, damage types, threats and notes. Data collected with it imports with no mapping
step: `shield fieldforms import EXPORT --form heritage_shield_assessment` (or
heritage_shield_incident) recognises the form by its id and uses its built-in mapping.
"""


def cmd_form(args) -> int:
    from shield.core.cli_support import setup

    setup()  # no database: the form is made from code
    from . import fieldforms_ourform as ours

    body = ours.xlsform(args.kind)
    out = Path(args.output or ours.filename(args.kind))
    out.write_bytes(body)
    print(f"{out}: {len(body):,} bytes ({args.kind})", file=sys.stderr)
    return 0


def register(sub) -> None:
    ff = sub.add_parser(
        "fieldforms",
        help="field surveys (KoboToolbox, Ona, ODK Central): map a form, import its exports",
    )
    fsub = ff.add_subparsers(dest="fieldforms_command", required=True)
    m = fsub.add_parser(
        "map",
        help="read a form, propose a mapping to our fields (or keep an edited one)",
        description=MAP_HELP,
        formatter_class=_raw(),
    )
    m.add_argument("form", help="the form definition (XLSForm .xlsx, JSON form, XForm .xml)")
    m.add_argument("--kind", choices=["assessment", "incident"], default="assessment")
    m.add_argument("--mapping", help="a mapping (JSON) to keep for this form and version")
    m.add_argument("--propose", action="store_true", help="propose again, replacing the kept one")
    m.add_argument("--output", "-o", help="write the mapping to this file (default: print it)")
    m.add_argument("--user", help="act as this user (default: the local administrator 'system')")
    m.set_defaults(func=cmd_map)
    f = fsub.add_parser(
        "form",
        help="write Heritage Shield's own XLSForm (condition assessment, incident report)",
        description=FORM_HELP,
        formatter_class=_raw(),
    )
    f.add_argument("--kind", choices=["assessment", "incident", "both"], default="assessment")
    f.add_argument(
        "--output", "-o", help="the file to write (default: the form's id, .xlsx; both: .zip)"
    )
    f.set_defaults(func=cmd_form)
    i = fsub.add_parser(
        "import",
        help="import an export through its form (all or nothing)",
        description=IMPORT_HELP,
        formatter_class=_raw(),
    )
    i.add_argument("export", help="the export file (JSON, CSV, XLSX, XLS or ZIP)")
    i.add_argument("--form", required=True, help="a kept form's id, or the form's file")
    i.add_argument("--version", help="the form's version (default: the latest kept)")
    i.add_argument("--media", help="a ZIP of the survey's media files (photos)")
    i.add_argument("--radius", type=float, default=250.0, help="metres for a match by GPS")
    i.add_argument("--skip-invalid", action="store_true", help="write the valid submissions")
    i.add_argument("--refused", help="where --skip-invalid writes the refused (CSV)")
    i.add_argument("--dry-run", action="store_true", help="check and count; write nothing")
    i.add_argument("--user", help="act as this user (default: the local administrator 'system')")
    i.set_defaults(func=cmd_import)
    u = fsub.add_parser("undo", help="take back one import as a whole")
    u.add_argument("import_id")
    u.add_argument("--user")
    u.set_defaults(func=cmd_undo)
    p = fsub.add_parser(
        "places",
        help="places to review; --resolve ID --property CODE, or --resolve ID --new "
        "--category C --state S (a new property from the survey)",
    )
    p.add_argument("--resolve", help="the place to review's id")
    p.add_argument("--property", help="the property it is (code, external id or id)")
    p.add_argument(
        "--new",
        action="store_true",
        help="record it as a new property (the registry's service, your role's rights), "
        "with the survey's name, site id, point and shape",
    )
    p.add_argument("--category", help="with --new: the registry's category (e.g. monument)")
    p.add_argument("--state", help="with --new: the State whose inventory it joins (ISO alpha-3)")
    p.add_argument("--user")
    p.set_defaults(func=cmd_places)


def _raw():
    import argparse

    return argparse.RawDescriptionHelpFormatter


def _fail(cmd: str, message: str, code: int = 2) -> int:
    print(f"shield fieldforms {cmd}: {message}", file=sys.stderr)
    return code


def _user(name):
    from shield.core.cli_support import acting_user

    return acting_user(name)


def cmd_map(args) -> int:
    from shield.core.cli_support import ready

    ready("shield fieldforms map")
    from shield.core.errors import NotAllowed

    from . import fieldforms_import as ff

    path = Path(args.form)
    if not path.is_file():
        return _fail("map", f"{path}: no such file")
    user = _user(args.user)
    try:
        obj = ff.load_form(user, path.read_bytes(), path.name, args.kind)
        if args.propose or (obj.mapping.get("kind") != args.kind and not obj.mapping_confirmed):
            obj.mapping = ff.propose(obj, args.kind).mapping
            obj.save(update_fields=["mapping"])
        if args.mapping:
            try:
                mapping = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                return _fail("map", f"{args.mapping}: {exc}")
            obj = ff.save_mapping(user, obj, mapping)
    except ff.ImportRefused as exc:
        print(f"shield fieldforms map: {exc}", file=sys.stderr)
        for line in ff.report_lines(exc.report):
            print(f"  {line}", file=sys.stderr)
        return 1
    except NotAllowed as exc:
        return _fail("map", str(exc))
    text = json.dumps(obj.mapping, ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    state = "confirmed" if obj.mapping_confirmed else "proposed (edit it, then --mapping FILE)"
    print(
        f"{path.name}: form {obj.form_id} version {obj.version or '-'}: mapping {state}",
        file=sys.stderr,
    )
    return 0


def cmd_import(args) -> int:
    from shield.core.cli_support import ready

    ready("shield fieldforms import")
    from shield.core.errors import NotAllowed

    from . import fieldforms_import as ff
    from .fieldforms_models import FieldForm

    path = Path(args.export)
    if not path.is_file():
        return _fail("import", f"{path}: no such file")
    user = _user(args.user)
    try:
        form_path = Path(args.form)
        obj: FieldForm | None
        if form_path.is_file():
            obj = ff.load_form(user, form_path.read_bytes(), form_path.name)
        else:
            obj = ff.find_form(args.form, args.version, user)
            if obj is None:
                return _fail(
                    "import",
                    f"--form {args.form}: no such form kept (give the form's file, or "
                    "`shield fieldforms map FORM` first)",
                )
        media = None
        if args.media:
            if not Path(args.media).is_file():
                return _fail("import", f"--media {args.media}: no such file")
            media = Path(args.media).read_bytes()
        imp = ff.run(
            user,
            obj,
            path.read_bytes(),
            path.name,
            media=media,
            skip_invalid=args.skip_invalid,
            radius_m=args.radius,
            dry_run=args.dry_run,
        )
    except ff.ImportRefused as exc:
        print(f"shield fieldforms import: {exc}", file=sys.stderr)
        if "counts" in exc.report or "refused_total" in exc.report:  # more than the line above
            for line in ff.report_lines(exc.report):
                print(f"  {line}", file=sys.stderr)
        return 1
    except NotAllowed as exc:
        return _fail("import", str(exc))
    for line in ff.report_lines({k: v for k, v in imp.report.items() if k != "refused"}):
        print(f"{path.name}: {line}")
    if imp.counts.get("refused") and args.skip_invalid:
        out = Path(args.refused or f"{path}.refused.csv")
        out.write_text(ff.refused_csv(imp.report), encoding="utf-8")
        print(f"{path.name}: {imp.counts['refused']} refused, listed in {out}")
    if args.dry_run:
        print(f"{path.name}: dry run: nothing written")
    else:
        extra = f", {imp.counts.get('evidence', 0)} files as evidence"
        print(f"{path.name}: import {imp.pk} done{extra} (undo: shield fieldforms undo {imp.pk})")
    return 0


def cmd_undo(args) -> int:
    from shield.core.cli_support import ready

    ready("shield fieldforms undo")
    from shield.core.errors import NotAllowed
    from shield.registry.ids import as_uuid

    from . import fieldforms_import as ff
    from .fieldforms_models import FieldImport

    key = as_uuid(args.import_id)
    imp = FieldImport.objects.filter(pk=key).first() if key else None
    if imp is None:
        return _fail("undo", f"no import {args.import_id}")
    try:
        ff.undo(_user(args.user), imp)
    except ff.ImportRefused as exc:
        return _fail("undo", str(exc), 1)
    except NotAllowed as exc:
        return _fail("undo", str(exc))
    print(f"import {imp.pk} ({imp.filename}) undone")
    return 0


def cmd_places(args) -> int:
    from shield.core.cli_support import ready

    ready("shield fieldforms places")
    from shield.core.errors import NotAllowed
    from shield.registry.disclosure import find_visible
    from shield.registry.ids import as_uuid

    from . import fieldforms_import as ff
    from .fieldforms_models import PlaceToReview

    user = _user(args.user)
    if args.resolve:
        key = as_uuid(args.resolve)
        place = PlaceToReview.objects.filter(pk=key).first() if key else None
        if place is None:
            return _fail("places", f"no place to review {args.resolve}")
        from shield.core.errors import RecordInvalid

        from . import fieldforms_review as review

        if args.new:
            try:
                prop, n = review.create_property(
                    user, place, {"category": args.category, "state": args.state}
                )
            except RecordInvalid as exc:
                return _fail("places", "; ".join(str(e) for e in exc.errors))
            except ff.ImportRefused as exc:
                return _fail("places", str(exc), 1)
            except NotAllowed as exc:
                return _fail("places", str(exc))
            print(f"place {place.pk} recorded as {prop.code}: {n} record(s) of it")
            return 0
        prop = find_visible(user, args.property) if args.property else None
        if prop is None:
            return _fail("places", f"--property {args.property}: no such property")
        try:
            n = ff.resolve_place(user, place, prop)
        except ff.ImportRefused as exc:
            return _fail("places", str(exc), 1)
        except NotAllowed as exc:
            return _fail("places", str(exc))
        print(f"place {place.pk} is {prop.code}: {n} assessment(s) recorded")
        return 0
    for place in PlaceToReview.objects.filter(property=None).order_by("created_at"):
        where = f" at {place.lat:.5f},{place.lon:.5f}" if place.lat is not None else ""
        print(
            f"{place.pk}  {place.site_id or '-'}  {place.name or '-'}{where}  "
            f"{place.submissions.count()} submission(s)"
        )
    return 0
