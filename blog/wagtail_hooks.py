from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .comments.admin import (
    ApproveBulkAction,
    HeldCommentsPanel,
    ReaderCommentPermissionPolicy,
    ReaderCommentViewSet,
    SpamBulkAction,
    TrashBulkAction,
)
from .comments.moderation import MODERATE_PERMISSION
from .models import Author, Category, ReaderComment, Tag


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = _("Tags")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


class BlogSnippetGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, CategoryViewSet, TagViewSet)
    menu_icon = "doc-full"
    menu_label = _("Blog")
    menu_name = "blog"


register_snippet(BlogSnippetGroup)


# Reader comments: a menu item of their own, so that the pending-count badge is visible at a glance.
register_permission_policy(ReaderComment, ReaderCommentPermissionPolicy(ReaderComment))
register_snippet(ReaderCommentViewSet)
for _action in (ApproveBulkAction, SpamBulkAction, TrashBulkAction):
    hooks.register("register_bulk_action", _action)


@hooks.register("construct_homepage_panels")
def add_held_comments_panel(request, panels):
    if request.user.has_perm(MODERATE_PERMISSION):
        panels.append(HeldCommentsPanel())


@hooks.register("register_snippet_listing_buttons")
def reader_comment_listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ReaderComment) or not user.has_perm(MODERATE_PERMISSION):
        return []
    return [
        ListingButton(
            _("Reply"),
            reverse("wagtailsnippets_blog_readercomment:reply", args=[snippet.pk]),
            icon_name="comment",
            priority=5,
        )
    ]


@hooks.register("page_cache_purge_tags")
def articles_that_will_link_a_newly_listed_article(page):
    """An article newly listed (published, live again or redated) appears in the previous/next links of its
    neighbours and, relatedness being mutual, in the related articles of those it relates to: their views refresh.
    (Whatever showed it before carries its own tag already.)"""
    from site_project.caching.utils import view_tag

    from .models import ArticlePage
    from .related import related_articles

    if not isinstance(page, ArticlePage):
        return []
    linked = [article for article in page.get_neighbours() if article is not None]
    linked += related_articles(page)
    return [view_tag(article.pk) for article in linked]
