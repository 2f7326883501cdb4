"""The reader's POST: thin, the rules live in forms.py and moderation.py."""

import random

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blog.models import ArticlePage, CommentSettings, ReaderComment

from . import moderation, privacy
from .forms import PARENT_UNAVAILABLE, CommentForm
from .tree import held_token


@require_POST
def post_comment(request, article_id):
    # Drafts, unpublished and private articles answer 404 as they do to a GET: nothing stored, nothing revealed.
    article = get_object_or_404(ArticlePage.objects.live().public().specific(), pk=article_id)
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
    comment.status = moderation.decide_status(comment, comment_settings, request.user)
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

    if comment.status == ReaderComment.Status.APPROVED:
        response = HttpResponseRedirect(f"{article.get_url(request)}#{comment.anchor}")
    else:
        response = held_response(request, article, comment=comment)
    privacy.remember_commenter(response, comment, data["remember"], request)
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
