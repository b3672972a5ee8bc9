"""What the channels share: reconnection back-off and the redaction of secrets from logs."""
from __future__ import annotations

import logging
import random
import sys

from bot._channel import RedactSecrets, backoff


def test_backoff_doubles_up_to_the_cap_with_jitter():
    delays = backoff(1.0, 30.0, random.Random(7))
    got = [next(delays) for _ in range(10)]
    ceilings = [1, 2, 4, 8, 16, 30, 30, 30, 30, 30]
    assert all(c / 2 <= d <= c for d, c in zip(got, ceilings, strict=True))
    assert len({round(d, 6) for d in got[5:]}) == 5           # jittered, not one fixed delay


def test_secrets_are_redacted_from_log_messages_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "connect to %s failed", ("wss://h?secret=abcd1234",),
                               None)
    RedactSecrets(["abcd1234"]).filter(record)
    assert record.getMessage() == "connect to wss://h?secret=*** failed"
    try:
        raise RuntimeError("token abcd1234 refused")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    RedactSecrets(["abcd1234"]).filter(record)
    assert "abcd1234" not in record.exc_text and "token *** refused" in record.exc_text
