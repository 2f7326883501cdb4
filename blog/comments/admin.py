"""The comments area of the Wagtail admin: listing, filters, bulk moderation, replies and the dashboard panel."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from blog.models import ArticlePage, CommentSettings, ReaderComment

from .forms import SafeCharField
from .moderation import MODERATE_PERMISSION, apply_status, resolve_parent

Status = ReaderComment.Status


class ReaderCommentPermissionPolicy(ModelPermissionPolicy):
    """Readers write comments; editors moderate and answer them, but never invent one from scratch."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


class ReaderCommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    article = django_filters.ModelChoiceFilter(
        label=_("Article"),
        queryset=ArticlePage.objects.filter(reader_comments__isnull=False).distinct().order_by("title"),
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    unverified = django_filters.BooleanFilter(label=_("Without reCAPTCHA check"))

    class Meta:
        model = ReaderComment
        fields = ["status", "article", "created_at", "unverified"]


class PendingBadgeMenuItem(MenuItem):
    """The menu label carries the number of comments waiting, like WordPress's bubble."""

    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)

    def render_component(self, request):
        component = super().render_component(request)
        pending = ReaderComment.objects.pending().count()
        if pending:
            component.label = f"{self.label} ({pending})"
        return component


class ReplyForm(forms.Form):
    text = SafeCharField(
        label=_("Your reply"),
        single_line=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReaderCommentViewSet(SnippetViewSet):
    model = ReaderComment
    icon = "comment"
    menu_label = _("Comments")
    menu_name = "reader-comments"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    # The first column links to the edit view and carries the row's buttons (edit, reply, delete).
    list_display = [
        "excerpt",
        Column("name", label=_("Author")),
        Column("article", label=_("Article")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("unverified", label=_("Spam check"), accessor="spam_check_label"),
        DateColumn("created_at", label=_("Date")),
    ]
    list_per_page = 50
    filterset_class = ReaderCommentFilterSet
    search_fields = ["name", "email", "text", "url"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "text",
        "name",
        "email",
        "url",
        "article",
        "parent",
        "status",
        "unverified",
        "created_at",
        "edited_at",
        "moderated_at",
        "ip",
    ]

    @property
    def menu_item_class(self):
        return PendingBadgeMenuItem

    def get_queryset(self, request):
        return ReaderComment.objects.select_related("article")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reply/<int:pk>/", self.reply_view, name="reply"),
            path("approve/<int:pk>/", approve_view, name="approve"),
            path("spam/<int:pk>/", spam_view, name="spam"),
        ]

    def reply_view(self, request, pk):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        parent = get_object_or_404(ReaderComment.objects.select_related("article"), pk=pk)
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reply = create_editor_reply(request, parent, form.cleaned_data["text"])
            messages.success(request, _("Your reply has been published."))
            return redirect(reverse(self.get_url_name("edit"), args=[reply.pk]))
        return TemplateResponse(
            request,
            "blog/comments/admin/reply.html",
            {"form": form, "parent": parent, "header_icon": self.icon, "index_url": reverse(self.get_url_name("list"))},
        )


def create_editor_reply(request, parent, text):
    """An editor's reply from the admin: approved at once, marked as the editors', and it approves its parent."""
    user = request.user
    with transaction.atomic():
        if parent.status != Status.APPROVED:
            parent.status = Status.APPROVED
            parent.moderated_at = timezone.now()
            parent.save(update_fields=["status", "moderated_at"])
        site = parent.article.get_site()
        comment_settings = CommentSettings.for_site(site) if site else CommentSettings()
        reply_parent, depth = resolve_parent(parent.article, parent.pk, comment_settings.max_depth)
        return ReaderComment.objects.create(
            article=parent.article,
            parent=reply_parent,
            depth=depth,
            name=user.get_full_name() or user.get_username(),
            email=user.email or "",
            text=text,
            status=Status.APPROVED,
            user=user,
            is_author_reply=True,
        )


@require_POST
def approve_view(request, pk):
    return _set_status(request, pk, Status.APPROVED, _("The comment by %(name)s has been approved."))


@require_POST
def spam_view(request, pk):
    return _set_status(request, pk, Status.SPAM, _("The comment by %(name)s has been marked as spam."))


def _set_status(request, pk, status, message):
    if not request.user.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied
    comment = get_object_or_404(ReaderComment, pk=pk)
    apply_status([comment], status)
    messages.success(request, message % {"name": comment.name})
    # The dashboard's form names where to go back to; the listing's row menu (a scripted POST) sends the referrer.
    next_url = request.POST.get("next", "") or request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)


class StatusBulkAction(SnippetBulkAction):
    """Set the status of the selected comments in one statement."""

    template_name = "blog/comments/admin/confirm_bulk_status.html"
    new_status = None
    models = [ReaderComment]

    def check_perm(self, snippet):
        return self.request.user.has_perm(MODERATE_PERMISSION)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        return context

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return apply_status(objects, cls.new_status), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return self.success_message % {"count": num_parent_objects}


class ApproveBulkAction(StatusBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected comments")
    action_priority = 10
    new_status = Status.APPROVED
    success_message = ngettext_lazy("%(count)d comment approved.", "%(count)d comments approved.", "count")


class SpamBulkAction(StatusBulkAction):
    display_name = _("Spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    action_priority = 20
    new_status = Status.SPAM
    success_message = ngettext_lazy("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", "count")


class TrashBulkAction(StatusBulkAction):
    display_name = _("Trash")
    action_type = "trash"
    aria_label = _("Move the selected comments to the trash")
    action_priority = 25
    new_status = Status.TRASH
    success_message = ngettext_lazy(
        "%(count)d comment moved to the trash.", "%(count)d comments moved to the trash.", "count"
    )


class HeldCommentsPanel(Component):
    """The dashboard's list of the newest held comments, each approved with one click."""

    name = "held_reader_comments"
    template_name = "blog/comments/admin/held_panel.html"
    order = 90
    LIMIT = 5

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pending = ReaderComment.objects.pending().select_related("article")
        context.update(
            {
                "comments": list(pending.order_by("-created_at", "-pk")[: self.LIMIT]),
                "pending_count": pending.count(),
                "request": parent_context["request"],
                "csrf_token": parent_context["csrf_token"],
            }
        )
        return context
