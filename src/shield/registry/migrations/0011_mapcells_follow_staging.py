"""The map's cell counts leave out the records of imports not yet published (registry.staging)
and take them in when the import is published: the triggers of 0009, installed again now that
imports are staged."""

from django.db import migrations

from . import _mapcells_0013 as mapcells  # frozen as these migrations install it


def install(apps, schema_editor):
    mapcells.install(schema_editor)


def back_to_0009(apps, schema_editor):
    """Undone (before 0010 takes the staged_in column away): the triggers of 0009, which know
    nothing of staging."""
    mapcells.install(schema_editor, staged=False)


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_staged_imports")]

    operations = [migrations.RunPython(install, back_to_0009)]
