"""`shield match LISTINGS --against stolen|inventory|both`: a file of market listings (CSV or
JSON; photographs named in its ``images`` column, beside the file) screened against the
stolen register and the national inventories; the candidates go to the review queue. Acts as
``--user`` (default: the local administrator 'system')."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    m = sub.add_parser(
        "match",
        help="screen market listings (CSV or JSON) against the stolen register and inventories",
    )
    m.add_argument(
        "file",
        help="CSV or JSON of listings: id, title, description, object_type, "
        "materials, measurements, date, language, marketplace, url, images",
    )
    m.add_argument("--against", choices=["stolen", "inventory", "both"], default="stolen")
    m.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    m.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="match probability from which a pair is reviewed (default 0.8)",
    )
    m.add_argument(
        "--images", help="folder of the photographs the file names (default: the file's)"
    )
    m.add_argument("--user", help="act as this user (default: the local administrator 'system')")
    m.add_argument(
        "--train",
        action="store_true",
        help="first train the model on these listings and the register (EM, no labels) and "
        "keep it for later screenings",
    )
    m.set_defaults(func=cmd_match)


def _photographs(folder: Path, names: list[str]) -> dict[str, bytes]:
    out = {}
    for name in names:
        path = (folder / name).resolve()
        if path.is_file() and folder.resolve() in path.parents:
            out[name] = path.read_bytes()
    return out


def cmd_match(args) -> int:
    from shield.core.cli_support import ProgressBar, acting_user, ready

    ready("shield match")
    from shield.core.errors import NotAllowed, RecordInvalid
    from shield.matching.linkage import LinkageError

    from . import lots, service

    path = Path(args.file)
    if not path.is_file():
        print(f"shield match: {path}: no such file", file=sys.stderr)
        return 2
    user = acting_user(args.user)
    content = path.read_bytes()
    bar = ProgressBar()

    def progress(phase: str, done: int, total: int | None) -> None:
        if total and phase in ("preparing",) and done == 0:
            bar.phase("reading listings and register", total)
        elif phase == "preparing":
            bar(done)
        elif phase == "comparing":
            bar.phase("comparing pairs (Splink)", 1)
        elif phase == "done":
            bar(1)

    try:
        found = lots.read(content, path.name)
        if args.train:
            made = service.train(user, content, path.name, args.against)
            print(f"shield match: model trained: {made.version} (kept at {service.model_path()})")
        folder = Path(args.images) if args.images else path.parent
        files = _photographs(folder, [img for lot in found for img in lot.images])
        batch = service.screen(
            user,
            content,
            path.name,
            progress=progress,
            against=args.against,
            engine=args.engine,
            threshold=args.threshold,
            files=files,
        )
    except RecordInvalid as exc:
        bar.close()
        for e in exc.errors[:50]:
            print(f"shield match: {e.field}: {e.message}", file=sys.stderr)
        print("shield match: nothing was screened", file=sys.stderr)
        return 1
    except (NotAllowed, LinkageError) as exc:
        bar.close()
        print(f"shield match: {exc}", file=sys.stderr)
        return 1
    bar.close()
    print(
        f"shield match: {batch.code}: {batch.listings_count} listings against "
        f"{batch.register_count} records ({batch.against}), {batch.compared} pairs compared, "
        f"{batch.candidates_count} candidates at probability >= {batch.threshold:g} "
        f"(model {batch.model_version}, {batch.seconds:.1f} s); review them at /market/{batch.code}/"
    )
    for c in service.queue(batch)[:20]:
        print(f"  {c.probability:.3f}  {c.listing.ref}  ~  {c.record_ref}")
    return 0
