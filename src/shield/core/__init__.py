"""Core: small helpers that several apps and every door share (error types and bodies, the
reader's language, PDF rendering, findings as JSON, API authentication, CLI support).

It sits below the apps and above the engines: it imports Django, ninja and the engines
(``shield.treaty``), never an app or a door (the import-linter contracts in pyproject.toml).
"""
