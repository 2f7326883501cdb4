"""The reader's POST, the form's per-reader values and the CSRF failure page: thin, the rules live in forms.py and
moderation.py."""

import random

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from blog.models import ArticlePage, CommentSettings, ReaderComment

from . import moderation, own_edits, privacy, subscriptions
from .captcha import LOW_SCORE, UNVERIFIED
from .forms import (
    COMMENTS_CLOSED,
    NO_SCRIPT,
    PARENT_UNAVAILABLE,
    START_EXPIRED,
    CommentForm,
    StartExpired,
    csrf_secret,
    form_values,
    parse_id,
    seconds_since_start,
)
from .tree import held_token

UNVERIFIED_LIMIT_REACHED = gettext_lazy(
    "Right now too many comments are waiting to be checked without Google's spam protection, so your comment "
    "has not been saved. Please load the spam protection and send it again, or try again in an hour."
)


def commentable_article(article_id):
    # Drafts, unpublished and private articles answer 404 as they do to a GET: nothing stored, nothing revealed.
    # An id beyond the database's integers (SQLite raises on it) is a missing article too.
    article_id = parse_id(str(article_id))
    if article_id is None:
        raise Http404
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
        # The reader's text comes back with the page, which shows it for copying.
        return render_article(request, article, CommentForm(request.POST, expired=COMMENTS_CLOSED), status=403)

    ip = privacy.client_ip(request)
    form = CommentForm(request.POST, remote_ip=ip)
    try:
        if form.is_bot(request):
            return held_response(request, article, fake=True)
    except StartExpired:
        # An old tab, or a start time fetched by someone else: the reader sends again with a fresh one.
        return render_article(request, article, CommentForm(request.POST, expired=START_EXPIRED))
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
        unverified=form.captcha_result == UNVERIFIED and not editor,
    )
    comment.status = moderation.decide_status(comment, comment_settings, request.user, client_ip=ip)
    if form.captcha_result == LOW_SCORE and comment.status == ReaderComment.Status.APPROVED:
        comment.status = ReaderComment.Status.PENDING
    try:
        moderation.save_comment(
            comment, flood_exempt=editor, address=ip, unverified_limit=comment_settings.unverified_hourly_limit
        )
    except moderation.Refused as refused:
        if refused.reason == "unverified_limit":
            form.add_error(None, UNVERIFIED_LIMIT_REACHED)
            response = render_article(request, article, form, status=429)
            response["Retry-After"] = "3600"
            return response
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
    if form is not None:
        # The form comes back ready to send: this reader's CSRF token, and a start time that is still theirs
        # (without JavaScript nothing else would fill them in). A POST's answer is never cached.
        form.reader_token = reader_token(request, form)
    context = article.get_context(request, comment_form=form)
    return TemplateResponse(request, article.get_template(request), context, status=status)


def reader_token(request, form):
    values = form_values(request)
    try:
        if seconds_since_start(form.data.get("started"), csrf_secret(request)) is not None:
            # The time they first started counts, as static/js/comments.js keeps it.
            values["started"] = form.data["started"]
    except StartExpired:
        pass
    return values


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
    # Neither a token nor a start time: the page's script never ran (JavaScript off), and this answer brings both.
    no_script = not request.POST.get("csrfmiddlewaretoken") and not request.POST.get("started")
    form = CommentForm(request.POST, expired=NO_SCRIPT if no_script else True)
    return render_article(request, article, form, status=403)
