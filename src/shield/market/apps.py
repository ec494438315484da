from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "shield.market"
    label = "market"
    verbose_name = "Market screening"
