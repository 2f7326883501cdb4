"""RSS 2.0 and Atom feeds of the article list and its archives, and the per-article comments feed.

Built on Django's syndication framework. Whether a feed carries the whole article or the teaser is a site setting
(``FeedSettings``). Feeds are served by the routes of the article list and the article page, so each language has
its own feeds at addresses of its own language.
"""

import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from site_project.caching.utils import COMMENTS, tag
from site_project.pages import site_name_in

from .models.comments import ReaderComment
from .models.settings import FeedSettings
from .text import xml_safe

RELATIVE_URL = re.compile(r'(\s(?:src|href|srcset)=")/(?!/)')


def absolutize(html, base_url):
    """Make root-relative ``src``/``href`` addresses absolute: feed readers do not know the site's address."""
    return RELATIVE_URL.sub(lambda match: f"{match.group(1)}{base_url}/", html)


class XMLSafeFeedMixin:
    """Every text of the feed and its items without XML-forbidden characters: Django's writer refuses some and
    passes others (U+FFFF) into a document no feed reader can parse. Input is cleaned since; older rows may not be."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **{key: xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **{key: xml_safe(value) for key, value in kwargs.items()})


class SafeRssFeed(XMLSafeFeedMixin, Rss201rev2Feed):
    pass


class SafeAtomFeed(XMLSafeFeedMixin, Atom1Feed):
    pass


def _aware(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(8, 0)))


class ArticleFeedBase(Feed):
    """The articles of one archive (or all) of one article list, newest first."""

    def __init__(self, index, archive):
        super().__init__()
        self.index = index
        self.archive = archive

    def __call__(self, request, *args, **kwargs):
        self.request = request
        site = Site.find_for_request(request)
        self.settings = FeedSettings.for_site(site) if site else FeedSettings()
        self.base_url = request.build_absolute_uri("/").rstrip("/")
        with override(self.index.locale.language_code):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.archive

    def title(self, archive):
        language = self.index.locale.language_code
        home = self.index.get_parent() if language != settings.LANGUAGE_CODE else None
        site_name = site_name_in(self.index.get_site(), language, home)
        if archive.kind == "all":
            return site_name or self.index.title
        return f"{archive.heading} – {site_name}" if site_name else archive.heading

    def link(self, archive):
        return self.index.archive_full_url(archive.route_name, self.request, **archive.route_kwargs)

    def description(self, archive):
        return archive.description or self.index.intro or self.title(archive)

    def feed_url(self, archive):
        return self.request.build_absolute_uri()

    def items(self, archive):
        return archive.articles.prefetch_related("categories")[: self.settings.item_limit()]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_description(self, item):
        if self.settings.full_text:
            body = item.body.render_as_block(context={"request": self.request, "page": item})
            return f"<p>{escape(item.intro)}</p>{absolutize(str(body), self.base_url)}"
        return escape(item.intro)

    def item_pubdate(self, item):
        return _aware(item.date)

    def item_updateddate(self, item):
        return item.last_published_at or _aware(item.date)

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class AtomFeedMixin:
    """The Atom variant of a feed: Atom calls the RSS description its subtitle."""

    feed_type = SafeAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class ArticleRssFeed(ArticleFeedBase):
    feed_type = SafeRssFeed


class ArticleAtomFeed(AtomFeedMixin, ArticleFeedBase):
    pass


class CommentItemsMixin:
    """What a reader comment is as a feed item, in the article's and the site-wide comment feeds alike."""

    def item_description(self, item):
        return linebreaks(escape(item.text))

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.name


class BaseCommentsFeed(CommentItemsMixin, Feed):
    """The newest comments of one article. Items come from ``ArticlePage.get_feed_comments()``."""

    limit = 30

    def __init__(self, article):
        super().__init__()
        self.article = article

    def __call__(self, request, *args, **kwargs):
        self.request = request
        with override(self.article.locale.language_code):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.article

    def title(self, article):
        return _("Comments on “%(title)s”") % {"title": article.title}

    def link(self, article):
        return article.get_full_url(self.request)

    def description(self, article):
        return self.title(article)

    def feed_url(self, article):
        return self.request.build_absolute_uri()

    def items(self, article):
        return article.get_feed_comments(self.limit)

    def item_title(self, item):
        return _("Comment by %(name)s") % {"name": item.name}

    def item_link(self, item):
        return f"{self.article.get_full_url(self.request)}#comment-{item.pk}"


class ArticleCommentsRssFeed(BaseCommentsFeed):
    feed_type = SafeRssFeed


class ArticleCommentsAtomFeed(AtomFeedMixin, BaseCommentsFeed):
    pass


class SiteCommentsRssFeed(CommentItemsMixin, Feed):
    """The newest approved comments on every article of the reader's language, at ``/kommentare/feed/`` and
    ``/en/comments/feed/``."""

    feed_type = SafeRssFeed
    limit = 30

    def __call__(self, request, *args, **kwargs):
        # Approving, editing or deleting any approved comment purges it, in our caches and in Varnish or a CDN.
        tag(COMMENTS)
        self.request = request
        self.site = Site.find_for_request(request)
        self.language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site_name = site_name_in(self.site, self.language, None) if self.site else ""
        return f"{_('Comments')} – {site_name}" if site_name else _("Comments")

    def link(self):
        return self.request.build_absolute_uri("/" if self.language == settings.LANGUAGE_CODE else f"/{self.language}/")

    def description(self):
        return _("The newest comments on all articles")

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        # Pages, not ArticlePage: comments hang off articles only, and this module stays below blog.models.pages.
        articles = Page.objects.live().public().filter(locale__language_code=self.language)
        if self.site:
            # The other languages' trees start at the translations of the site's root page.
            roots = Q()
            for root in self.site.root_page.get_translations(inclusive=True):
                roots |= Q(path__startswith=root.path)
            articles = articles.filter(roots)
        return list(
            ReaderComment.objects.approved()
            .filter(article__in=articles.values("pk"))
            .select_related("article")
            .order_by("-created_at", "-pk")[: self.limit]
        )

    def item_title(self, item):
        return _("Comment by %(name)s on “%(title)s”") % {"name": item.name, "title": item.article.title}

    def item_link(self, item):
        return f"{item.article.get_full_url(self.request)}#comment-{item.pk}"
