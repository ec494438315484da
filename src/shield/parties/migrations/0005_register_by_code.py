"""The register of instruments keyed by (treaty, State by code, kind of instrument).

Existing rows are the Second Protocol's (treaty='protocol'); each row's State is found from
its ``state_name`` (or the State it already had) through ``shield.treaty.states.lookup``. A row
whose State cannot be found stops the migration with the names to correct: a register row is
never dropped silently. Self-contained: it writes only the fields it knows.
"""

import django.db.models.deletion
from django.db import migrations, models


def by_code(apps, schema_editor):
    from shield.treaty import states

    State = apps.get_model("parties", "State")
    Instrument = apps.get_model("parties", "Instrument")
    unknown, seen, twice = [], {}, []
    for inst in Instrument.objects.all():
        known = states.lookup(inst.state_name)
        if known is None and inst.state_id is not None:
            known = states.lookup(State.objects.get(pk=inst.state_id).code)
        if known is None:
            unknown.append(f"{inst.state_name!r} ({inst.instrument_type} of {inst.deposit_date})")
            continue
        state, _created = State.objects.get_or_create(
            code=known.code,
            defaults={"name_en": known.name_en, "name_nb": known.name_nb, "historical": known.historical},
        )
        key = (state.pk, inst.instrument_type)
        if key in seen:
            twice.append(f"{inst.state_name!r} and {seen[key]!r} ({known.code}, {inst.instrument_type})")
            continue
        seen[key] = inst.state_name
        inst.state_id = state.pk
        inst.treaty = "protocol"
        inst.save(update_fields=["state", "treaty"])
    if unknown:
        raise RuntimeError(
            "parties.0005: no State is known by these register rows' names; correct state_name "
            "(a code or a name shield.treaty.states knows) and migrate again: " + "; ".join(unknown)
        )
    if twice:
        raise RuntimeError(
            "parties.0005: these register rows name one State twice for one kind of instrument; "
            "delete one of each pair and migrate again: " + "; ".join(twice)
        )
    if schema_editor.connection.vendor == "postgresql":
        # fire the deferred foreign-key checks now, so that the ALTER TABLEs below may run
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("parties", "0006_committee_elections"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="instrument", name="one_instrument_of_a_kind"),
        migrations.AddField(
            model_name="instrument",
            name="treaty",
            field=models.CharField(
                choices=[("protocol", "Second Protocol (1999)"), ("convention", "Convention (1954)")],
                default="protocol",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="instrument",
            name="succession_date",
            field=models.DateField(
                blank=True,
                help_text="the date of the succession a notification of succession refers to",
                null=True,
            ),
        ),
        migrations.RunPython(by_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="instrument",
            name="state",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="instruments", to="parties.state"
            ),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="state_name",
            field=models.CharField(blank=True, help_text="the State as the depositary names it", max_length=200),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="deposit_date",
            field=models.DateField(help_text="the day of deposit (of notification, for a succession)"),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="art44",
            field=models.BooleanField(
                default=False,
                help_text="immediate effect for a party to an armed conflict (provision status.immediate_effect; "
                "the Convention's equivalent)",
            ),
        ),
        migrations.AlterField(
            model_name="instrument",
            name="source",
            field=models.CharField(
                blank=True, help_text="a key explained in treaty/data/SOURCES.md, or a URL", max_length=300
            ),
        ),
        migrations.AlterModelOptions(
            name="instrument",
            options={"ordering": ["treaty", "deposit_date", "state__code", "instrument_type"]},
        ),
        migrations.AddConstraint(
            model_name="instrument",
            constraint=models.UniqueConstraint(
                fields=("treaty", "state", "instrument_type"), name="one_instrument_per_treaty_state_and_kind"
            ),
        ),
    ]
