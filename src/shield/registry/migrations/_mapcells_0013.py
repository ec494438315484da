"""The map cells' triggers (``registry.mapcells``) as migrations 0009, 0011 and 0013 install
them, frozen here as they were when 0013 was written: a later change to ``registry.mapcells``
must not change what these migrations do (a change to the triggers comes as a migration of its
own). Whether imports are staged is said by each migration (``staged``), not looked up.

Not a migration itself: the loader passes over modules whose names begin with "_"."""

from __future__ import annotations

LEVELS = (3, 6, 9)  # web-map zoom levels whose grid is kept (cells of 11.25, 1.41, 0.18 degrees)
TABLE = "registry_mapcell"
SOURCE = "registry_culturalproperty"
KEY = "level, coarse, cell_row, cell_col, confidentiality, inventory_state_id"
COLUMNS = KEY + ", count, sum_lat, sum_lon"


def cell_size(level: int) -> float:
    """The side of a cell in degrees: a quarter of a 256-pixel tile (``maplayer.cell_degrees``)."""
    return 360 / 2**level / 4


def _floor(vendor: str, expr: str) -> str:
    if vendor == "postgresql":
        return f"floor({expr})::integer"
    # SQLite has no floor() without its math functions: truncate, then step down for negatives
    return f"(CAST({expr} AS INTEGER) - (CAST({expr} AS INTEGER) > {expr}))"


def _cells(vendor: str, row: str, coarse: bool, level: int) -> tuple[str, str]:
    lat, lon = ("coarse_lat", "coarse_lon") if coarse else ("lat", "lon")
    size = repr(cell_size(level))
    return (
        _floor(vendor, f"{row}.{lat} / {size}"),
        _floor(vendor, f"{row}.{lon} / {size}"),
    )


STAGES = "registry_stagedimport"


def _counted(row: str, coarse: bool, staged: bool) -> str:
    """The condition under which a record is counted (at its exact or its coarse point): located,
    not deleted, and (``staged``: where imports are staged) not in an import not yet published
    (``registry.staging``: hidden from every reader)."""
    cond = f"{row}.lat IS NOT NULL AND {row}.lon IS NOT NULL AND {row}.deleted_at IS NULL"
    if staged:
        cond += (
            f" AND ({row}.staged_in IS NULL OR NOT EXISTS (SELECT 1 FROM {STAGES} s "
            f"WHERE s.id = {row}.staged_in AND s.published_in IS NULL))"
        )
    return cond + (f" AND {row}.confidentiality <> 'public'" if coarse else "")


def _merge() -> str:
    return (
        f"ON CONFLICT ({KEY}) DO UPDATE SET count = {TABLE}.count + excluded.count, "
        f"sum_lat = {TABLE}.sum_lat + excluded.sum_lat, "
        f"sum_lon = {TABLE}.sum_lon + excluded.sum_lon"
    )


def _point(row: str, coarse: bool) -> tuple[str, str]:
    return (f"{row}.coarse_lat", f"{row}.coarse_lon") if coarse else (f"{row}.lat", f"{row}.lon")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _add(vendor: str, row: str, staged: bool) -> list[str]:
    """Statements that count one record (``row``: NEW) in its cells."""
    out = []
    for level in LEVELS:
        for coarse in (False, True):
            r, c = _cells(vendor, row, coarse, level)
            lat, lon = _point(row, coarse)
            out.append(
                f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {level}, {_bool(coarse)}, {r}, {c}, "
                f"{row}.confidentiality, {row}.inventory_state_id, 1, {lat}, {lon} "
                f"WHERE {_counted(row, coarse, staged)} {_merge()};"
            )
    return out


