"""What every ``shield`` sub-command needs: Django set up, a database whose schema is
current, the acting user, a progress bar.

Only ``shield demo`` and ``shield migrate`` change the schema (``migrate``). Every other
command calls ``ready()``, which refuses, changing nothing, when the database lacks a
migration: an export or a token must never alter a production schema as a side effect.
"""

from __future__ import annotations

import os
import sys


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shield.config.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def unapplied_migrations() -> list[str]:
    """The migrations the database lacks, as ``app.name`` (reads only; creates no table)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _missing_sqlite_file() -> str | None:
    """The path of an SQLite database file that does not exist yet (opening it would create it)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    settings = connections[DEFAULT_DB_ALIAS].settings_dict
    name = str(settings.get("NAME") or "")
    if settings.get("ENGINE") != "django.db.backends.sqlite3" or not name:
        return None
    if name == ":memory:" or name.startswith("file:") or os.path.exists(name):
        return None
    return name


def require_migrated(command: str = "shield") -> None:
    """Refuse (exit status 1, nothing changed) unless every migration is applied."""
    missing = _missing_sqlite_file()
    if missing:
        raise SystemExit(
            f"{command}: there is no database at {missing}; the database needs `shield migrate` "
            "(or `shield demo --load-only` for the demo data)"
        )
    pending = unapplied_migrations()
    if pending:
        shown = ", ".join(pending[:3]) + (
            f" and {len(pending) - 3} more" if len(pending) > 3 else ""
        )
        raise SystemExit(
            f"{command}: the database needs `shield migrate` ({len(pending)} migration(s) not "
            f"applied: {shown}); nothing was changed"
        )


def ready(command: str = "shield") -> None:
    """Set up Django and make sure the schema is current (never migrates)."""
    setup()
    require_migrated(command)


def user_named(name: str | None):
    """The user called ``name``; None for no name; exits with a message for an unknown one."""
    if not name:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise SystemExit(f"shield: no user {name!r}")
    return user


def system_user():
    """The CLI operator: a local administrator account named 'system'."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="system", defaults={"is_superuser": True, "is_staff": True}
    )
    if not user.is_superuser:
        raise SystemExit("shield: the 'system' user exists but is not an administrator")
    return user


def acting_user(name: str | None):
    """The user named, else the local administrator 'system'."""
    return user_named(name) or system_user()


class ProgressBar:
    """A tqdm progress bar on standard error, driven by the phases of an import or export."""

    def __init__(self):
        self.bar = None

    def phase(self, name: str, total: int) -> None:
        from tqdm import tqdm

        if self.bar:
            self.bar.close()
        self.bar = tqdm(total=total, desc=name, unit="row", file=sys.stderr, dynamic_ncols=True)

    def __call__(self, n: int) -> None:
        if self.bar:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar:
            self.bar.close()
