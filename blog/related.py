"""Related articles: editors' pins first, then articles of the same language that share categories and tags.

One query (plus Wagtail's view-restriction lookup) whatever the number of articles: shared categories and tags are
counted in correlated subqueries over the (indexed) link tables, only articles sharing at least one of them are
candidates, and the database returns the best three. Categories count more than tags; an article from about the same
year gets a small bonus, and closeness in date breaks ties.
"""

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs, Coalesce, ExtractDay, ExtractMonth, ExtractYear

from .models import ArticlePage, ExcludedRelatedArticle, PinnedRelatedArticle

RELATED_LIMIT = 3
CATEGORY_WEIGHT = 4
TAG_WEIGHT = 2
CLOSE_IN_DATE_DAYS = 366


def _day_number(expression):
    # A monotonic day count that SQLite and PostgreSQL compute alike; months of 31 days are close enough for ranking.
    return ExtractYear(expression) * 372 + ExtractMonth(expression) * 31 + ExtractDay(expression)


def _shared(through, target, article):
    """A subquery counting the links of the outer article to ``target`` snippets that ``article`` also has."""
    mine = through.objects.filter(articlepage_id=article.pk).values(f"{target}__translation_key")
    counted = (
        through.objects.filter(articlepage_id=OuterRef("pk"), **{f"{target}__translation_key__in": mine})
        .values("articlepage_id")
        .annotate(shared=Count(f"{target}__translation_key", distinct=True))
        .values("shared")[:1]
    )
    candidates = through.objects.filter(**{f"{target}__translation_key__in": mine}).values("articlepage_id")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)), candidates


def related_articles(article, limit=RELATED_LIMIT, private=None):
    """Up to ``limit`` related articles of ``article``'s language; an empty list when nothing relates.

    ``private`` is ``PageQuerySet.private_q()`` when the caller has looked the view restrictions up already.
    """
    private = ArticlePage.objects.private_q() if private is None else private
    category_through = ArticlePage._meta.get_field("categories").remote_field.through
    tag_through = ArticlePage._meta.get_field("tags").remote_field.through
    shared_categories, category_candidates = _shared(category_through, "category", article)
    shared_tags, tag_candidates = _shared(tag_through, "tag", article)
    # Pins and exclusions of every language version count: they are synchronised, not translated.
    siblings = {"article__translation_key": article.translation_key}
    pin_order = (
        PinnedRelatedArticle.objects.filter(**siblings, page__translation_key=OuterRef("translation_key"))
        .order_by("sort_order")
        .values("sort_order")[:1]
    )
    excluded = ExcludedRelatedArticle.objects.filter(**siblings).values("page__translation_key")
    pinned = PinnedRelatedArticle.objects.filter(**siblings).values("page__translation_key")
    distance = Abs(_day_number(F("date")) - Value(_day_number_value(article.date)))
    queryset = (
        ArticlePage.objects.live()
        .exclude(private)
        .filter(locale_id=article.locale_id)
        .exclude(translation_key=article.translation_key)
        .exclude(translation_key__in=excluded)
        .filter(
            Q(pk__in=category_candidates) | Q(pk__in=tag_candidates) | Q(translation_key__in=pinned),
        )
        .annotate(
            pin_order=Subquery(pin_order, output_field=IntegerField()),
            shared_categories=shared_categories,
            shared_tags=shared_tags,
            date_distance=distance,
        )
        .annotate(
            relevance=F("shared_categories") * CATEGORY_WEIGHT
            + F("shared_tags") * TAG_WEIGHT
            + Case(When(date_distance__lte=CLOSE_IN_DATE_DAYS, then=Value(1)), default=Value(0))
        )
        .select_related("author", "header_image")
        .prefetch_related("header_image__renditions")
        .order_by(F("pin_order").asc(nulls_last=True), "-relevance", "date_distance", "-date", "-pk")
    )
    return list(queryset[:limit])


def _day_number_value(date):
    return date.year * 372 + date.month * 31 + date.day
