"""Demo: the shipped register of instruments (the depositary's dates)."""

from __future__ import annotations

from importlib import resources


def load() -> str:
    from shield.cli import _system_user

    from .register import import_register

    text = resources.files("shield.treaty").joinpath("data", "second_protocol_instruments.csv").read_text(encoding="utf-8")
    created, updated, unchanged = import_register(_system_user(), text)
    return f"register of instruments: {created} created, {unchanged} unchanged"
