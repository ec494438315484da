from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shield.web"
    label = "web"
    verbose_name = "Web pages"
