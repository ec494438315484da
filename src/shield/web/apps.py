from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shield.web"
    label = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from shield.core import startup_checks  # noqa: F401  (registers the SECRET_KEY check)
