"""Django admin changes go through the audit log like every other door."""

from __future__ import annotations

from django.db import transaction
from django.forms.models import model_to_dict

from . import log


def _snapshot(obj) -> dict:
    return {
        k: (
            str(v)
            if v is not None and not isinstance(v, (int, float, bool, str, list, dict))
            else v
        )
        for k, v in model_to_dict(obj).items()
    }


class AuditedAdmin:
    """Mix into a ModelAdmin: each save and delete is one transaction with one audit entry."""

    audit_type: str = ""

    def _type(self, obj) -> str:
        return self.audit_type or obj._meta.label_lower

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
            super().save_model(request, obj, form, change)
            after = _snapshot(obj)
            changes = log.diff(before, after) if change else {"record": after}
            if changes:
                log.record(
                    request.user,
                    "update" if change else "create",
                    self._type(obj),
                    obj.pk,
                    changes,
                    summary=f"admin: {obj}"[:300],
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            log.record(
                request.user,
                "delete",
                self._type(obj),
                obj.pk,
                {"record": _snapshot(obj)},
                summary=f"admin: {obj}"[:300],
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
