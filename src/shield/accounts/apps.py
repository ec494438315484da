from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shield.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
