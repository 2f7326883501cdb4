"""Archive routes of the article list: category, tag, author, year and month, each with its own RSS and Atom feed.

The route words follow the page's language ("kategorie" on the German site, "category" on the English one). Both
word sets are routed; a word of the other language redirects permanently to the right one, so shared links keep
working.
"""

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.contrib.routable_page.models import re_path

from ..feeds import ArticleAtomFeed, ArticleRssFeed
from .snippets import Author, Category, Tag

ROUTE_WORDS = {
    "de": {"category": "kategorie", "tag": "schlagwort", "author": "autor", "archive": "archiv"},
    "en": {"category": "category", "tag": "tag", "author": "author", "archive": "archive"},
}
WORD_PATTERNS = {kind: "|".join(sorted({words[kind] for words in ROUTE_WORDS.values()})) for kind in ROUTE_WORDS["de"]}
SLUG = r"(?P<slug>[-\w]+)"
ROUTE_KINDS = {"category": "category", "tag": "tag", "author": "author", "year": "archive", "month": "archive"}


def words_for(language_code):
    return ROUTE_WORDS.get((language_code or "de")[:2], ROUTE_WORDS["de"])


def route_words():
    """The route words of the active language: the one of the URL prefix, which is the served page's language."""
    return words_for(get_language())


def _archive_routes(kind, suffix, name):
    """The page route and its two feed routes (RSS at ``feed/``, Atom at ``feed/atom/``) for one archive kind."""
    prefix = rf"^(?P<word>{WORD_PATTERNS[kind]})/{suffix}"
    return [
        re_path(prefix + r"$", name=name),
        re_path(prefix + r"feed/$", name=f"{name}_rss"),
        re_path(prefix + r"feed/atom/$", name=f"{name}_atom"),
    ]


def _stack(routes):
    def decorator(view):
        for route_decorator in reversed(routes):
            view = route_decorator(view)
        return view

    return decorator


@dataclass
class Archive:
    """What an archive page shows: a heading, the filtered articles and where its feeds are."""

    kind: str
    heading: str
    articles: object
    route_name: str
    route_kwargs: dict = field(default_factory=dict)
    description: str = ""
    object: object = None


