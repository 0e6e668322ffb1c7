"""The log file never holds a secret."""

from __future__ import annotations

import stat

from tuiclient import logs


def test_known_tokens_and_secret_fields_are_blotted_out() -> None:
    path = logs.setup()
    logs.REDACTOR.add("s3cret-token-value")
    log = logs.get_logger("test")
    log.error("request failed with Authorization: Bearer abcdef123 and token s3cret-token-value")
    log.error("body was access_token=zzz999&x=1 and {'client_secret': 'csec'}")
    try:
        raise RuntimeError("boom s3cret-token-value")
    except RuntimeError:
        log.exception("worker crashed")
    for handler in log.parent.handlers if log.parent else []:
        handler.flush()
    text = path.read_text()
    assert "request failed" in text and "worker crashed" in text and "RuntimeError" in text
    for secret in ("s3cret-token-value", "abcdef123", "zzz999", "csec"):
        assert secret not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
