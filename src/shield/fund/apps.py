from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "shield.fund"
    label = "fund"
    verbose_name = (
        "The Fund, international assistance, reports, the Meeting of the Parties, "
        "dissemination and the depositary's notifications"
    )
