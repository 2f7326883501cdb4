from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "site_project.caching"
    label = "caching"
    verbose_name = "Caching"

    def ready(self):
        from .signal_handlers import register_signal_handlers
        from .utils import tag_pages_when_linked

        register_signal_handlers()
        tag_pages_when_linked()
