"""The map's cells by column too, and the records by longitude: a box's strips along its sides
are read through them (registry.maplayer.count_in_box)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_mapcells_follow_staging")]

    operations = [
        migrations.AddIndex(
            model_name="mapcell",
            index=models.Index(
                fields=["level", "coarse", "cell_col", "cell_row"], name="registry_mapcell_by_col"
            ),
        ),
        migrations.AddIndex(
            model_name="culturalproperty",
            index=models.Index(fields=["lon", "lat"], name="registry_cp_lon_lat"),
        ),
        migrations.AddIndex(
            model_name="culturalproperty",
            index=models.Index(fields=["coarse_lon", "coarse_lat"], name="registry_cp_coarse_lon"),
        ),
    ]
