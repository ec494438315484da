"""Findings as JSON: live in ``shield.core.findings`` (the API and the pages share them)."""

from shield.core.findings import finding_dict, plain

__all__ = ["finding_dict", "plain"]
