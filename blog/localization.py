"""How content in one language points at the other language's versions of authors, categories and tags.

wagtail-localize copies synchronised relations as they are, so a fresh English translation would show the German
categories and the German author. These helpers swap each related item for its translation in the page's locale and
keep the original where no translation exists yet, so a page never loses a category because a translator has not
got round to it.
"""

from collections import defaultdict

from django.utils.translation import get_language

from wagtail.models import Locale
from wagtail_localize import compat
from wagtail_localize import models as localize_models
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.views import edit_translation

PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    # Not overridable: a translation must stay in the same menus as its original.
    SynchronizedField("show_in_menus", overridable=False),
]


def localize(items, locale_id):
    """Each of ``items`` (authors, categories, tags) as its translation in ``locale_id``, in the same order; itself
    where it has none. One query, and only when an item is of another language.

    Translations link their own language's categories and tags once saved (``ArticlePage.localize_relations``), but a
    category translated later, or data from before, may still point at the original language's snippet: readers must
    see and follow the snippets of the page's own language.
    """
    items = list(items)
    foreign = {item.translation_key for item in items if item.locale_id != locale_id}
    if not foreign:
        return items
    model = type(items[0])
    translations = {
        item.translation_key: item for item in model.objects.filter(locale_id=locale_id, translation_key__in=foreign)
    }
    return [item if item.locale_id == locale_id else translations.get(item.translation_key, item) for item in items]


def by_name(items):
    """Categories or tags as lists show them: each once, sorted by name whatever the case."""
    return sorted({item.pk: item for item in items}.values(), key=lambda item: item.name.lower())


def localized_terms(terms, locale_id):
    """An article's categories or tags in the reader's language, as lists show them."""
    return by_name(localize(terms, locale_id))


def attach_display_categories(articles, locale_id=None):
    """Set ``display_categories`` on each article (categories prefetched) to its categories in that language, with
    one query for all of them."""
    articles = list(articles)
    if locale_id is None:
        locale_id = Locale.objects.filter(language_code=get_language()).values_list("pk", flat=True).first()
    categories = [category for article in articles for category in article.categories.all()]
    localized = dict(zip((category.pk for category in categories), localize(categories, locale_id), strict=True))
    for article in articles:
        article.display_categories = by_name(localized[category.pk] for category in article.categories.all())
    return articles


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
    for module in (compat, localize_models, edit_translation):
        module.DATE_FORMAT = TRANSLATION_EDITOR_DATE_FORMAT
