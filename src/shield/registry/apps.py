from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "shield.registry"
    label = "registry"
    verbose_name = "Registry of cultural property"
