"""Heritage Shield: protection of cultural property in armed conflict."""

__version__ = "0.1.0"
