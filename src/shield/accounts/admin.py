from django.contrib import admin

from shield.audit.admin_mixin import AuditedAdmin

from .models import ApiToken, Profile


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("user", "state")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_used_at", "revoked")
    readonly_fields = ("digest", "created_at", "last_used_at")
    fields = ("user", "name", "revoked", "digest", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are issued with `shield token`, which shows the raw token once
