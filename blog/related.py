"""Related articles: editors' pins first, then articles of the same language that share categories and tags.

Ranking: shared categories and tags are counted in correlated subqueries over the (indexed) link tables, only
articles sharing at least one of them are candidates, and the database returns the best few. Categories count more
than tags; an article from about the same year gets a small bonus, and closeness in date breaks ties.

Ranking costs more than the rest of an article's render on 10,000 articles, so it is not done per render: each
article's ranking is stored (``StoredRelatedArticle``) when it is published, and again when a neighbour's change can
alter it (see ``refresh_after_change``). A render reads the stored ranking in one query and still filters by
``live`` and the view restrictions; a few spare places fill in for one that is no longer public. An article never
ranked (bulk imports) is ranked on its first render. Previews rank live, so editors see their unsaved pins.

The article page imports this module: queries go through ``type(article).objects``, never blog.models.pages.
"""

import bisect
import contextlib
import contextvars
import heapq
import logging

from django.apps import apps
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs, Coalesce, ExtractDay, ExtractMonth, ExtractYear

from site_project.pages import LINK_FIELDS
from site_project.prepared import PreparedQuery
from site_project.routing import not_private

from .models.related import ExcludedRelatedArticle, PinnedRelatedArticle, StoredRelatedArticle

logger = logging.getLogger(__name__)

RELATED_LIMIT = 3
# Places stored beyond those shown: one unpublished or made private is replaced without ranking again.
SPARE_PLACES = 3
# Neighbours ranked again within a publish; more are left to rank on their next render.
RERANK_AT_ONCE = 50
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


def with_relevance(queryset, article):
    """``queryset`` annotated with each article's ``relevance`` to ``article`` (shared categories and tags count alike
    from either side, so the score is also the article's relevance to each of them), and the condition that keeps
    those sharing at least one category or tag. ``ArticlePageQuerySet.related_to()`` is the way in."""
    category_through = queryset.model._meta.get_field("categories").remote_field.through
    tag_through = queryset.model._meta.get_field("tags").remote_field.through
    shared_categories, category_candidates = _shared(category_through, "category", article)
    shared_tags, tag_candidates = _shared(tag_through, "tag", article)
    distance = Abs(_day_number(F("date")) - Value(_day_number_value(article.date)))
    annotated = queryset.annotate(
        shared_categories=shared_categories, shared_tags=shared_tags, date_distance=distance
    ).annotate(
        relevance=F("shared_categories") * CATEGORY_WEIGHT
        + F("shared_tags") * TAG_WEIGHT
        + Case(When(date_distance__lte=CLOSE_IN_DATE_DAYS, then=Value(1)), default=Value(0))
    )
    return annotated, Q(pk__in=category_candidates) | Q(pk__in=tag_candidates)


def _scored(article, private):
    """Published, public articles of ``article``'s language (itself left out) with their ``relevance`` to it."""
    return type(article).objects.live().exclude(private).related_to(article)


def related_articles(article, limit=RELATED_LIMIT, private=None):
    """Up to ``limit`` related articles of ``article``'s language, ranked now; an empty list when nothing relates.

    ``private`` is ``PageQuerySet.private_q()`` when the caller has looked the view restrictions up already.
    """
    private = type(article).objects.private_q() if private is None else private
    # Pins and exclusions of every language version count: they are synchronised, not translated.
    siblings = {"article__translation_key": article.translation_key}
    pin_order = (
        PinnedRelatedArticle.objects.filter(**siblings, page__translation_key=OuterRef("translation_key"))
        .order_by("sort_order")
        .values("sort_order")[:1]
    )
    excluded = ExcludedRelatedArticle.objects.filter(**siblings).values("page__translation_key")
    pinned = PinnedRelatedArticle.objects.filter(**siblings).values("page__translation_key")
    scored, candidates = _scored(article, private)
    queryset = (
        scored.exclude(translation_key__in=excluded)
        .filter(candidates | Q(translation_key__in=pinned))
        .annotate(pin_order=Subquery(pin_order, output_field=IntegerField()))
        .select_related("author", "header_image")
        .prefetch_related("header_image__renditions")
        .order_by(F("pin_order").asc(nulls_last=True), "-relevance", "date_distance", "-date", "-pk")
    )
    return list(queryset[:limit])


