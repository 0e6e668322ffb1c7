"""tuiclient: a privacy-first terminal client for the fediverse."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tuiclient")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
