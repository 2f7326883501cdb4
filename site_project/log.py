"""Logging pieces the settings refer to by dotted path."""

import logging

HOST_SHOWN = 100


class ShortDisallowedHost(logging.Filter):
    """One short warning per rejected Host header instead of Django's error with a traceback: the header is
    chosen by whoever sends the request, and Django wrote it four times (a 5,000-character header cost 20 KB of log
    per request). Nothing is mailed: a stray Host header is a probe, not a fault of ours."""

    def filter(self, record):
        host = ""
        request = getattr(record, "request", None)
        if request is not None:
            host = request.META.get("HTTP_HOST", "")
        shown = host[:HOST_SHOWN] + ("…" if len(host) > HOST_SHOWN else "")
        record.msg = "Rejected Host header %r (%d characters)"
        record.args = (shown, len(host))
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        return True
