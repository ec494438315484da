"""The transparency log's checkpoints, cosignatures and timestamps, and append-only enforced
by the database itself: triggers refuse any change or deletion of an audit entry, a
checkpoint, a cosignature or a timestamp (on SQLite and PostgreSQL). The one change allowed
is the database's own ``ON DELETE SET NULL`` of an entry's actor when a user is deleted:
the actor's name stays in the entry (and in its hash)."""

import django.db.models.deletion
from django.db import migrations, models

APPEND_ONLY = [
    "audit_auditentry",
    "audit_checkpoint",
    "audit_cosignature",
    "audit_checkpointtimestamp",
]
ENTRY_COLUMNS = [
    "id",
    "seq",
    "at",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "summary",
    "changes",
    "prev_hash",
    "hash",
]


def _sqlite(table: str) -> list[str]:
    update_ok = "0"
    if table == "audit_auditentry":  # only the actor's id may become NULL, nothing else
        same = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in ENTRY_COLUMNS)
        update_ok = f"NEW.actor_id IS NULL AND {same}"
    return [
        f'CREATE TRIGGER "shield_append_only_{table}_update" BEFORE UPDATE ON "{table}" '
        f"WHEN NOT ({update_ok}) BEGIN "
        f"SELECT RAISE(ABORT, 'append-only: the rows of {table} are never changed'); END",
        f'CREATE TRIGGER "shield_append_only_{table}_delete" BEFORE DELETE ON "{table}" BEGIN '
        f"SELECT RAISE(ABORT, 'append-only: the rows of {table} are never deleted'); END",
    ]


def _postgresql(table: str) -> list[str]:
    update_ok = "FALSE"
    if table == "audit_auditentry":
        new = ", ".join(f'NEW."{c}"' for c in ENTRY_COLUMNS)
        old = ", ".join(f'OLD."{c}"' for c in ENTRY_COLUMNS)
        update_ok = f"NEW.actor_id IS NULL AND ROW({new}) IS NOT DISTINCT FROM ROW({old})"
    return [
        f"""CREATE FUNCTION "shield_append_only_{table}"() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND ({update_ok}) THEN RETURN NEW; END IF;
            RAISE EXCEPTION 'append-only: the rows of {table} are never %%',
                CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END;
        END $$ LANGUAGE plpgsql""",
        f'CREATE TRIGGER "shield_append_only_{table}" BEFORE UPDATE OR DELETE ON "{table}" '
        f'FOR EACH ROW EXECUTE FUNCTION "shield_append_only_{table}"()',
    ]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    make = {"sqlite": _sqlite, "postgresql": _postgresql}.get(vendor)
    if make is None:
        return
    for table in APPEND_ONLY:
        for sql in make(table):
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in APPEND_ONLY:
        if vendor == "sqlite":
            for op in ("update", "delete"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "shield_append_only_{table}_{op}"')
        elif vendor == "postgresql":
            schema_editor.execute(
                f'DROP TRIGGER IF EXISTS "shield_append_only_{table}" ON "{table}"'
            )
            schema_editor.execute(f'DROP FUNCTION IF EXISTS "shield_append_only_{table}"()')


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("size", models.BigIntegerField(db_index=True)),
                ("root", models.CharField(max_length=64)),
                ("note", models.TextField()),
                ("signed_at", models.DateTimeField()),
            ],
            options={"ordering": ["-size", "-id"]},
        ),
        migrations.AddConstraint(
            model_name="checkpoint",
            constraint=models.UniqueConstraint(fields=("size", "root"), name="checkpoint_once"),
        ),
        migrations.CreateModel(
            name="Cosignature",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("witness", models.CharField(max_length=200)),
                ("key_id", models.CharField(max_length=8)),
                ("cosigned_at", models.BigIntegerField()),
                ("line", models.TextField()),
                ("received_at", models.DateTimeField()),
                (
                    "checkpoint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cosignatures",
                        to="audit.checkpoint",
                    ),
                ),
            ],
            options={"ordering": ["checkpoint", "witness"]},
        ),
        migrations.AddConstraint(
            model_name="cosignature",
            constraint=models.UniqueConstraint(
                fields=("checkpoint", "witness", "key_id"), name="cosigned_once_per_witness"
            ),
        ),
        migrations.CreateModel(
            name="CheckpointTimestamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("authority", models.CharField(max_length=300)),
                ("token", models.BinaryField()),
                ("gen_time", models.DateTimeField()),
                ("received_at", models.DateTimeField()),
                (
                    "checkpoint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="timestamps",
                        to="audit.checkpoint",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
