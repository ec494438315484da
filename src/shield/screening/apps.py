from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "shield.screening"
    label = "screening"
    verbose_name = "No-strike screening"
    default_auto_field = "django.db.models.BigAutoField"
