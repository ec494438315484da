from django.db import migrations, models
from django.db.models import Q

# The sessions of the listing demo (shield.listing.demo), and the requests it made: a database
# loaded before the flag existed gets it here.
DEMO_SESSIONS = ["D.1.EXT", "D.2.EXT", "D.3.EXT"]


def flag_demo(apps, schema_editor):
    Request = apps.get_model("listing", "Request")
    Session = apps.get_model("listing", "Session")
    Session.objects.filter(ref__in=DEMO_SESSIONS).update(synthetic=True)
    Request.objects.filter(Q(property__external_id__startswith="demo-listing:")
                           | Q(evidence_a__contains="(synthetic demo text)")).update(synthetic=True)


class Migration(migrations.Migration):

    dependencies = [
        ("listing", "0001_initial"),
        ("registry", "0006_synthetic"),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="synthetic",
            field=models.BooleanField(default=False, help_text="invented demo data, not a real request"),
        ),
        migrations.AddField(
            model_name="session",
            name="synthetic",
            field=models.BooleanField(default=False, help_text="invented demo data, not a session the Committee held"),
        ),
        migrations.RunPython(flag_demo, migrations.RunPython.noop),
    ]
