from django.template.response import TemplateResponse

from wagtail.models import Locale, Page

from blog.models import paginate

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        locale = Locale.get_active()
        pages = Page.objects.live().public().filter(locale=locale).specific().search(query)
        results = paginate(request, pages, RESULTS_PER_PAGE)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": results})
