"""The treaty calculators' endpoints (/api/treaty/)."""

from ninja import Router

router = Router(tags=["treaty"])
