from django.contrib import admin

from shield.audit.admin_mixin import AuditedAdmin

from .models import Instrument, State


@admin.register(State)
class StateAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "name_en", "name_nb")
    search_fields = ("code", "name_en", "name_nb")


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("treaty", "state", "state_name", "instrument_type", "deposit_date", "succession_date", "art44",
                    "denunciation_date", "source")
    list_filter = ("treaty", "instrument_type", "art44")
    search_fields = ("state__code", "state__name_en", "state__name_nb", "state_name")
    autocomplete_fields = ("state",)
    list_select_related = ("state",)
