"""Moderation from the mail: the signed „Freigeben“, „Spam“ and „Papierkorb“ links of the moderator mail open a
page in the admin with one button. The GET changes nothing; the link works for the editor whose address it was
sent to, for seven days."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blog.models import ReaderComment

from .moderation import MAIL_ACTIONS, apply_status, is_moderator, read_mail_action_token


def _refuse(request, message, status=403):
    return TemplateResponse(request, "blog/comments/admin/mail_action.html", {"error": message}, status=status)


@require_http_methods(["GET", "POST"])
def mail_action_view(request, token):
    try:
        pk, action, address = read_mail_action_token(token)
    except signing.SignatureExpired:
        return _refuse(request, _("This link has expired: links in the moderator mail work for seven days."))
    except signing.BadSignature:
        return _refuse(request, _("This link is not valid."), status=404)
    if not is_moderator(request.user):
        raise PermissionDenied
    if (request.user.email or "").lower() != address:
        return _refuse(
            request,
            _("This link was sent to another moderator. Please use the link in your own mail or the comments list."),
        )
    comment = ReaderComment.objects.select_related("article").filter(pk=pk).first()
    if comment is None:
        return _refuse(request, _("This comment no longer exists."), status=404)
    label = {"approve": _("Approve"), "spam": _("Spam"), "trash": _("Trash")}[action]
    if request.method == "POST":
        apply_status([comment], MAIL_ACTIONS[action])
        done = {
            "approve": _("The comment by %(name)s has been approved."),
            "spam": _("The comment by %(name)s has been marked as spam."),
            "trash": _("The comment by %(name)s has been moved to the trash."),
        }[action]
        messages.success(request, done % {"name": comment.name})
        return redirect(reverse("wagtailsnippets_blog_readercomment:list") + "?status=pending")
    return TemplateResponse(
        request,
        "blog/comments/admin/mail_action.html",
        {"comment": comment, "action": action, "label": label},
    )
