"""Every State of shield.treaty.states (ISO 3166-1 and the historical codes) in parties.State.

Rows are matched by code: a State already present keeps its id (and its Instruments and
Profiles) and takes the treaty's names. Self-contained: it writes only the fields it adds
or knows, so that later changes to the model do not change what it does.
"""

from django.db import migrations, models


def every_state(apps, schema_editor):
    from shield.treaty import states

    State = apps.get_model("parties", "State")
    for s in states.all_states():
        State.objects.update_or_create(
            code=s.code, defaults={"name_en": s.name_en, "name_nb": s.name_nb, "historical": s.historical})


class Migration(migrations.Migration):

    dependencies = [
        ('parties', '0003_succession'),
    ]

    operations = [
        migrations.AddField(
            model_name='state',
            name='historical',
            field=models.BooleanField(default=False, help_text='a State that no longer exists (e.g. SUN, YUG)'),
        ),
        migrations.RunPython(every_state, migrations.RunPython.noop),
    ]
