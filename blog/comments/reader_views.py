"""Pages readers reach from a mail or their own browser: confirming and ending a subscription, confirming a
data-protection request, and editing or deleting their own comment. A GET never changes anything."""

from django.core import signing
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from blog.models import CommentSubscription, DataRequest, ReaderComment

from . import own_edits, personal_data, subscriptions
from .forms import CommentEditForm
from .tree import comment_settings, held_token


def _page(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    # The address carries a token: no other site learns it (and same-origin keeps the Origin header for CSRF).
    response["Referrer-Policy"] = "same-origin"
    return response


def _notice(request, title, message, *, status=200, back_to=None, **context):
    """The one-message page (blog/comments/reader_page.html), with a link back to the article ``back_to``."""
    if back_to is not None:
        context.update(link=back_to.get_url(request), link_text=_("Back to the article"))
    return _page(
        request, "blog/comments/reader_page.html", {"title": title, "message": message, **context}, status=status
    )


def _invalid_link(request):
    return _notice(
        request,
        _("This link is not valid"),
        _("The link has expired or is incomplete. Please copy the whole link from the mail."),
        status=404,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_subscription(request, token):
    try:
        pks = subscriptions.read_confirm_token(token)
    except signing.BadSignature:
        return _invalid_link(request)
    if not CommentSubscription.objects.filter(pk__in=pks).exists():
        return _invalid_link(request)
    if request.method == "POST":
        confirmed = subscriptions.confirm(pks)
        article = confirmed[0].article
        return _notice(
            request,
            _("Thank you, your subscription is confirmed"),
            _("We will tell you by e-mail about new comments. Every mail has a link to unsubscribe."),
            back_to=article,
        )
    return _notice(
        request,
        _("Confirm your subscription"),
        _("Do you want to be told by e-mail about new comments? Please confirm."),
        button=_("Yes, send me e-mails"),
    )


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" with no cookie or token.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key):
    subscription = CommentSubscription.objects.filter(key=key).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
    if request.method == "POST" or subscription is None:
        return _notice(request, _("You are unsubscribed"), _("You will receive no more mails about these comments."))
    return _notice(
        request,
        _("Unsubscribe"),
        _("Do you want to stop receiving mails about comments on “%(title)s”?") % {"title": subscription.article.title},
        button=_("Unsubscribe"),
        csrf_free=True,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_data_request(request, token):
    try:
        data_request = personal_data.read_confirm_token(token)
    except (signing.BadSignature, DataRequest.DoesNotExist):
        return _invalid_link(request)
    if request.method == "POST" or data_request.confirmed_at:
        if not data_request.confirmed_at:
            DataRequest.objects.filter(pk=data_request.pk, confirmed_at__isnull=True).update(
                confirmed_at=timezone.now()
            )
        return _notice(
            request,
            _("Thank you, your request is confirmed"),
            _("We will now handle your request and get back to you by e-mail."),
        )
    return _notice(
        request,
        _("Confirm your data-protection request"),
        data_request.get_kind_display(),
        button=_("Confirm the request"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def edit_own_comment(request, token):
    settings = comment_settings(request)
    try:
        comment = own_edits.comment_for_token(token, settings)
    except own_edits.EditClosed:
        return _notice(
            request,
            _("Your comment can no longer be changed"),
            _("Comments can be edited or deleted only for a short time after sending."),
            status=403,
        )
    article = comment.article.specific
    if article.locale.language_code != request.LANGUAGE_CODE:
        raise Http404
    form = CommentEditForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and "delete" in request.POST:
        with transaction.atomic():
            comment.delete()
        return _notice(request, _("Your comment has been deleted"), "", back_to=article)
    if request.method == "POST" and form.is_valid():
        comment = own_edits.apply_edit(comment, form.cleaned_data["text"], settings)
        if comment.status == ReaderComment.Status.APPROVED:
            return HttpResponseRedirect(f"{article.get_url(request)}#{comment.anchor}")
        if comment.status == ReaderComment.Status.PENDING:
            return HttpResponseRedirect(f"{article.get_url(request)}?unapproved={held_token(comment)}#{comment.anchor}")
        return HttpResponseRedirect(article.get_url(request))
    return _page(
        request,
        "blog/comments/edit_own.html",
        {"form": form, "comment": comment, "article": article, "until": own_edits.editable_until(comment, settings)},
    )
