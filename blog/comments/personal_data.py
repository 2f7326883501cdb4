"""A commenter's personal data: what we hold under an e-mail address, its export and its erasure.

Used by the admin's data-protection requests and by the ``comment_personal_data`` command alike.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blog.models import CommentSubscription, DataRequest, PendingMail, ReaderComment
from site_project.caching.utils import purge_comments

from .mailing import send_after_commit

CONFIRM_SALT = "blog.comments.data-request"
CONFIRM_MAX_AGE = 14 * 24 * 60 * 60
ANONYMOUS_NAME = "Anonym"


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def collect(email):
    """Every comment, subscription and consent stored under ``email``, as plain data with dates."""
    email = email.strip()
    comments = ReaderComment.objects.filter(email__iexact=email).select_related("article").order_by("created_at")
    subscriptions = (
        CommentSubscription.objects.filter(email__iexact=email).select_related("article").order_by("created_at")
    )
    return {
        "email": email,
        "exported_at": _iso(timezone.now()),
        "comments": [
            {
                "article": comment.article.title,
                "url": comment.article.full_url,
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
                "status": comment.status,
                "name": comment.name,
                "email": comment.email,
                "website": comment.url,
                "ip": comment.ip,
                "user_agent": comment.user_agent,
                "text": comment.text,
            }
            for comment in comments
        ],
        "subscriptions": [
            {
                "article": subscription.article.title,
                "scope": subscription.scope,
                "language": subscription.language,
                "requested_at": _iso(subscription.created_at),
                # The consent: the time the person followed the link in the confirmation mail.
                "confirmed_at": _iso(subscription.confirmed_at),
            }
            for subscription in subscriptions
        ],
    }


def export_html(data):
    return render_to_string("blog/comments/admin/personal_data_export.html", {"data": data})


def erase(email, delete=False):
    """Anonymise (name „Anonym“, no e-mail, website, IP or browser; the text stays) or delete the comments of
    ``email``, and delete its subscriptions and kept mails. Returns the number of comments changed."""
    email = email.strip()
    with transaction.atomic():
        comments = ReaderComment.objects.filter(email__iexact=email)
        articles = set(comments.values_list("article_id", flat=True))
        if delete:
            _total, details = comments.delete()
            count = details.get("blog.ReaderComment", 0)
        else:
            count = comments.update(name=ANONYMOUS_NAME, email="", url="", ip=None, user_agent=None)
        CommentSubscription.objects.filter(email__iexact=email).delete()
        PendingMail.objects.filter(to__iexact=email).delete()
        for article_id in articles:
            purge_comments(article_id)
    return count


def confirm_token(data_request):
    return signing.dumps(data_request.pk, salt=CONFIRM_SALT)


def read_confirm_token(token):
    pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if not isinstance(pk, int):
        raise signing.BadSignature("malformed")
    return DataRequest.objects.get(pk=pk, completed_at__isnull=True)


def send_confirmation(data_request):
    """The person's confirmation mail, as WordPress sends it: nothing is exported or erased before they confirm."""
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "data_request_confirm", args=[confirm_token(data_request)]
        )
        subject = _("Please confirm your data-protection request")
        body = render_to_string(
            "blog/comments/mail/data_request_confirm.txt", {"data_request": data_request, "confirm_url": url}
        )
    send_after_commit(data_request.email, subject, body)
