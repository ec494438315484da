"""Linked Art (the JSON-LD profile of CIDOC CRM) records of the registry's properties, built
with Getty's ``cromulent`` (``records``): read through the same rules of disclosure as every
other output (``shield.registry.disclosure``)."""
