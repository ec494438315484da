"""Amounts of money: ``Decimal`` with an ISO 4217 currency, never a float.

The Fund accepts the currencies of :data:`CURRENCIES`, each with its minor unit (the number
of decimal places an amount may have)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from shield.core.errors import FieldError, RecordInvalid

CURRENCIES: dict[str, int] = {
    "AUD": 2,
    "CAD": 2,
    "CHF": 2,
    "CNY": 2,
    "DKK": 2,
    "EUR": 2,
    "GBP": 2,
    "JPY": 0,
    "KWD": 3,
    "NOK": 2,
    "SEK": 2,
    "USD": 2,
}
"""ISO 4217 codes the Fund keeps, with their minor units."""

ZERO = Decimal("0")


def currency(value, field: str = "currency") -> str:
    code = str(value or "").strip().upper()
    if code not in CURRENCIES:
        raise RecordInvalid(
            [FieldError(field, f"{code or '(blank)'} is not one of {', '.join(CURRENCIES)}")]
        )
    return code


def amount(value, code: str, field: str = "amount") -> Decimal:
    """A positive amount in ``code`` with no more decimal places than its minor unit."""
    if isinstance(value, float):
        value = repr(value)
    try:
        out = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise RecordInvalid([FieldError(field, f"{value!r} is not an amount")]) from None
    if not out.is_finite() or out <= 0:
        raise RecordInvalid([FieldError(field, f"{value} is not an amount above zero")])
    places = CURRENCIES[code]
    if out != out.quantize(Decimal(1).scaleb(-places)):
        raise RecordInvalid(
            [FieldError(field, f"{value} has more than {places} decimal places for {code}")]
        )
    if out >= Decimal("1e13"):
        raise RecordInvalid([FieldError(field, f"{value} is too large")])
    return out.quantize(Decimal(1).scaleb(-places))


def show(value: Decimal, code: str) -> str:
    """'1 234.50 EUR'."""
    places = CURRENCIES.get(code, 2)
    q = Decimal(value).quantize(Decimal(1).scaleb(-places))
    return f"{q:,.{places}f}".replace(",", "\u00a0") + f" {code}"