def _remove(vendor: str, row: str, staged: bool) -> list[str]:
    """Statements that take one record (``row``: OLD) out of its cells."""
    out = []
    for level in LEVELS:
        for coarse in (False, True):
            r, c = _cells(vendor, row, coarse, level)
            lat, lon = _point(row, coarse)
            out.append(
                f"UPDATE {TABLE} SET count = count - 1, sum_lat = sum_lat - {lat}, "
                f"sum_lon = sum_lon - {lon} WHERE {_counted(row, coarse, staged)} "
                f"AND level = {level} AND coarse = {_bool(coarse)} AND cell_row = {r} "
                f"AND cell_col = {c} AND confidentiality = {row}.confidentiality "
                f"AND inventory_state_id = {row}.inventory_state_id;"
            )
    return out


def _grouped(vendor: str, where: str, staged: bool, source: str = SOURCE) -> list[str]:
    """Statements that count the records of ``source`` matching ``where`` (as ``p``), grouped
    by cell."""
    out = []
    for level in LEVELS:
        for coarse in (False, True):
            r, c = _cells(vendor, "p", coarse, level)
            lat, lon = _point("p", coarse)
            out.append(
                f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {level}, {_bool(coarse)}, {r}, {c}, "
                f"p.confidentiality, p.inventory_state_id, count(*), sum({lat}), sum({lon}) "
                f"FROM {source} p WHERE {_counted('p', coarse, staged)} AND {where} "
                f"GROUP BY 3, 4, 5, 6 {_merge()};"
            )
    return out


def _ungrouped(vendor: str, source: str, staged: bool) -> list[str]:
    """Statements that take the records of ``source`` (a statement's old rows) out of their
    cells, grouped by cell (PostgreSQL)."""
    out = []
    for level in LEVELS:
        for coarse in (False, True):
            r, c = _cells(vendor, "p", coarse, level)
            lat, lon = _point("p", coarse)
            out.append(
                f"UPDATE {TABLE} m SET count = m.count - g.n, sum_lat = m.sum_lat - g.la, "
                f"sum_lon = m.sum_lon - g.lo FROM (SELECT {r} AS r, {c} AS c, "
                "p.confidentiality AS conf, p.inventory_state_id AS st, count(*) AS n, "
                f"sum({lat}) AS la, sum({lon}) AS lo FROM {source} p "
                f"WHERE {_counted('p', coarse, staged)} GROUP BY 1, 2, 3, 4) g "
                f"WHERE m.level = {level} AND m.coarse = {_bool(coarse)} AND m.cell_row = g.r "
                "AND m.cell_col = g.c AND m.confidentiality = g.conf "
                "AND m.inventory_state_id = g.st;"
            )
    return out


WATCHED = "lat, lon, coarse_lat, coarse_lon, confidentiality, inventory_state_id, deleted_at"


def _stages_kept(conn) -> bool:
    """Whether imports are staged here (``registry.staging``: its table and column exist)."""
    with conn.cursor() as cur:
        tables = conn.introspection.table_names(cur)
        if STAGES not in tables:
            return False
        return "staged_in" in {
            c.name for c in conn.introspection.get_table_description(cur, SOURCE)
        }