def _day_number_value(date):
    return date.year * 372 + date.month * 31 + date.day


def store_ranking(article):
    """Rank ``article`` now and store the result (with spare places); returns the ranked articles."""
    ranked = related_articles(article, limit=RELATED_LIMIT + SPARE_PLACES)
    rows = [
        StoredRelatedArticle(
            article_id=article.pk,
            related_id=related.pk,
            position=position,
            relevance=related.relevance,
            pinned=related.pin_order is not None,
        )
        for position, related in enumerate(ranked)
    ]
    with transaction.atomic():
        StoredRelatedArticle.objects.filter(article_id=article.pk).delete()
        # Two processes ranking the same never-ranked article store the same rows; the second one's are ignored.
        StoredRelatedArticle.objects.bulk_create(rows, ignore_conflicts=True)
    return ranked


def store_rankings(articles, limit=RELATED_LIMIT + SPARE_PLACES, chunk=500):
    """Rank many live articles at once and store what ``store_ranking`` stores for each, in a few set-based queries
    and Python instead of one ranking query per article (the WordPress import ranks thousands at its end).

    Per language, the live public articles and the translation keys of every article's categories and tags are
    loaded once; articles with the same categories and tags form a group, ordered by date. An article's candidates
    are the groups sharing a category or tag with it, best score first; from each group only the nearest in date
    can place (within a group the score differs only by the date bonus, which the nearer always have). The order is
    the ranking query's (``_ranking_key``). Articles whose language version has pins or exclusions are ranked by
    ``store_ranking`` itself. ``articles`` are ArticlePage instances or ``RankedArticle``s (``pk``, ``locale_id``,
    ``translation_key``, ``date``)."""
    articles = list(articles)
    if not articles:
        return
    model = apps.get_model("blog", "ArticlePage")
    keys = {article.translation_key for article in articles}
    edited = set(
        PinnedRelatedArticle.objects.filter(article__translation_key__in=keys).values_list(
            "article__translation_key", flat=True
        )
    ) | set(
        ExcludedRelatedArticle.objects.filter(article__translation_key__in=keys).values_list(
            "article__translation_key", flat=True
        )
    )
    for article in articles:
        if article.translation_key in edited:
            store_ranking(article if isinstance(article, model) else model.objects.get(pk=article.pk))
    by_locale = {}
    for article in articles:
        if article.translation_key not in edited:
            by_locale.setdefault(article.locale_id, []).append(article)
    for locale_id, targets in by_locale.items():
        ranking = _LocaleRanking(model, locale_id)
        # The rows of a chunk at a time: tens of thousands of them at once weighed on the memory of large imports.
        for start in range(0, len(targets), chunk):
            part = targets[start : start + chunk]
            rows = [
                StoredRelatedArticle(
                    article_id=article.pk, related_id=related_pk, position=position, relevance=relevance, pinned=False
                )
                for article in part
                for position, (relevance, related_pk) in enumerate(ranking.rank(article, limit))
            ]
            with transaction.atomic():
                StoredRelatedArticle.objects.filter(article_id__in=[article.pk for article in part]).delete()
                StoredRelatedArticle.objects.bulk_create(rows, ignore_conflicts=True)


class RankedArticle:
    """What ``store_rankings`` reads of an article, without loading it as a page."""

    __slots__ = ("pk", "locale_id", "translation_key", "date")

    def __init__(self, pk, locale_id, translation_key, date):
        self.pk, self.locale_id, self.translation_key, self.date = pk, locale_id, translation_key, date


