"""tuiclient: a privacy-first terminal client for the fediverse."""

__version__ = "0.1.0"
"""Kept equal to pyproject.toml's version by a test; a literal, because reading the installed
package's metadata (importlib.metadata) costs tens of milliseconds at every start."""
