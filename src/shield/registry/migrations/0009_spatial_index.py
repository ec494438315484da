"""Counts per map cell, kept by triggers on the registry's table (registry.mapcells)."""

from django.db import migrations, models

from . import _mapcells_0013 as mapcells  # frozen as these migrations install it


def install(apps, schema_editor):
    mapcells.install(schema_editor)


def uninstall(apps, schema_editor):
    mapcells.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0005_register_by_code"),
        ("registry", "0008_name_trigrams"),
    ]

    operations = [
        migrations.CreateModel(
            name="MapCell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.SmallIntegerField()),
                ("coarse", models.BooleanField()),
                ("cell_row", models.IntegerField()),
                ("cell_col", models.IntegerField()),
                ("confidentiality", models.CharField(max_length=20)),
                (
                    "inventory_state",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="parties.state",
                    ),
                ),
                ("count", models.IntegerField()),
                ("sum_lat", models.FloatField()),
                ("sum_lon", models.FloatField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "level",
                            "coarse",
                            "cell_row",
                            "cell_col",
                            "confidentiality",
                            "inventory_state",
                        ),
                        name="registry_mapcell_key",
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