class _LocaleRanking:
    """The ranking's data of one language, loaded once: what ``related_articles`` computes per query, for all."""

    def __init__(self, model, locale_id):
        category_through = model._meta.get_field("categories").remote_field.through
        tag_through = model._meta.get_field("tags").remote_field.through
        self.links = {}  # article pk -> (category keys, tag keys), of every article of the language
        for index, (through, target) in enumerate(((category_through, "category"), (tag_through, "tag"))):
            for pk, key in (
                through.objects.filter(articlepage__locale_id=locale_id)
                .values_list("articlepage_id", f"{target}__translation_key")
                .iterator(2000)
            ):
                self.links.setdefault(pk, (set(), set()))[index].add(key)
        candidates = (
            model.objects.live()
            .exclude(model.objects.private_q())
            .filter(locale_id=locale_id)
            .values_list("pk", "translation_key", "date")
        )
        groups = {}
        for pk, translation_key, date in candidates.iterator(2000):
            categories, tags = self.links.get(pk, ((), ()))
            if not categories and not tags:
                continue  # shares nothing with anyone: never a candidate
            signature = (frozenset(categories), frozenset(tags))
            day = _day_number_value(date)
            groups.setdefault(signature, {}).setdefault(day, []).append((pk, translation_key, date.toordinal()))
        self.groups = []
        self.by_category, self.by_tag = {}, {}
        for (categories, tags), days in groups.items():
            number = len(self.groups)
            ordered = sorted(days)
            # Within a day, the ranking prefers the higher pk.
            self.groups.append((categories, tags, ordered, [sorted(days[day], reverse=True) for day in ordered]))
            for key in categories:
                self.by_category.setdefault(key, []).append(number)
            for key in tags:
                self.by_tag.setdefault(key, []).append(number)

    def rank(self, article, limit):
        """``limit`` (relevance, pk) pairs, best first, as ``related_articles`` ranks them for ``article``."""
        categories, tags = self.links.get(article.pk, ((), ()))
        numbers = {number for key in categories for number in self.by_category.get(key, ())}
        numbers.update(number for key in tags for number in self.by_tag.get(key, ()))
        scored = sorted(
            (
                (
                    len(self.groups[number][0] & categories) * CATEGORY_WEIGHT
                    + len(self.groups[number][1] & tags) * TAG_WEIGHT,
                    number,
                )
                for number in numbers
            ),
            reverse=True,
        )
        day = _day_number_value(article.date)
        best = []  # (ranking key, relevance, pk)
        for base, number in scored:
            if len(best) >= limit:
                best = heapq.nsmallest(limit, best)
                if -best[-1][0][0] > base + 1:
                    break  # nothing in this group or the weaker ones can place
            best.extend(self._nearest(self.groups[number], base, day, article.translation_key, limit))
        return [(relevance, pk) for _key, relevance, pk in heapq.nsmallest(limit, best)]

    @staticmethod
    def _nearest(group, base, day, own_key, limit):
        """The group's articles nearest in date to ``day`` (at least ``limit`` of them where it has as many, with
        all that tie the last one's distance), other than ``own_key``'s language versions, with their keys."""
        _categories, _tags, days, members = group
        found = []
        right = bisect.bisect_left(days, day)
        left = right - 1
        while len(found) < limit and (left >= 0 or right < len(days)):
            left_distance = day - days[left] if left >= 0 else None
            right_distance = days[right] - day if right < len(days) else None
            taken = []
            if right_distance is not None and (left_distance is None or right_distance <= left_distance):
                taken.append(right)
                right += 1
            if left_distance is not None and (right_distance is None or left_distance <= right_distance):
                taken.append(left)
                left -= 1
            for position in taken:
                distance = abs(days[position] - day)
                relevance = base + (1 if distance <= CLOSE_IN_DATE_DAYS else 0)
                count = 0
                for pk, translation_key, ordinal in members[position]:
                    if translation_key == own_key:
                        continue
                    found.append((_ranking_key(relevance, distance, ordinal, pk, ordinal=True), relevance, pk))
                    count += 1
                    if count >= limit:
                        break
        return found


