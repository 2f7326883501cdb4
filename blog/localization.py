"""How content in one language points at the other language's versions of authors, categories and tags.

wagtail-localize copies synchronised relations as they are, so a fresh English translation would show the German
categories and the German author. These helpers swap each related item for its translation in the page's locale and
keep the original where no translation exists yet, so a page never loses a category because a translator has not
got round to it. The site's name, which Wagtail does not translate, comes from each language's home page.
"""

from collections import defaultdict

from django.conf import settings

from wagtail_localize.fields import SynchronizedField, TranslatableField

PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    # Not overridable: a translation must stay in the same menus as its original.
    SynchronizedField("show_in_menus", overridable=False),
]


def site_name_in(site, language_code, home=None):
    """The site's name as readers of ``language_code`` see it, ``home`` being that language's home page.

    In the default language it is the site's name (Settings › Sites). That field has no translations, so in another
    language it is the title the translators gave that language's home page.
    """
    if home is not None and language_code != settings.LANGUAGE_CODE:
        return home.title
    return (site.site_name if site else "") or (home.title if home else "")


def localized_instances(instances, locale_id):
    """Map each instance to its translation in ``locale_id`` (itself if it has none), in one query."""
    instances = list(instances)
    foreign = [item for item in instances if item.locale_id != locale_id]
    if not foreign:
        return instances
    model = type(foreign[0])
    translations = {
        item.translation_key: item
        for item in model.objects.filter(
            locale_id=locale_id, translation_key__in=[item.translation_key for item in foreign]
        )
    }
    result, seen = [], set()
    for item in instances:
        localized = item if item.locale_id == locale_id else translations.get(item.translation_key, item)
        if localized.pk not in seen:
            seen.add(localized.pk)
            result.append(localized)
    return result


def relink_translations_of(instance, through_model, page_field, item_field):
    """Point the pages of ``instance``'s locale from the original item to ``instance``, a new translation of it.

    Called when a translator translates a category or tag after the articles that use it: the English articles that
    fell back to the German item now show the English one, without waiting for their next sync.
    """
    originals = type(instance).objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk)
    rows = through_model.objects.filter(
        **{f"{item_field}__in": originals, f"{page_field}__locale_id": instance.locale_id}
    )
    pages_having_it = set(
        through_model.objects.filter(**{item_field: instance}).values_list(f"{page_field}_id", flat=True)
    )
    by_page = defaultdict(list)
    for row in rows:
        by_page[getattr(row, f"{page_field}_id")].append(row.pk)
    for page_id, row_ids in by_page.items():
        if page_id in pages_having_it:
            through_model.objects.filter(pk__in=row_ids).delete()
        else:
            through_model.objects.filter(pk__in=row_ids[:1]).update(**{item_field: instance})
            through_model.objects.filter(pk__in=row_ids[1:]).delete()


# wagtail-localize writes its dates with ``strftime("%-d %B %Y")``: month names in the server's C locale, so the
# German translation editor said "Manuell übersetzt am 1 December 2026". A numeric date reads right in either
# admin language and needs no process-wide ``setlocale``.
TRANSLATION_EDITOR_DATE_FORMAT = "%d.%m.%Y"


def use_numeric_dates_in_the_translation_editor():
    from wagtail_localize import compat, models
    from wagtail_localize.views import edit_translation

    for module in (compat, models, edit_translation):
        module.DATE_FORMAT = TRANSLATION_EDITOR_DATE_FORMAT
