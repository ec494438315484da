"""The Secretariat's admin for the registry. Every change is audited; deletes are soft."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction

from shield.audit import log
from shield.matching import index_keys

from . import services, staging
from .models import (
    CulturalProperty,
    JurisdictionClaim,
    NameKey,
    Photograph,
    PropertyName,
    ProtectionEvent,
)
from .records import comparable, to_record
from .validation import boundary_problem


class PropertyForm(forms.ModelForm):
    """The boundary is checked as at every other door (``validation.boundary_problem``)."""

    class Meta:
        model = CulturalProperty
        fields = "__all__"

    def clean_boundary(self):
        value = self.cleaned_data.get("boundary")
        if value not in (None, ""):
            problem = boundary_problem(value)
            if problem:
                raise forms.ValidationError(f"boundary: {problem}")
        return value


class NameInline(admin.TabularInline):
    model = PropertyName
    extra = 0


class ClaimInline(admin.TabularInline):
    model = JurisdictionClaim
    extra = 0


class ProtectionInline(admin.TabularInline):
    model = ProtectionEvent
    extra = 0


class PhotoInline(admin.TabularInline):
    model = Photograph
    extra = 0


@admin.register(CulturalProperty)
class CulturalPropertyAdmin(admin.ModelAdmin):
    form = PropertyForm
    list_display = ("code", "category", "inventory_state", "confidentiality", "deleted_at")
    list_filter = ("category", "confidentiality", "inventory_state")
    search_fields = ("code", "external_id", "names__text")
    readonly_fields = (
        "id",
        "coarse_lat",
        "coarse_lon",
        "created_at",
        "created_in",
        "updated_at",
        "deleted_at",
    )
    inlines = [NameInline, ClaimInline, ProtectionInline, PhotoInline]

    def get_queryset(self, request):
        # The records of an import not yet published are no one's to read (registry.staging),
        # the Secretariat's admin included; soft-deleted ones it lists, marked by deleted_at.
        return super().get_queryset(request).exclude(staged_in__in=staging.hidden())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form, its inlines and the audit entry are one transaction.
        with transaction.atomic():
            before = None
            if object_id and request.method == "POST":
                prop = CulturalProperty.objects.filter(pk=object_id).first()
                before = comparable(to_record(prop)) if prop else None
            response = super().changeform_view(request, object_id, form_url, extra_context)
            obj = getattr(request, "_shield_saved", None)
            if obj is not None:
                obj.refresh_from_db()
                after = comparable(to_record(obj))
                changes = log.diff(before, after) if before is not None else {"record": after}
                if changes:
                    log.record(
                        request.user,
                        "update" if before is not None else "create",
                        "property",
                        obj.id,
                        changes,
                        summary=f"admin: {obj.code}",
                    )
        return response

    def save_model(self, request, obj, form, change):
        if not change and not obj.code:
            obj.code = services.next_code(obj.inventory_state.code)
        super().save_model(request, obj, form, change)
        request._shield_saved = obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        prop = form.instance
        NameKey.objects.filter(property=prop).delete()
        keys: set[str] = set()
        for name in prop.names.all():
            keys |= index_keys(name.text, name.lang)
        NameKey.objects.bulk_create([NameKey(property=prop, key=k[:120]) for k in sorted(keys)])

    def delete_model(self, request, obj):
        services.delete_property(request.user, obj, reason="deleted in the admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_property(request.user, obj, reason="deleted in the admin")
