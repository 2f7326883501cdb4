"""WordPress's moderation rules, flood control and duplicate detection, and the moderators' e-mail."""

import datetime
import hashlib
import ipaddress
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blog.models.comments import CommentFloodMark, CommentSettings, ReaderComment
from site_project.caching.utils import purge_comments

from . import mailing, privacy, subscriptions
from .mailing import quote_reader_text

logger = logging.getLogger(__name__)

LINK_PATTERN = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
MODERATE_PERMISSION = "blog.change_readercomment"

Status = ReaderComment.Status


class Refused(Exception):
    """The comment is not stored; ``reason`` says why ("flood", "duplicate" or "unverified_limit")."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def is_moderator(user):
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def comments_open(article, comment_settings, now=None):
    if not article.comments_enabled:
        return False
    if comment_settings.close_after_days:
        now = now or timezone.now()
        closes = article.date + datetime.timedelta(days=comment_settings.close_after_days)
        return timezone.localdate(now) < closes
    return True


def _network(keyword):
    try:
        return ipaddress.ip_network(keyword, strict=False)
    except ValueError:
        return None


def matches_address(keyword, client_ip, stored_ip):
    """An address keyword matches the writer's full address (never stored, so it is checked here, as the comment
    arrives), a range keyword every address in it; an anonymised address copied from the admin stands for its /24
    or /64."""
    network = _network(keyword)
    if network is None:
        return False
    if stored_ip and keyword == stored_ip:
        return True
    try:
        return client_ip is not None and ipaddress.ip_address(client_ip) in network
    except ValueError:
        return False


def matches_keyword(comment, keywords, client_ip=None):
    haystack = "\n".join([comment.name, comment.email, comment.url, comment.text]).lower()
    return any(keyword in haystack or matches_address(keyword, client_ip, comment.ip) for keyword in keywords)


def decide_status(comment, comment_settings, user=None, client_ip=None):
    """Approved, pending or trash, by the site's rules; editors' own comments are approved at once.

    ``client_ip`` is the writer's full address, for the keyword lists only; the comment keeps the anonymised one."""
    if is_moderator(user):
        return Status.APPROVED
    if matches_keyword(comment, comment_settings.block_keyword_list, client_ip):
        return Status.TRASH
    if matches_keyword(comment, comment_settings.hold_keyword_list, client_ip):
        return Status.PENDING
    if comment.unverified:
        # Without Google's check only a moderator may publish it.
        return Status.PENDING
    threshold = comment_settings.link_hold_threshold
    if threshold and len(LINK_PATTERN.findall(comment.text)) >= threshold:
        return Status.PENDING
    if comment_settings.moderation_mode == comment_settings.ModerationMode.HOLD_ALL:
        return Status.PENDING
    known = ReaderComment.objects.approved().filter(email__iexact=comment.email, name=comment.name).exists()
    return Status.APPROVED if known else Status.PENDING


def resolve_parent(article, parent_id, max_depth):
    """The approved comment of this article being answered, moved up so that the reply is at most ``max_depth``.

    Returns (parent or None, depth); raises ReaderComment.DoesNotExist for a parent that is not allowed.
    """
    if not parent_id:
        return None, 1
    comments = {
        comment.pk: comment
        for comment in ReaderComment.objects.approved().filter(article=article).only("pk", "parent_id", "depth")
    }
    parent = comments.get(parent_id)
    if parent is None:
        raise ReaderComment.DoesNotExist
    ancestors = [parent]
    while ancestors[-1].parent_id in comments:
        ancestors.append(comments[ancestors[-1].parent_id])
    ancestors.reverse()  # from the thread's top comment down to the parent
    # The parent's depth is its place in the thread as shown, whatever was stored earlier.
    position = min(len(ancestors), max_depth - 1)
    if position == 0:
        return None, 1
    return ancestors[position - 1], position + 1


