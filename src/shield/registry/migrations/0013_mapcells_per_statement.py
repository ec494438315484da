"""On PostgreSQL the map's cells follow each statement's rows as a whole (transition tables),
not each row: the triggers installed again (registry.mapcells). SQLite's stay as they were."""

from django.db import migrations

from . import _mapcells_0013 as mapcells  # frozen as these migrations install it


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        mapcells.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("registry", "0012_spatial_by_longitude")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
