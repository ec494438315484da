"""Authentication for writes: lives in ``shield.accounts.auth`` (each app's router uses it)."""

from shield.accounts.auth import WRITE_AUTH, BearerToken

__all__ = ["WRITE_AUTH", "BearerToken"]
