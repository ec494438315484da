from django.contrib import admin

from shield.audit.admin_mixin import AuditedAdmin

from .models import Instrument, State


@admin.register(State)
class StateAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("code", "name_en", "name_nb")
    search_fields = ("code", "name_en", "name_nb")


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("state_name", "instrument_type", "deposit_date", "art44", "denunciation_date")
    list_filter = ("instrument_type", "art44")
    search_fields = ("state_name",)