def _statements(vendor: str, staged: bool) -> list[str]:
    if vendor == "sqlite":

        def trigger(name: str, when: str, parts: list[str]) -> str:
            return f"CREATE TRIGGER {name} {when} BEGIN " + " ".join(parts) + " END"

        out = [
            trigger(
                "registry_mapcell_ins", f"AFTER INSERT ON {SOURCE}", _add(vendor, "new", staged)
            ),
            trigger(
                "registry_mapcell_del", f"AFTER DELETE ON {SOURCE}", _remove(vendor, "old", staged)
            ),
            trigger(
                "registry_mapcell_upd",
                f"AFTER UPDATE OF {WATCHED}{', staged_in' if staged else ''} ON {SOURCE}",
                _remove(vendor, "old", staged) + _add(vendor, "new", staged),
            ),
        ]
        if staged:  # an import published (or its row removed unpublished): its records count
            out += [
                trigger(
                    "registry_mapcell_pub",
                    f"AFTER UPDATE OF published_in ON {STAGES} WHEN old.published_in IS NULL "
                    "AND new.published_in IS NOT NULL",
                    _grouped(vendor, "p.staged_in = new.id", staged),
                ),
                trigger(
                    "registry_mapcell_unstage",
                    f"AFTER DELETE ON {STAGES} WHEN old.published_in IS NULL",
                    _grouped(vendor, "p.staged_in = old.id", staged),
                ),
            ]
        return out

    # PostgreSQL: triggers per statement, on its rows as a whole (transition tables), so that a
    # COPY of a hundred thousand records is one grouped upsert per level, not six per record.
    def function(name: str, parts: list[str]) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            + " ".join(parts)
            + " RETURN NULL; END $$ LANGUAGE plpgsql"
        )

    out = [
        function("registry_mapcell_added", _grouped(vendor, "true", staged, "new_rows")),
        function("registry_mapcell_removed", _ungrouped(vendor, "old_rows", staged)),
        function(
            "registry_mapcell_changed",
            _ungrouped(vendor, "old_rows", staged) + _grouped(vendor, "true", staged, "new_rows"),
        ),
        f"CREATE TRIGGER registry_mapcell_follow AFTER INSERT ON {SOURCE} "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION registry_mapcell_added()",
        f"CREATE TRIGGER registry_mapcell_follow_del AFTER DELETE ON {SOURCE} "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION registry_mapcell_removed()",
        f"CREATE TRIGGER registry_mapcell_follow_upd AFTER UPDATE ON {SOURCE} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION registry_mapcell_changed()",
    ]
    if staged:
        out += [
            "CREATE OR REPLACE FUNCTION registry_mapcell_publish() RETURNS trigger AS $$ BEGIN "
            "IF TG_OP = 'UPDATE' AND OLD.published_in IS NULL AND NEW.published_in IS NOT NULL "
            "THEN "
            + " ".join(_grouped(vendor, "p.staged_in = NEW.id", staged))
            + " END IF; IF TG_OP = 'DELETE' AND OLD.published_in IS NULL THEN "
            + " ".join(_grouped(vendor, "p.staged_in = OLD.id", staged))
            + " END IF; RETURN NULL; END $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER registry_mapcell_publish AFTER UPDATE OR DELETE ON {STAGES} "
            "FOR EACH ROW EXECUTE FUNCTION registry_mapcell_publish()",
        ]
    return out


def install(schema_editor, staged: bool | None = None) -> None:
    """Create the triggers (again, if there were some) and count every cell from the records.
    ``staged``: whether they leave out unpublished imports (default: whether imports are staged
    here; a migration taking staging away passes False before the column goes)."""
    conn = schema_editor.connection
    uninstall(schema_editor)
    if staged is None:
        staged = _stages_kept(conn)
    with conn.cursor() as cur:
        for sql in _statements(conn.vendor, staged):
            cur.execute(sql)
    rebuild(schema_editor)


def uninstall(schema_editor) -> None:
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "sqlite":
            for name in ("ins", "del", "upd", "pub", "unstage"):
                cur.execute(f"DROP TRIGGER IF EXISTS registry_mapcell_{name}")
            return
        for name in ("follow", "follow_del", "follow_upd"):
            cur.execute(f"DROP TRIGGER IF EXISTS registry_mapcell_{name} ON {SOURCE}")
        for name in ("follow", "added", "removed", "changed"):
            cur.execute(f"DROP FUNCTION IF EXISTS registry_mapcell_{name}()")
        if STAGES in conn.introspection.table_names(cur):
            cur.execute(f"DROP TRIGGER IF EXISTS registry_mapcell_publish ON {STAGES}")
        cur.execute("DROP FUNCTION IF EXISTS registry_mapcell_publish()")


def rebuild(schema_editor) -> None:
    """Count every cell again from the records: one grouped read per level (a repair; the
    migrations)."""
    conn = schema_editor.connection
    with conn.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")
        for sql in _grouped(conn.vendor, "true", _stages_kept(conn)):
            cur.execute(sql)
