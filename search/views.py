from django.db import connection
from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale
from wagtail.search.utils import normalise_query_string

from blog.models import ArticlePage, Category
from site_project.pagination import paginate

from .highlight import WORD, highlight

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
SQLITE_RELEVANCE_LIMIT = 200


def clean_query(raw):
    """At most 200 characters, without control characters (PostgreSQL rejects NUL), whitespace collapsed."""
    raw = raw[: MAX_QUERY_LENGTH * 2]
    printable = "".join(character if character.isprintable() else " " for character in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


def search(request):
    """Search the articles of the active language; editors' promotions for the query come first.

    Reading only: the query is not recorded (no search statistics), as readers are not tracked.
    """
    query = clean_query(request.GET.get("q", ""))
    locale = Locale.get_active()
    results = None
    promotions = []
    if query:
        articles = ArticlePage.objects.live().public().filter(locale=locale).select_related("author")
        # Words only: quotes, brackets and operators mean syntax to the full-text engines, not to readers.
        terms = " ".join(WORD.findall(query))
        results = paginate(request, search_articles(articles, terms) if terms else articles.none(), RESULTS_PER_PAGE)
        for result in results.object_list:
            result.excerpt = highlight(" ".join([result.intro, *body_text(result.body)]), query)
        # Looked up on every page, so that each results page costs the same; shown above the first one.
        promotions = promoted_pages(request, query, locale)
        if results.number > 1:
            promotions = []
    context = {"search_query": query, "search_results": results, "search_promotions": promotions}
    if not results:
        # Nothing to show: offer the categories as another way in.
        context["search_categories"] = Category.objects.filter(locale=locale).order_by("name")
    return TemplateResponse(request, "search/search.html", context)


def body_text(body):
    """The readable text of an article body: headings' text, paragraphs, quotes, callouts, captions."""
    for block in body:
        if block.block_type == "heading":
            yield block.value.get("text", "")
        elif block.block_type != "table":
            yield from block.block.get_searchable_content(block.value)


def search_articles(articles, query):
    """Best matches first; on SQLite, newest first once many match.

    SQLite's full-text backend scores every match in a correlated subquery, which takes seconds for thousands of
    matches; PostgreSQL ranks in the same pass.
    """
    if connection.vendor == "postgresql":
        return articles.search(query)
    newest_first = articles.order_by("-date").search(query, order_by_relevance=False)
    if newest_first.count() > SQLITE_RELEVANCE_LIMIT:
        return newest_first
    return articles.search(query)


def promoted_pages(request, query, locale):
    """The editors' promotions for this query: pages in the reader's language and external links."""
    entry = (
        Query.objects.filter(query_string=normalise_query_string(query)).prefetch_related("editors_picks__page").first()
    )
    if entry is None:
        return []
    promotions = []
    for pick in entry.editors_picks.all():
        if pick.page_id:
            page = pick.page
            if page.live and page.locale_id == locale.pk:
                promotions.append({"url": page.get_url(request), "title": page.title, "description": pick.description})
        elif pick.external_link_url:
            promotions.append(
                {"url": pick.external_link_url, "title": pick.external_link_text, "description": pick.description}
            )
    return promotions