def _lock(keys):
    """On PostgreSQL, serialise concurrent posts from the same address or e-mail for this transaction.

    SQLite needs nothing: its IMMEDIATE transactions already admit one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def save_comment(comment, *, flood_exempt=False, address=None, unverified_limit=None):
    """Store the comment unless it floods or repeats one; runs the checks and the insert in one transaction.

    ``address`` is the reader's full IP address: flood control keys on a keyed hash of it, kept for the flood window
    only. ``unverified_limit`` is the site's hourly limit for comments without reCAPTCHA check.
    """
    now = timezone.now()
    flood_key = privacy.flood_key(address)
    with transaction.atomic():
        keys = [f"comment-email:{comment.email.lower()}"]
        if flood_key:
            keys.append(f"comment-address:{flood_key}")
        if comment.unverified:
            keys.append("comment-unverified")
        _lock(keys)
        if not flood_exempt:
            since = now - datetime.timedelta(seconds=settings.COMMENTS_FLOOD_SECONDS)
            # Marks outside the window are forgotten here, by every post, so none outlives it by much.
            CommentFloodMark.objects.filter(created_at__lt=since).delete()
            if flood_key and CommentFloodMark.objects.filter(key=flood_key, created_at__gte=since).exists():
                raise Refused("flood")
            if ReaderComment.objects.filter(email__iexact=comment.email, created_at__gte=since).exists():
                raise Refused("flood")
        if comment.unverified and unverified_limit is not None:
            hour_ago = now - datetime.timedelta(hours=1)
            if ReaderComment.objects.filter(unverified=True, created_at__gte=hour_ago).count() >= unverified_limit:
                raise Refused("unverified_limit")
        duplicate = ReaderComment.objects.filter(
            article_id=comment.article_id,
            parent_id=comment.parent_id,
            email__iexact=comment.email,
            text=comment.text,
        ).exclude(status=Status.TRASH)
        if duplicate.exists():
            raise Refused("duplicate")
        comment.save()
        if flood_key and not flood_exempt:
            CommentFloodMark.objects.create(key=flood_key, created_at=now)
        if comment.status == Status.PENDING:
            transaction.on_commit(lambda: notify_moderators(comment.pk))
    return comment


def moderator_recipients(comment_settings):
    addresses = comment_settings.moderator_email_list
    if addresses:
        return addresses
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="")
    return list(admins.values_list("email", flat=True))


MAIL_ACTION_SALT = "blog.comments.mail-moderation"
MAIL_ACTION_MAX_AGE = 7 * 24 * 60 * 60
# The actions a moderator mail offers, with the status each one sets.
MAIL_ACTIONS = {"approve": Status.APPROVED, "spam": Status.SPAM, "trash": Status.TRASH}


def mail_action_token(comment_pk, action, address):
    """A signed link for one moderator: it names the comment, the action and the address the mail went to."""
    return signing.dumps({"c": comment_pk, "a": action, "m": address.lower()}, salt=MAIL_ACTION_SALT, compress=True)


def read_mail_action_token(token):
    """(comment pk, action, address) of a valid, unexpired link; raises signing.BadSignature otherwise."""
    data = signing.loads(token, salt=MAIL_ACTION_SALT, max_age=MAIL_ACTION_MAX_AGE)
    if not isinstance(data, dict) or data.get("a") not in MAIL_ACTIONS or not isinstance(data.get("c"), int):
        raise signing.BadSignature("malformed")
    return data["c"], data["a"], str(data.get("m", ""))


def apply_status(comments, status):
    """Set the status of ``comments`` in one statement and refresh what shows them, as every moderation path does:
    the cached articles, their listings and feeds; newly approved comments reach their subscribers after the commit."""
    comments = list(comments)
    pks = [comment.pk for comment in comments]
    updated = ReaderComment.objects.filter(pk__in=pks).update(status=status, moderated_at=timezone.now())
    # update() sends no signal: refresh explicitly, and only what readers see change: a comment that is or was
    # approved (a held comment marked as spam or trashed refreshes nothing).
    for article_id in {c.article_id for c in comments if Status.APPROVED in (c.status, status)}:
        purge_comments(article_id)
    if status == Status.APPROVED:
        subscriptions.notify_after_commit(pks)
    return updated


def notify_moderators(comment_pk):
    """Tell the moderators about a held comment. Runs after the commit; a mail the server refuses is kept and sent
    again by the daily ``purge_comment_data``.

    Each moderator gets a mail of their own: its „Freigeben“, „Spam“ and „Papierkorb“ links are signed for that
    address and work only for the editor account with it.
    """
    try:
        comment = ReaderComment.objects.select_related("article").get(pk=comment_pk)
        site = comment.article.get_site()
        comment_settings = CommentSettings.for_site(site) if site else CommentSettings()
        recipients = moderator_recipients(comment_settings)
        if not recipients:
            return
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        with translation.override(settings.LANGUAGE_CODE):
            admin_url = base_url + reverse("wagtailsnippets_blog_readercomment:edit", args=[comment.pk])
            title = " ".join(comment.article.title.split())
            subject = _("New comment awaiting approval: “%(title)s”") % {"title": title}
            messages = []
            for address in recipients:
                links = {
                    action: base_url
                    + reverse("reader_comment_mail_action", args=[mail_action_token(comment.pk, action, address)])
                    for action in MAIL_ACTIONS
                }
                context = {
                    "comment": comment,
                    "article": comment.article,
                    "admin_url": admin_url,
                    "links": links,
                    "quoted_text": quote_reader_text(comment.text),
                }
                body = render_to_string("blog/comments/moderator_email.txt", context)
                messages.append((address, body))
    except Exception:
        logger.exception(
            "Could not write the moderators' mail about comment %s; it is stored and waits in the admin.", comment_pk
        )
        return
    for address, body in messages:
        # A refused mail is kept and sent again by the daily job, like every mail to a reader.
        mailing.send_reader_mail(address, subject, body)
