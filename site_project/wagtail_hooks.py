"""Admin hooks of the site-wide machinery: the scheduling dialog's date pickers (site_project/scheduling.py)."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_global_admin_css")
def scheduling_dialog_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-scheduling.css"))


@hooks.register("insert_global_admin_js")
def scheduling_dialog_js():
    return format_html('<script src="{}"></script>', static("js/admin/scheduling.js"))
