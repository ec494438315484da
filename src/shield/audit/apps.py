from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shield.audit"
    label = "audit"
    verbose_name = "Audit log"
