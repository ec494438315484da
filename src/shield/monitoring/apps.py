from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "shield.monitoring"
    label = "monitoring"
    verbose_name = "Missions, assessments, incidents and evidence"