class ArchiveRoutesMixin:
    """Routes for the archives on the article list; expects ``get_articles()`` and the RoutablePageMixin."""

    @re_path(r"^$", name="index")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @re_path(r"^feed/$", name="index_rss")
    @re_path(r"^feed/atom/$", name="index_atom")
    def all_articles_feed(self, request):
        return self.serve_feed(request, self.all_articles_archive(), self._feed_format(request))

    @_stack(_archive_routes("category", SLUG + "/", "category"))
    def category_archive(self, request, word, slug):
        category, redirect_response = self._term_or_redirect(request, Category.objects, "category", slug)
        return redirect_response or self._serve_term_archive(
            request,
            word,
            category,
            self.get_articles().in_category(category),
            heading=_("Category: %(name)s") % {"name": category.name},
            description=category.description,
        )

    @_stack(_archive_routes("tag", SLUG + "/", "tag"))
    def tag_archive(self, request, word, slug):
        tag, redirect_response = self._term_or_redirect(request, Tag.objects, "tag", slug)
        return redirect_response or self._serve_term_archive(
            request, word, tag, self.get_articles().tagged(tag), heading=_("Tag: %(name)s") % {"name": tag.name}
        )

    @_stack(_archive_routes("author", SLUG + "/", "author"))
    def author_archive(self, request, word, slug):
        queryset = Author.objects.select_related("photo")
        author, redirect_response = self._term_or_redirect(request, queryset, "author", slug)
        return redirect_response or self._serve_term_archive(
            request,
            word,
            author,
            self.get_articles().by_author(author),
            heading=_("Articles by %(name)s") % {"name": author.name},
            description=author.bio,
        )

    @_stack(_archive_routes("archive", r"(?P<year>\d{4})/", "year"))
    def year_archive(self, request, word, year):
        year = int(year)
        if year < 1:
            raise Http404
        articles = self.get_articles().filter(date__year=year)
        archive = Archive(
            kind="year",
            heading=_("Archive: %(year)s") % {"year": year},
            articles=articles,
            route_name="year",
            route_kwargs={"year": f"{year:04d}"},
        )
        return self._serve_archive(request, word, archive, require_articles=True)

    @_stack(_archive_routes("archive", r"(?P<year>\d{4})/(?P<month>\d{2})/", "month"))
    def month_archive(self, request, word, year, month):
        year, month = int(year), int(month)
        if year < 1 or not 1 <= month <= 12:
            raise Http404
        articles = self.get_articles().filter(date__year=year, date__month=month)
        archive = Archive(
            kind="month",
            heading=_("Archive: %(month)s")
            % {"month": date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")},
            articles=articles,
            route_name="month",
            route_kwargs={"year": f"{year:04d}", "month": f"{month:02d}"},
        )
        return self._serve_archive(request, word, archive, require_articles=True)

    def all_articles_archive(self):
        return Archive(kind="all", heading=self.title, articles=self.get_articles(), route_name="index")

    def archive_url(self, name, request=None, **kwargs):
        """The URL of an archive route in this page's language, e.g. ``archive_url("category", slug="x")``."""
        return self.get_url(request) + self.reverse_subpage_for(name, kwargs)

    def archive_full_url(self, name, request=None, **kwargs):
        return self.get_full_url(request) + self.reverse_subpage_for(name, kwargs)

    def reverse_subpage_for(self, name, kwargs):
        """``reverse_subpage`` with the route word of this page's language filled in."""
        kind = ROUTE_KINDS.get(name.removesuffix("_rss").removesuffix("_atom"))
        if kind:
            kwargs = {"word": route_words()[kind], **kwargs}
        return self.reverse_subpage(name, kwargs=kwargs or None).lstrip("/")

    def _feed_format(self, request):
        name = getattr(getattr(request, "routable_resolver_match", None), "url_name", "") or ""
        return "atom" if name.endswith("_atom") else "rss"

    def _term_or_redirect(self, request, queryset, route_name, slug):
        """``(term, None)`` for a category, tag or author of this page's language, else ``(None, redirect)``.

        A slug of the other language sends the reader to this language's translation; no translation is a 404.
        """
        term = queryset.filter(locale_id=self.locale_id, slug=slug).first()
        if term is not None:
            return term, None
        other = queryset.model.objects.filter(slug=slug).first()
        translated = other.get_translation_or_none(self.locale) if other else None
        if translated is None:
            raise Http404
        return None, self._redirect_to(route_name, request, slug=translated.slug)

    def _redirect_to(self, name, request, **kwargs):
        url_name = getattr(getattr(request, "routable_resolver_match", None), "url_name", name) or name
        suffix = url_name.removeprefix(name)
        target = self.get_url(request) + self.reverse_subpage_for(name + suffix, kwargs)
        query = request.META.get("QUERY_STRING")
        return redirect(target + (f"?{query}" if query else ""), permanent=True)

    def _serve_term_archive(self, request, word, term, articles, heading, description=""):
        """The archive of a category, tag or author: its kind and route are the term's model name."""
        kind = term._meta.model_name
        archive = Archive(
            kind=kind,
            heading=heading,
            articles=articles,
            route_name=kind,
            route_kwargs={"slug": term.slug},
            description=description,
            object=term,
        )
        return self._serve_archive(request, word, archive)

    def _serve_archive(self, request, word, archive, require_articles=False):
        expected = route_words()[ROUTE_KINDS[archive.route_name]]
        if word != expected:
            return self._redirect_to(archive.route_name, request, **archive.route_kwargs)
        if require_articles and not archive.articles.exists():
            raise Http404
        url_name = getattr(getattr(request, "routable_resolver_match", None), "url_name", "") or ""
        if url_name.endswith(("_rss", "_atom")):
            return self.serve_feed(request, archive, self._feed_format(request))
        return self.render(request, archive=archive)

    def serve_feed(self, request, archive, feed_format):
        feed_class = ArticleAtomFeed if feed_format == "atom" else ArticleRssFeed
        return feed_class(index=self, archive=archive)(request)
