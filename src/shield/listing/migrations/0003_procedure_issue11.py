# Issue 11: competing claims (Art. 11(4)), the views period (Art. 14(4)), the finding that violations
# are continuous (Art. 14(2)), and assertions of military use as attributed claims (Art. 13(1)(b)).

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('listing', '0002_synthetic'),
        ('parties', '0003_succession'),
        ('registry', '0005_created_in_import'),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='continuous',
            field=models.BooleanField(default=False, help_text='the Committee finds the violations continuous'),
        ),
        migrations.AddField(
            model_name='request',
            name='competing_claims',
            field=models.JSONField(blank=True, default=list, help_text="the claims of jurisdiction or control in force on the request's date, when more than one State claims the place: [{state, state_name, role, valid_from, valid_to, basis, source}]"),
        ),
        migrations.AddField(
            model_name='tentativeentry',
            name='competing_claims',
            field=models.JSONField(blank=True, default=list, help_text='claims in force on the date when more than one State claims'),
        ),
        migrations.AddField(
            model_name='viewscall',
            name='closes_on',
            field=models.DateField(blank=True, help_text='the last day on which the Parties may make their views known', null=True),
        ),
        migrations.AlterField(
            model_name='decision',
            name='motion',
            field=models.CharField(choices=[('grant', 'grant'), ('exceptional_grant', 'exceptional grant'), ('provisional', 'provisional enhanced protection'), ('deny', 'deny'), ('defer', 'defer'), ('suspend', 'suspend'), ('cancel', 'cancel'), ('lift', 'lift a suspension')], max_length=20),
        ),
        migrations.AlterField(
            model_name='request',
            name='assistance_ref',
            field=models.CharField(blank=True, help_text="the Party's request for international assistance", max_length=200),
        ),
        migrations.AlterField(
            model_name='request',
            name='conflict_parties',
            field=models.JSONField(blank=True, default=list, help_text='State codes of the parties to the conflict'),
        ),
        migrations.AlterField(
            model_name='request',
            name='status',
            field=models.CharField(choices=[('submitted', 'submitted'), ('registered', 'registered'), ('notified', 'notified to the Parties'), ('deferred', 'deferred'), ('provisional', 'provisional enhanced protection'), ('granted', 'granted'), ('denied', 'denied'), ('withdrawn', 'withdrawn')], db_index=True, default='submitted', max_length=20),
        ),
        migrations.AlterField(
            model_name='session',
            name='members',
            field=models.JSONField(default=list, help_text="State codes of the Committee's members"),
        ),
        migrations.AlterField(
            model_name='session',
            name='present',
            field=models.JSONField(default=list, help_text='members present (quorum)'),
        ),
        migrations.CreateModel(
            name='MilitaryUseAssertion',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('asserted_by_organisation', models.CharField(blank=True, max_length=200)),
                ('asserted_on', models.DateField(help_text='the day the assertion was made')),
                ('period_from', models.DateField(help_text='from when the use is asserted')),
                ('period_to', models.DateField(blank=True, help_text='until when (blank: asserted as continuing)', null=True)),
                ('facts', models.TextField()),
                ('evidence', models.JSONField(blank=True, default=list, help_text='[{title, ref}]')),
                ('recorded_by', models.CharField(help_text='the account that recorded the assertion', max_length=150)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('asserted_by_state', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='parties.state')),
                ('property', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.culturalproperty')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='military_use_assertions', to='listing.request')),
            ],
            options={
                'ordering': ['asserted_on', 'recorded_at'],
            },
        ),
    ]
