from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="link-external")
class FeedSettings(BaseSiteSetting):
    """How the RSS and Atom feeds present articles."""

    full_text = models.BooleanField(
        _("full text in feeds"),
        default=False,
        help_text=_("Off: feeds carry the teaser and a link. On: feeds carry the whole article."),
    )
    items = models.PositiveSmallIntegerField(
        _("number of articles in a feed"),
        default=20,
        help_text=_("Between 5 and 100."),
    )

    panels = [FieldPanel("full_text"), FieldPanel("items")]

    class Meta:
        verbose_name = _("feeds")

    def item_limit(self):
        return min(max(self.items or 20, 5), 100)
