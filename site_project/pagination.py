"""The one way a listing splits into pages: the article list, its archives, the search."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, queryset, per_page):
    """Return the requested page; a bad or out-of-range ``?page=`` falls back to the nearest real page."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        try:
            requested = int(number)
        except (TypeError, ValueError):
            requested = 1
        return paginator.page(paginator.num_pages if requested > 1 else 1)
