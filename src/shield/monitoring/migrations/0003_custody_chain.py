"""Custody that cannot be forged (issue 13, item 3): the handler is the authenticated user,
the time the server's, what the client said kept as a claim, events chained per item.

Existing events are kept as they were and marked as recorded before the chain (no ``seq``,
no hash): their ``by`` and ``at`` were the client's words, so they become ``stated_by`` and
``stated_at`` (``at`` keeps the same value, the only time known). A receipt's handler is
taken from the audit entry that recorded the receipt, where there is one. New events are
chained after them, from event 1.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def mark_before_the_chain(apps, schema_editor):
    CustodyEvent = apps.get_model("monitoring", "CustodyEvent")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for event in CustodyEvent.objects.filter(seq__isnull=True).iterator():
        event.stated_at = event.at
        if event.action == "received":
            entry = (
                AuditEntry.objects.filter(
                    target_type="evidence", action="create", target_id=str(event.evidence_id)
                )
                .order_by("seq")
                .first()
            )
            if entry is not None:
                event.handler_id = entry.actor_id
                event.handler_label = entry.actor_label
        event.save(update_fields=["stated_at", "handler", "handler_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_evidence_capture"),
        ("audit", "0002_transparency_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="custodyevent", old_name="by", new_name="stated_by"),
        migrations.AlterField(
            model_name="custodyevent",
            name="stated_by",
            field=models.CharField(
                blank=True, help_text="who the client said handled it (a claim)", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="stated_at",
            field=models.DateTimeField(
                blank=True, help_text="when the client said it happened (a claim)", null=True
            ),
        ),
        migrations.AlterField(
            model_name="custodyevent",
            name="at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, help_text="the server's time"
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="seq",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="place in the item's chain (empty: before the chain)",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="handler",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="handler_label",
            field=models.CharField(
                blank=True, help_text="the authenticated user's name when recorded", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="handler_role",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="handler_state",
            field=models.CharField(
                blank=True, help_text="the State a party officer acted for", max_length=3
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="reference",
            field=models.CharField(
                blank=True, help_text="the package exported (its id), for an export", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="audit_seq",
            field=models.BigIntegerField(
                blank=True, help_text="the audit entry that records it", null=True
            ),
        ),
        migrations.AlterField(
            model_name="custodyevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("transferred", "Transferred"),
                    ("examined", "Examined"),
                    ("downloaded", "Original downloaded"),
                    ("exported", "Exported in a package"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="custodyevent",
            constraint=models.UniqueConstraint(
                fields=("evidence", "seq"), name="custody_seq_once_per_item"
            ),
        ),
        migrations.RunPython(mark_before_the_chain, migrations.RunPython.noop),
    ]
