from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.models import TranslatableMixin

from site_project.health import overdue_scheduled_revisions

from .translators import GROUP_NAME


@hooks.register("before_edit_snippet")
def translators_edit_only_translations(request, instance):
    """Snippets have no drafts: a translator's edit to a German category would be live at once, so only editors
    change originals. Translators translate them (and edit the translations) through wagtail-localize."""
    if not isinstance(instance, TranslatableMixin) or instance.locale.language_code != settings.LANGUAGE_CODE:
        return None
    if not may_change_originals(request.user, type(instance)):
        return permission_denied(request)
    return None


def may_change_originals(user, model):
    if user.is_superuser:
        return True
    codename = f"change_{model._meta.model_name}"
    granted = Permission.objects.filter(codename=codename, content_type__app_label=model._meta.app_label)
    return granted.filter(Q(user=user) | (Q(group__user=user) & ~Q(group__name=GROUP_NAME))).exists()


@hooks.register("insert_global_admin_js")
def localize_editor_strings():
    return format_html('<script src="{}"></script>', static("js/admin/localize-editor.js"))


class OverdueScheduledPanel(Component):
    """Warns editors on the dashboard when scheduled publishing has stopped: articles would silently stay offline."""

    name = "overdue_scheduled_pages"
    template_name = "home/admin/overdue_panel.html"
    order = 10
    LIMIT = 10

    def __init__(self, revisions, count):
        self.revisions, self.count = revisions, count

    def get_context_data(self, parent_context):
        return {"revisions": self.revisions, "overdue_count": self.count}


@hooks.register("construct_homepage_panels")
def add_overdue_scheduled_panel(request, panels):
    overdue = overdue_scheduled_revisions()
    count = overdue.count()
    if count:
        panels.append(OverdueScheduledPanel(list(overdue[: OverdueScheduledPanel.LIMIT]), count))


class EditorsContentChecker(ContentCheckerItem):
    """Wagtail's accessibility checker on what editors write only: the site title („Missbrauch von Absätzen als
    Überschriften“), the footer and readers' comments (their names) are the templates' business, tested by the
    project's own axe-core tests; flagging them in every preview gives editors warnings they cannot act on."""

    axe_exclude = [".site-header", ".site-footer", "#comments"]

    def get_axe_exclude(self, request):
        if not self.in_editor:
            return super().get_axe_exclude(request)
        # The editor's checks panel puts its preview frame in front of this list and hands it to axe as a path of
        # nested frames (``fromFrames``), so a second selector would be taken for a frame and nothing be excluded:
        # the site title was flagged in every article's checks (Wagtail 8.0; see wagtail/wagtail#13164). One
        # selector list excludes all of them, Wagtail's own userbar elements included.
        return [", ".join([*self.axe_exclude, "wagtail-userbar", "wagtail-inline-userbar"])]


@hooks.register("construct_wagtail_userbar")
def check_only_what_editors_write(request, items, page=None):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, EditorsContentChecker):
            items[index] = EditorsContentChecker(in_editor=item.in_editor)
