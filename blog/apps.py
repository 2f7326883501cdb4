from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from site_project import slugs

        from . import signals  # noqa: F401
        from .localization import use_numeric_dates_in_the_translation_editor

        slugs.register()
        use_numeric_dates_in_the_translation_editor()