def _stored_related_query(article_pk):
    # By name from the app registry: blog.models.pages imports this module.
    return (
        apps.get_model("blog", "ArticlePage")
        .objects.live()
        .filter(not_private())
        .filter(stored_as_related__article_id=article_pk)
        # The related cards show title, date and picture: only those columns.
        .only(*LINK_FIELDS, "date", "header_image")
        .select_related("header_image")
        .prefetch_related("header_image__renditions")
        .order_by("stored_as_related__position")[:RELATED_LIMIT]
    )


# Compiled once per process (site_project/prepared.py): run on every render of an article.
STORED_RELATED = PreparedQuery(_stored_related_query, article_pk=int)


def stored_related_articles(article, private=None):
    """What a render shows: the stored ranking's first public articles, in one query (plus renditions)."""
    shown = STORED_RELATED.run(article_pk=article.pk)
    if shown:
        return shown
    # Never ranked (imported in bulk), nothing relates, or every stored one is no longer public: rank now.
    try:
        ranked = store_ranking(article)
    except Exception:
        # Readers still get the ranking; the next render or publish stores it.
        logger.exception("Could not store the related articles of page %s", article.pk)
        ranked = related_articles(article, limit=RELATED_LIMIT + SPARE_PLACES, private=private)
    return ranked[:RELATED_LIMIT]


def _ranking_key(relevance, distance, date, pk, ordinal=False):
    # The ranking's order for articles that are not pinned: higher relevance, closer in date, newer, higher pk.
    return (-relevance, distance, -(date if ordinal else date.toordinal()), -pk)


def articles_to_rerank(article):
    """Pks of the articles whose stored ranking ``article``'s change (publish, unpublish, new categories or tags,
    new date) may alter: those storing it, those pinning it, and those where it now beats their weakest stored
    place. Its own translations too, as pins and exclusions count across languages."""
    affected = set(StoredRelatedArticle.objects.filter(related_id=article.pk).values_list("article_id", flat=True))
    pinners = PinnedRelatedArticle.objects.filter(page__translation_key=article.translation_key).values(
        "article__translation_key"
    )
    pinning = type(article).objects.filter(locale_id=article.locale_id, translation_key__in=pinners)
    affected.update(pinning.values_list("pk", flat=True))
    affected.update(
        type(article)
        .objects.filter(translation_key=article.translation_key)
        .exclude(pk=article.pk)
        .values_list("pk", flat=True)
    )
    fresh = type(article).objects.filter(pk=article.pk).live().public().exists()
    if fresh:
        scored, candidates = _scored(article, type(article).objects.private_q())
        neighbours = {
            pk: (relevance, date)
            for pk, relevance, date in scored.filter(candidates).values_list("pk", "relevance", "date")
        }
        places = {}
        for row in StoredRelatedArticle.objects.filter(article__in=scored.filter(candidates).values("pk")).values(
            "article_id", "related_id", "relevance", "pinned", "related__date"
        ):
            places.setdefault(row["article_id"], []).append(row)
        for pk, (relevance, date) in neighbours.items():
            stored = places.get(pk)
            if not stored:
                # Never ranked (or nothing related): its next render ranks it, with this article.
                continue
            if len(stored) < RELATED_LIMIT + SPARE_PLACES:
                affected.add(pk)
                continue
            mine = _ranking_key(
                relevance, abs(_day_number_value(date) - _day_number_value(article.date)), article.date, article.pk
            )
            ranked = [
                _ranking_key(
                    row["relevance"],
                    abs(_day_number_value(date) - _day_number_value(row["related__date"])),
                    row["related__date"],
                    row["related_id"],
                )
                for row in stored
                if not row["pinned"]
            ]
            weakest = max(ranked) if ranked else None
            if weakest is None or mine < weakest:
                affected.add(pk)
    affected.discard(article.pk)
    return affected


# Inside ``deferred_refresh()``: the pks of the articles whose change waits for the end of the block.
_deferred = contextvars.ContextVar("related_deferred", default=None)


