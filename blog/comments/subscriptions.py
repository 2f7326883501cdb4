"""Replies by e-mail with double opt-in: the confirmation mail, the notifications and one-click unsubscribing.

Nothing is sent to a reader before they follow the signed link in the confirmation mail; the time they did is kept
as proof (``CommentSubscription.confirmed_at``). Notifications go out after the commit that approved a comment, never
for held or spam comments, in the article's language, each with ``List-Unsubscribe`` headers (RFC 8058).
"""

import datetime
import logging
import secrets

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blog.models.comments import CommentSubscription, ReaderComment

from .mailing import quote_reader_text, send_after_commit, send_reader_mail

logger = logging.getLogger(__name__)

CONFIRM_SALT = "blog.comments.subscription-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
# Unconfirmed subscriptions are forgotten after this long (by purge_comment_data).
UNCONFIRMED_RETENTION = datetime.timedelta(days=30)
# A confirmation mail at most this often to one address: a stranger's address typed into the form is not flooded.
CONFIRMATION_INTERVAL = datetime.timedelta(hours=24)

Scope = CommentSubscription.Scope


def _site_url(article):
    site = article.get_site()
    return site.root_url.rstrip("/") if site else ""


def _absolute(article, name, *args):
    return _site_url(article) + reverse(name, args=args)


def confirm_token(pks):
    return signing.dumps(sorted(pks), salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    """The subscription ids of a valid, unexpired confirmation link; raises signing.BadSignature otherwise."""
    pks = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if not isinstance(pks, list) or not all(isinstance(pk, int) for pk in pks):
        raise signing.BadSignature("malformed")
    return pks


def unsubscribe_headers(url):
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def subscribe(comment, scopes):
    """Store what the writer of ``comment`` asked for (unconfirmed) and send one confirmation mail after the commit.

    Call inside the transaction that stored the comment. A comment sorted into the trash asks for nothing.
    """
    if not scopes or comment.status in (ReaderComment.Status.SPAM, ReaderComment.Status.TRASH) or not comment.email:
        return []
    article = comment.article
    language = article.locale.language_code
    existing = CommentSubscription.objects.filter(email__iexact=comment.email, article=article)
    created = []
    for scope in scopes:
        if scope == Scope.ALL and existing.filter(scope=Scope.ALL, confirmed_at__isnull=False).exists():
            continue
        created.append(
            CommentSubscription.objects.create(
                email=comment.email,
                article=article,
                scope=scope,
                comment=comment if scope == Scope.REPLIES else None,
                language=language,
                key=secrets.token_urlsafe(32),
            )
        )
    if not created:
        return created
    recent = CommentSubscription.objects.filter(
        email__iexact=comment.email,
        confirmed_at__isnull=True,
        created_at__gte=timezone.now() - CONFIRMATION_INTERVAL,
    ).exclude(pk__in=[subscription.pk for subscription in created])
    if recent.exists():
        logger.info("No second confirmation mail within a day to one address; the new subscription waits.")
        return created
    with translation.override(language):
        context = {
            "article": article,
            "title": " ".join(article.title.split()),
            "subscriptions": created,
            "confirm_url": _absolute(article, "comment_subscription_confirm", confirm_token([s.pk for s in created])),
        }
        subject = _("Please confirm: e-mails about comments on “%(title)s”") % {"title": context["title"]}
        body = render_to_string("blog/comments/mail/subscription_confirm.txt", context)
    send_after_commit(comment.email, subject, body)
    return created


def confirm(pks, now=None):
    """Confirm the subscriptions of a confirmation link; returns them (already confirmed ones keep their time)."""
    now = now or timezone.now()
    subscriptions = CommentSubscription.objects.filter(pk__in=pks)
    subscriptions.filter(confirmed_at__isnull=True).update(confirmed_at=now)
    return list(subscriptions.select_related("article"))


def notify_after_commit(comment_pks):
    pks = list(comment_pks)
    if pks:
        transaction.on_commit(lambda: notify(pks))


def recipients_for(comment):
    """Confirmed subscriptions that want to hear about ``comment``: every comment on its article, or replies to the
    comment it answers. Only subscriptions older than the comment: an edit of an old comment tells nobody."""
    wanted = Q(scope=Scope.ALL)
    if comment.parent_id:
        wanted |= Q(scope=Scope.REPLIES, comment_id=comment.parent_id)
    return (
        CommentSubscription.objects.filter(wanted, article_id=comment.article_id, confirmed_at__isnull=False)
        .filter(created_at__lte=comment.created_at)
        .exclude(email__iexact=comment.email)
        .order_by("pk")
    )


def notify(comment_pks):
    """Mail the subscribers about each approved comment, once. Runs after the commit; never raises."""
    for pk in comment_pks:
        try:
            claimed = ReaderComment.objects.filter(
                pk=pk, status=ReaderComment.Status.APPROVED, subscribers_notified_at__isnull=True
            ).update(subscribers_notified_at=timezone.now())
            if not claimed:
                continue
            comment = ReaderComment.objects.select_related("article", "article__locale").get(pk=pk)
            sent_to = set()
            for subscription in recipients_for(comment):
                if subscription.email.lower() in sent_to:
                    continue
                sent_to.add(subscription.email.lower())
                _send_notification(comment, subscription)
        except Exception:
            logger.exception("Could not notify the subscribers about comment %s.", pk)


def _send_notification(comment, subscription):
    article = comment.article
    with translation.override(article.locale.language_code):
        unsubscribe_url = _absolute(article, "comment_unsubscribe", subscription.key)
        title = " ".join(article.title.split())
        context = {
            "comment": comment,
            "title": title,
            "comment_url": f"{article.get_full_url()}#{comment.anchor}",
            "is_reply": subscription.scope == Scope.REPLIES,
            "unsubscribe_url": unsubscribe_url,
            "quoted_text": quote_reader_text(comment.text),
        }
        if subscription.scope == Scope.REPLIES:
            subject = _("New reply to your comment on “%(title)s”") % {"title": title}
        else:
            subject = _("New comment on “%(title)s”") % {"title": title}
        body = render_to_string("blog/comments/mail/notification.txt", context)
    send_reader_mail(subscription.email, subject, body, unsubscribe_headers(unsubscribe_url))


def purge_unconfirmed(now=None):
    now = now or timezone.now()
    deleted, _details = CommentSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - UNCONFIRMED_RETENTION
    ).delete()
    return deleted
