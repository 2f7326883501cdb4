"""The "Übersetzer" group: translators carry German content into the other languages but never publish German pages.

The group and its model permissions come from a data migration. Page permissions hang off each language's home page,
and a home page created later (a new language, or a rebuilt demo site) gets them through ``grant_home_permissions``.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

GROUP_NAME = "Übersetzer"

# In the source language: open pages, save drafts and start translations; never publish, lock or delete live pages.
SOURCE_LANGUAGE_PAGE_PERMISSIONS = ["change_page"]
# In every other language: create translations, edit and publish them.
TARGET_LANGUAGE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

# (app_label, model, codename). Snippet permissions in Wagtail are per model, not per language.
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_localize", "translation", "submit_translation"),
    ("blog", "author", "change_author"),
    ("blog", "category", "change_category"),
    ("blog", "tag", "change_tag"),
]


def page_permission_codenames(language_code):
    if language_code == settings.LANGUAGE_CODE:
        return SOURCE_LANGUAGE_PAGE_PERMISSIONS
    return TARGET_LANGUAGE_PAGE_PERMISSIONS


def grant_home_permissions(home_page, group=None):
    """Give the translators their permissions on a language's home page (and so on its whole tree)."""
    group = group or Group.objects.filter(name=GROUP_NAME).first()
    if group is None:
        return
    codenames = page_permission_codenames(home_page.locale.language_code)
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
        GroupPagePermission.objects.get_or_create(group=group, page_id=home_page.pk, permission=permission)
