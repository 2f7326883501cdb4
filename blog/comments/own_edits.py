"""Writers edit or delete their own comment for a few minutes after sending (``CommentSettings.edit_minutes``).

The right to do so is a signed token handed to the writer's browser in a short-lived cookie on the redirect after
sending; static/js/comments.js moves it to localStorage and shows „Bearbeiten“ beside that comment. The article page
stays the same for every reader and every cache.
"""

import datetime

from django.conf import settings as django_settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from blog.models import ReaderComment

from .moderation import LINK_PATTERN, matches_keyword, notify_moderators

EDIT_SALT = "blog.comments.own-edit"
EDIT_COOKIE = "own_edit"

Status = ReaderComment.Status


class EditClosed(Exception):
    """The token is forged, expired, or names a comment that can no longer be changed."""


def edit_token(comment):
    return signing.dumps(comment.pk, salt=EDIT_SALT, compress=False)


def editable_until(comment, comment_settings):
    return comment.created_at + datetime.timedelta(minutes=comment_settings.edit_minutes)


def comment_for_token(token, comment_settings, now=None):
    now = now or timezone.now()
    minutes = comment_settings.edit_minutes
    if not minutes:
        raise EditClosed
    try:
        pk = signing.loads(token, salt=EDIT_SALT, max_age=minutes * 60)
    except signing.BadSignature as error:
        raise EditClosed from error
    if not isinstance(pk, int):
        raise EditClosed
    comment = (
        ReaderComment.objects.filter(pk=pk, status__in=[Status.APPROVED, Status.PENDING])
        .select_related("article")
        .first()
    )
    if comment is None or comment.is_author_reply or now > editable_until(comment, comment_settings):
        raise EditClosed
    return comment


def status_after_edit(comment, new_text, comment_settings):
    """The site's rules again, on the new text: a held comment stays held; an approved one is held (or trashed) when
    the edit brings in a keyword or the links that would have held it."""
    edited = ReaderComment(name=comment.name, email=comment.email, url=comment.url, text=new_text, ip=comment.ip)
    if matches_keyword(edited, comment_settings.block_keyword_list):
        return Status.TRASH
    if comment.status == Status.PENDING:
        return Status.PENDING
    if matches_keyword(edited, comment_settings.hold_keyword_list):
        return Status.PENDING
    threshold = comment_settings.link_hold_threshold
    links_before = len(LINK_PATTERN.findall(comment.text))
    links_after = len(LINK_PATTERN.findall(new_text))
    if threshold and links_after >= threshold and links_after > links_before:
        return Status.PENDING
    return comment.status


def apply_edit(comment, new_text, comment_settings):
    if new_text == comment.text:
        return comment
    was = comment.status
    comment.status = status_after_edit(comment, new_text, comment_settings)
    comment.text = new_text
    comment.edited_at = timezone.now()
    if comment.status != was:
        comment.moderated_at = None
    with transaction.atomic():
        # save() sends post_save: the page cache refreshes the article as for any change of a comment.
        comment.save(update_fields=["text", "status", "edited_at", "moderated_at"])
        if was == Status.APPROVED and comment.status == Status.PENDING:
            transaction.on_commit(lambda: notify_moderators(comment.pk))
    return comment


def hand_token_to_writer(response, comment, comment_settings):
    """Give the writer's browser the token for a few minutes; the script keeps it in localStorage."""
    if not comment_settings.edit_minutes or comment.is_author_reply:
        return
    response.set_cookie(
        EDIT_COOKIE,
        f"{comment.pk}.{int(editable_until(comment, comment_settings).timestamp())}.{edit_token(comment)}",
        max_age=comment_settings.edit_minutes * 60,
        secure=django_settings.COMMENTS_COOKIE_SECURE,
        samesite="Lax",
    )
