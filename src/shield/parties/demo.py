"""Demo: the shipped registers of instruments (the depositary's dates), the Protocol's and,
where it is shipped, the Convention's."""

from __future__ import annotations


def load() -> str:
    from shield.core.cli_support import system_user

    from .register import TREATIES, import_register, shipped_text

    done = []
    for treaty in TREATIES:
        text = shipped_text(treaty)
        if text is None:
            continue
        counts = import_register(system_user(), text, treaty=treaty)
        if counts.seeded:
            done.append(f"{treaty}: {counts.seeded + counts.created} recorded")
        else:
            done.append(
                f"{treaty}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
    return "registers of instruments: " + "; ".join(done)
