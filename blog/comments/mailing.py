"""Mails to readers (subscription confirmations, notifications, data-protection confirmations) and to moderators:
sent after the commit, and when the mail server refuses one, kept as a ``PendingMail`` that the daily
``purge_comment_data`` sends again."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from blog.models.comments import PendingMail

logger = logging.getLogger(__name__)

# After this many failed attempts (one a day) a mail is given up and logged; the reader's data is not affected.
MAX_ATTEMPTS = 7


def quote_reader_text(text):
    """The reader's text as a quotation that cannot pass for the mail's own lines: every line indented behind a
    bar, runs of blank lines collapsed, a marker line before and after."""
    lines = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and (not lines or not lines[-1].strip(" |")):
            continue
        lines.append(f"    | {line}" if line else "    |")
    while lines and lines[-1] == "    |":
        lines.pop()
    return "\n".join(lines)


def _send(to, subject, body, headers):
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or None).send()


def send_reader_mail(to, subject, body, headers=None):
    """Send now; on failure keep it for the retry. Never raises: the reader's comment or request is already stored."""
    try:
        _send(to, subject, body, headers)
    except Exception as error:
        logger.exception("Could not send a mail to a reader; it is kept and sent again by purge_comment_data.")
        PendingMail.objects.create(
            to=to, subject=subject[:255], body=body, headers=headers or {}, last_error=str(error)
        )


def send_after_commit(to, subject, body, headers=None):
    transaction.on_commit(lambda: send_reader_mail(to, subject, body, headers))


def retry_pending(now=None):
    """Send the kept mails again. Returns (sent, still pending)."""
    now = now or timezone.now()
    sent = 0
    for mail in PendingMail.objects.order_by("created_at", "pk"):
        try:
            _send(mail.to, mail.subject, mail.body, mail.headers)
        except Exception as error:
            mail.attempts += 1
            mail.last_error = str(error)
            if mail.attempts > MAX_ATTEMPTS:
                logger.error("Gave up a mail to a reader after %s attempts: %s", mail.attempts - 1, error)
                mail.delete()
            else:
                mail.save(update_fields=["attempts", "last_error"])
            continue
        mail.delete()
        sent += 1
    return sent, PendingMail.objects.count()
