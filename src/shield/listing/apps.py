from django.apps import AppConfig


class ListingConfig(AppConfig):
    name = "shield.listing"
    label = "listing"
    verbose_name = "Enhanced protection and the International List"
