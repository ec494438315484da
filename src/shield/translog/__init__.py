"""A transparency log in the design of Certificate Transparency (RFC 9162): the log is a
Merkle tree of its entries (``merkle``); its heads are signed notes in the C2SP
formats that witnesses already speak (``note``: tlog-checkpoint, signed-note,
tlog-cosignature). A pure engine: bytes and text in, bytes and text out; it knows nothing
of Django, the database or the apps, so a recipient can verify a package with it alone."""
