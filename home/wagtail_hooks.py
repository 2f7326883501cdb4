from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.models import TranslatableMixin

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