@contextlib.contextmanager
def deferred_refresh():
    """Within the block, a publish or unpublish only notes its article; on leaving (also after an error) the noted
    articles are handled at once by ``refresh_after_changes``. For runs that publish many articles (the WordPress
    import): one ranking per article, with all the others in place, instead of one per publish with neighbours."""
    noted = set()
    token = _deferred.set(noted)
    try:
        yield noted
    finally:
        _deferred.reset(token)
        if noted:
            refresh_after_changes(noted)


def refresh_after_changes(pks):
    """Store the rankings that the change of many articles alters: each live one is ranked once; the other articles
    that store one of them, or share a category or tag with one, lose their stored ranking and rank on their next
    render (as the neighbours beyond ``RERANK_AT_ONCE`` of a single publish do). Failures are logged."""
    pks = sorted(pks)
    # By name from the app registry: blog.models.pages imports this module.
    ArticlePage = apps.get_model("blog", "ArticlePage")  # noqa: N806
    category_through = ArticlePage._meta.get_field("categories").remote_field.through
    tag_through = ArticlePage._meta.get_field("tags").remote_field.through
    try:
        with transaction.atomic():
            for start in range(0, len(pks), 500):
                chunk = pks[start : start + 500]
                sharing = Q()
                for through, target in ((category_through, "category"), (tag_through, "tag")):
                    keys = through.objects.filter(articlepage_id__in=chunk).values(f"{target}__translation_key")
                    sharing |= Q(
                        article_id__in=through.objects.filter(**{f"{target}__translation_key__in": keys}).values(
                            "articlepage_id"
                        )
                    )
                StoredRelatedArticle.objects.filter(sharing | Q(related_id__in=chunk)).exclude(
                    article_id__in=pks
                ).delete()
    except Exception:
        logger.exception("Could not drop the related articles near %s changed articles", len(pks))
    live, gone = [], []
    for start in range(0, len(pks), 500):
        rows = ArticlePage.objects.filter(pk__in=pks[start : start + 500]).values_list(
            "pk", "locale_id", "translation_key", "date", "live"
        )
        for pk, locale_id, translation_key, date, is_live in rows:
            (live if is_live else gone).append(RankedArticle(pk, locale_id, translation_key, date))
    try:
        StoredRelatedArticle.objects.filter(article_id__in=[article.pk for article in gone]).delete()
        store_rankings(live)
        return
    except Exception:
        logger.exception("Could not rank %s changed articles at once; ranking them one by one", len(live))
    for article in ArticlePage.objects.filter(pk__in=pks).defer_streamfields().order_by("pk").iterator(200):
        try:
            if article.live:
                store_ranking(article)
            else:
                StoredRelatedArticle.objects.filter(article_id=article.pk).delete()
        except Exception:
            logger.exception("Could not store the related articles of page %s", article.pk)


def refresh_after_change(article, rerank_itself=True):
    """Store the rankings that ``article``'s change alters: its own and its neighbours'. A failure is logged and
    leaves the old rankings, which renders still filter by ``live`` and view restrictions; the next change or
    ``manage.py rank_related_articles`` makes it good. Inside ``deferred_refresh()`` the article is only noted."""
    noted = _deferred.get()
    if noted is not None:
        noted.add(article.pk)
        return
    try:
        with transaction.atomic():
            affected = articles_to_rerank(article)
            if rerank_itself and article.live:
                store_ranking(article)
            affected = sorted(affected)
            # Bounded, so that a publish stays quick: the rest lose their stored ranking and rank on their next render.
            now, later = affected[:RERANK_AT_ONCE], affected[RERANK_AT_ONCE:]
            for neighbour in type(article).objects.filter(pk__in=now).defer_streamfields():
                store_ranking(neighbour)
            if later:
                StoredRelatedArticle.objects.filter(article_id__in=later).delete()
    except Exception:
        logger.exception("Could not store the related articles after a change of page %s", article.pk)
        # Never ranked again until the next change: drop the rankings, so renders rank afresh.
        StoredRelatedArticle.objects.filter(article_id=article.pk).delete()
