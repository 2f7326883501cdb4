from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from site_project.caching.utils import view_tag

from . import choosers
from .comments import admin_mail, admin_requests
from .comments.admin import (
    ApproveBulkAction,
    HeldCommentsPanel,
    ReaderCommentPermissionPolicy,
    ReaderCommentViewSet,
    SpamBulkAction,
    TrashBulkAction,
)
from .comments.moderation import MODERATE_PERMISSION
from .models import ArticlePage, Author, Category, ReaderComment, Tag
from .related import related_articles
from .wordpress import admin_views as wordpress_import_views


# No ``search_fields`` on these viewsets: the listing search then goes through the models' own index (an
# AutocompleteField on the name). Naming fields makes the search backend match them as columns, which SQLite's
# full-text index does not have ("no such column: name", answered with a 503).
class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "locale"]
    list_filter = ["locale"]


class TermViewSet(SnippetViewSet):
    """The admin list of a Term (blog/models/snippets.py): name and slug, per language."""

    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class CategoryViewSet(TermViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")


class TagViewSet(TermViewSet):
    model = Tag
    icon = "tag"
    menu_label = _("Tags")


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
    buttons = [
        ListingButton(
            _("Reply"),
            reverse("wagtailsnippets_blog_readercomment:reply", args=[snippet.pk]),
            icon_name="comment",
            priority=5,
        )
    ]
    # Approve and spam straight from the row menu: Wagtail's w-action controller POSTs with the CSRF token.
    for label, name, icon, status in (
        (_("Approve"), "approve", "check", ReaderComment.Status.APPROVED),
        (_("Spam"), "spam", "warning", ReaderComment.Status.SPAM),
    ):
        if snippet.status == status:
            continue
        url = reverse(f"wagtailsnippets_blog_readercomment:{name}", args=[snippet.pk])
        buttons.append(
            ListingButton(
                label,
                url,
                icon_name=icon,
                priority=6 if name == "approve" else 7,
                attrs={"data-controller": "w-action", "data-action": "w-action#post", "data-w-action-url-value": url},
            )
        )
    return buttons


@hooks.register("register_admin_urls")
def register_comment_admin_urls():
    return [
        path("comments/mail/<str:token>/", admin_mail.mail_action_view, name="reader_comment_mail_action"),
        path("data-requests/", admin_requests.index_view, name="data_requests"),
        path("data-requests/<int:pk>/export.<str:fmt>", admin_requests.export_view, name="data_request_export"),
        path("data-requests/<int:pk>/erase/", admin_requests.erase_view, name="data_request_erase"),
    ]


@hooks.register("register_admin_urls")
def register_snippet_name_autocomplete_url():
    # Suggestions for the categories and tags fields of the article editor (blog/choosers.py).
    return [path("blog-autocomplete/<str:model_name>/", choosers.autocomplete, name="blog_snippet_name_autocomplete")]


@hooks.register("register_settings_menu_item")
def register_data_requests_menu_item():
    return admin_requests.DataRequestsMenuItem(
        _("Data-protection requests"), reverse("data_requests"), icon_name="lock", order=900
    )


@hooks.register("construct_homepage_panels")
def add_overdue_data_requests_panel(request, panels):
    if request.user.has_perm(admin_requests.PERMISSION):
        overdue = admin_requests.overdue_requests()
        if overdue:
            panels.insert(0, admin_requests.OverdueDataRequestsPanel(overdue))


# WordPress import wizard (blog/wordpress/admin_views.py): Settings → Import from WordPress.
class WordPressImportMenuItem(MenuItem):
    def is_shown(self, request):
        return wordpress_import_views.user_may_import(request.user)


@hooks.register("register_admin_urls")
def register_wordpress_import_urls():
    return [
        path(
            "wordpress-import/",
            include((wordpress_import_views.urlpatterns, wordpress_import_views.app_name)),
        )
    ]


@hooks.register("register_settings_menu_item")
def register_wordpress_import_menu_item():
    return WordPressImportMenuItem(
        _("Import from WordPress"),
        reverse("wordpress_import:index"),
        name="wordpress-import",
        icon_name="download",
        order=910,
    )


@hooks.register("register_permissions")
def register_wordpress_import_permission():
    # Shown on the group form, so that an administrator can grant it; no group has it by default.
    return Permission.objects.filter(content_type__app_label="blog", codename="import_wordpress")


@hooks.register("page_cache_purge_tags")
def articles_that_will_link_a_newly_listed_article(page):
    """An article newly listed (published, live again or redated) appears in the previous/next links of its
    neighbours and, relatedness being mutual, in the related articles of those it relates to: their views refresh.
    (Whatever showed it before carries its own tag already.)"""
    if not isinstance(page, ArticlePage):
        return []
    linked = [article for article in page.get_neighbours() if article is not None]
    linked += related_articles(page)
    return [view_tag(article.pk) for article in linked]


@hooks.register("insert_editor_js")
def reading_text_for_content_metrics():
    return format_html('<script src="{}"></script>', static("js/admin/reading-text.js"))
