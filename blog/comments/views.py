"""The reader's POST, the form's per-reader values and the CSRF failure page: thin, the rules live in forms.py and
moderation.py."""

import random

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from blog.models import ArticlePage, CommentSettings, ReaderComment

from . import moderation, own_edits, privacy, subscriptions
from .forms import PARENT_UNAVAILABLE, CommentForm, form_values
from .tree import held_token


def commentable_article(article_id):
    # Drafts, unpublished and private articles answer 404 as they do to a GET: nothing stored, nothing revealed.
    return get_object_or_404(ArticlePage.objects.live().public().specific(), pk=article_id)


@require_GET
@never_cache
def form_token(request):
    """The comment form's CSRF token and start time, fetched by static/js/comments.js once the reader starts
    writing: the article itself carries nothing of this reader's and can be shared by every cache."""
    return JsonResponse(form_values(request))


@require_POST
def post_comment(request, article_id):
    article = commentable_article(article_id)
    comment_settings = CommentSettings.for_request(request)
    if not moderation.comments_open(article, comment_settings):
        return render_article(request, article, None, status=403)

    ip = privacy.client_ip(request)
    form = CommentForm(request.POST, remote_ip=ip)
    if form.is_bot():
        return held_response(request, article, fake=True)
    if not form.is_valid():
        return render_article(request, article, form)

    data = form.cleaned_data
    try:
        parent, depth = moderation.resolve_parent(article, data["parent"], comment_settings.max_depth)
    except ReaderComment.DoesNotExist:
        form.add_error(None, PARENT_UNAVAILABLE)
        return render_article(request, article, form)

    editor = moderation.is_moderator(request.user)
    comment = ReaderComment(
        article=article,
        parent=parent,
        depth=depth,
        name=data["name"],
        email=data["email"],
        url=data["url"],
        text=data["text"],
        ip=privacy.anonymise_ip(ip),
        user_agent=privacy.user_agent(request),
        user=request.user if editor else None,
        is_author_reply=editor,
    )
    comment.status = moderation.decide_status(comment, comment_settings, request.user, client_ip=ip)
    try:
        moderation.save_comment(comment, flood_exempt=editor)
    except moderation.Refused as refused:
        if refused.reason == "flood":
            form.add_error(None, _("You are commenting too quickly. Please wait a moment."))
            response = render_article(request, article, form, status=429)
            response["Retry-After"] = "15"
            return response
        form.add_error(None, _("You have already written this comment."))
        return render_article(request, article, form)

    subscriptions.subscribe(comment, form.subscription_scopes())
    if comment.status == ReaderComment.Status.APPROVED:
        response = HttpResponseRedirect(f"{article.get_url(request)}#{comment.anchor}")
    else:
        response = held_response(request, article, comment=comment)
    privacy.remember_commenter(response, comment, data["remember"], request)
    if comment.status != ReaderComment.Status.TRASH:
        own_edits.hand_token_to_writer(response, comment, comment_settings)
    return response


def held_response(request, article, comment=None, fake=False):
    """Where a held comment's writer goes. A bot gets the same kind of answer, for a comment that does not exist."""
    if fake:
        comment = ReaderComment(pk=random.randint(10**6, 10**7))
    token = held_token(comment)
    return HttpResponseRedirect(f"{article.get_url(request)}?unapproved={token}#{comment.anchor}")


def render_article(request, article, form, status=200):
    context = article.get_context(request, comment_form=form)
    return TemplateResponse(request, article.get_template(request), context, status=status)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a comment whose form lost its CSRF token (an old tab, cookies refused, a session
    changed in another tab) comes back with what the reader wrote and a request to send it again, in the reader's
    language. Nothing is stored. Everything else gets Django's page."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "post_comment":
        return csrf.csrf_failure(request, reason=reason)
    try:
        article = commentable_article(match.kwargs["article_id"])
    except Http404:
        return csrf.csrf_failure(request, reason=reason)
    form = CommentForm(request.POST, expired=True)
    return render_article(request, article, form, status=403)
