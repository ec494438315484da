"""The substring index of names (registry.substrings): the distinct folded words of every
name, under a trigram index (SQLite: an FTS5 table with the trigram tokenizer; PostgreSQL:
pg_trgm's GIN index), kept by triggers on the index keys and filled for the records there are."""

from django.db import migrations


def forward(apps, schema_editor):
    from shield.registry import substrings

    substrings.install(schema_editor.connection)


def backward(apps, schema_editor):
    from shield.registry import substrings

    substrings.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_scale_indexes"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
