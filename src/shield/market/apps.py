from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "shield.market"
    label = "market"
    verbose_name = "Market screening"

    def ready(self) -> None:
        """A register photograph's window hashes are made when it is stored."""
        from django.db.models.signals import post_save

        from shield.provenance.models import Photo

        from .imaging import photo_registered

        post_save.connect(photo_registered, sender=Photo, dispatch_uid="market_window_hashes")
