from django.apps import AppConfig


class ProvenanceConfig(AppConfig):
    name = "shield.provenance"
    label = "provenance"
    verbose_name = "Stolen objects, due diligence, provenance, export certificates and returns"
