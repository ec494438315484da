from django.db import migrations, models

# The records of the bundled demo that are invented (shield/demo/data/properties.json marks
# them "synthetic": true) and those the listing demo makes (external id "demo-listing:..."):
# a database loaded before the flag existed gets it here.
DEMO_SYNTHETIC = [
    "demo:refuge-b-1", "demo:georgia-site-g-5", "demo:refuge-a-3", "demo:syria-tell-s-9", "demo:iraq-tell-t-14",
    "demo:iraq-store-r-1", "demo:refuge-c-7", "demo:afghanistan-site-k-2", "demo:refuge-n-2",
    "demo:synthetic-hillfort-nor", "demo:synthetic-arsenal-cze",
]


def flag_demo(apps, schema_editor):
    CulturalProperty = apps.get_model("registry", "CulturalProperty")
    CulturalProperty.objects.filter(external_id__in=DEMO_SYNTHETIC).update(synthetic=True)
    CulturalProperty.objects.filter(external_id__startswith="demo-listing:").update(synthetic=True)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0005_created_in_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="culturalproperty",
            name="synthetic",
            field=models.BooleanField(db_index=True, default=False,
                                      help_text="invented demo data, not a real cultural property"),
        ),
        migrations.AlterField(
            model_name="protectionevent",
            name="basis",
            field=models.CharField(help_text="the provision or the Committee decision it rests on, cited", max_length=300),
        ),
        migrations.RunPython(flag_demo, migrations.RunPython.noop),
    ]
