from django.contrib import admin

from shield.audit.admin_mixin import AuditedAdmin

from .models import Election, Instrument, Seat, State


@admin.register(State)
class StateAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "name_en", "name_nb")
    search_fields = ("code", "name_en", "name_nb")


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = (
        "treaty",
        "state",
        "state_name",
        "instrument_type",
        "deposit_date",
        "succession_date",
        "art44",
        "denunciation_date",
        "source",
    )
    list_filter = ("treaty", "instrument_type", "art44")
    search_fields = ("state__code", "state__name_en", "state__name_nb", "state_name")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)


class ReadOnly(admin.ModelAdmin):
    """Elections are recorded through the service (its rules: Parties only, twelve seats, no third
    consecutive term); the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(ReadOnly):
    list_display = ("held_on", "meeting", "ordinary", "first", "synthetic", "source")
    list_filter = ("synthetic", "ordinary", "first")


@admin.register(Seat)
class SeatAdmin(ReadOnly):
    list_display = ("state", "starts_on", "ends_on", "short", "electoral_group", "election")
    list_filter = ("short",)
    search_fields = ("state__code", "state__name_en", "state__name_nb")
