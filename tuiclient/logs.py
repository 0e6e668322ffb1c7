"""The log file: errors and what led to them, with every secret blotted out.

Logs go to `tuiclient.log` in the platformdirs log folder (mode 0600). Tokens the
app has read are registered here and replaced by `***` in every record, as are
`Authorization:` headers and `access_token=`-style parameters.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path

from tuiclient import locations

LOGGER_NAME = "tuiclient"
_PATTERNS = re.compile(
    r"(?i)(authorization\s*[:=]\s*(?:bearer\s+)?|access_token[\"']?\s*[:=]\s*[\"']?|"
    r"client_secret[\"']?\s*[:=]\s*[\"']?|code[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+"
)


class Redactor(logging.Filter):
    """Replaces known secrets and secret-looking fields in log records."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        """Never write `secret` to the log."""
        if len(secret) >= 4:
            with self._lock:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        """`text` with every known secret and secret-looking field replaced by `***`."""
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "***")
        return _PATTERNS.sub(lambda m: m.group(1) + "***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (and traceback) before any handler sees it."""
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            formatter = logging.Formatter()
            record.exc_text = self.redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        return True


REDACTOR = Redactor()


def get_logger(name: str = "") -> logging.Logger:
    """A logger below tuiclient's own (which carries the redactor)."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


def setup(level: int = logging.INFO) -> Path:
    """Send tuiclient's log records to the log file; returns its path."""
    folder = locations.ensure_private_dir(locations.log_dir())
    path = folder / "tuiclient.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(REDACTOR)
    logger = logging.getLogger(LOGGER_NAME)
    logger.handlers = [handler]
    logger.setLevel(level)
    logger.propagate = False
    return path
