"""What someone who owns the database can do that the product cannot stop: switch off the
append-only triggers, change rows with plain SQL, and switch them on again. The tests of
tampering use it to play that person; the checkpoints and witnesses are what catch them."""

from __future__ import annotations

from django.db import connection, transaction


def as_the_database_owner(*statements: str | tuple[str, list]) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'shield_append_only_%'"
            )
            triggers = cur.fetchall()
            for name, _sql in triggers:
                cur.execute(f'DROP TRIGGER "{name}"')
        else:  # a superuser's switch: no trigger fires for this transaction
            cur.execute("SET LOCAL session_replication_role = replica")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, [])
            cur.execute(sql, params)
        if connection.vendor == "sqlite":
            for _name, sql in triggers:
                cur.execute(sql)
