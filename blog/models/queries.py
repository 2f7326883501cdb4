"""Querysets shared by listings, archives, feeds, search and the home page, each a fixed number of queries."""

from django.utils.translation import get_language

from wagtail.models import Locale

# What a link to a page needs (its URL, title and language) and no more: a full page row costs a render far more
# Python in building the query and the instance than the database spends reading it.
LINK_FIELDS = ("pk", "title", "url_path", "path", "depth", "locale_id", "slug", "translation_key")


def card_queryset(queryset):
    """Articles ready for cards: author, header image with its renditions and categories in a fixed number of queries.

    The comments helper may annotate ``comment_count`` on the same queryset; cards show it when present.
    """
    return queryset.select_related("author", "header_image").prefetch_related("header_image__renditions", "categories")


def localize_snippets(snippets, locale_id):
    """Map snippets to their translations in ``locale_id`` by translation key; a query only for foreign ones.

    Translations link their own language's categories and tags once saved (``ArticlePage.localize_relations``), but a
    category translated later, or data from before, may still point at the original language's snippet: readers must
    see and follow the snippets of the page's own language. A snippet without a translation stays as it is.
    """
    snippets = list(snippets)
    foreign = [snippet for snippet in snippets if snippet.locale_id != locale_id]
    localized = {}
    if foreign:
        model = type(foreign[0])
        keys = {snippet.translation_key for snippet in foreign}
        localized = {
            item.translation_key: item for item in model.objects.filter(locale_id=locale_id, translation_key__in=keys)
        }
    return {
        snippet.pk: snippet if snippet.locale_id == locale_id else localized.get(snippet.translation_key, snippet)
        for snippet in snippets
    }


def attach_display_categories(articles, locale_id=None):
    """Set ``display_categories`` on each article (categories prefetched) to its categories in that language."""
    articles = list(articles)
    if locale_id is None:
        locale_id = Locale.objects.filter(language_code=get_language()).values_list("pk", flat=True).first()
    all_categories = {category.pk: category for article in articles for category in article.categories.all()}
    mapping = localize_snippets(all_categories.values(), locale_id)
    for article in articles:
        seen = set()
        display = []
        for category in article.categories.all():
            localized = mapping.get(category.pk, category)
            if localized.pk not in seen:
                seen.add(localized.pk)
                display.append(localized)
        article.display_categories = sorted(display, key=lambda item: item.name.lower())
    return articles


def localized_categories(article, locale_id):
    return sorted(
        {c.pk: c for c in localize_snippets(article.categories.all(), locale_id).values()}.values(),
        key=lambda item: item.name.lower(),
    )


def localized_tags(article, locale_id):
    return sorted(
        {t.pk: t for t in localize_snippets(article.tags.all(), locale_id).values()}.values(),
        key=lambda item: item.name.lower(),
    )
