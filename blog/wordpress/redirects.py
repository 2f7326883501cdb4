"""WordPress shortlinks on the home page: ``/?p=ID``, ``/?page_id=ID``, ``/?attachment_id=ID``, ``/?cat=ID``.

Wagtail's redirect middleware only looks at 404 responses, and ``/`` answers 200, so these old links need their own
handler. It sits before the page cache: a cached home page would otherwise answer them.
"""

from django.http import HttpResponsePermanentRedirect

from blog.models import BlogIndexPage, WordPressObject

SHORTLINKS = (
    ("p", ("post", "page")),
    ("page_id", ("page", "post")),
    ("attachment_id", ("attachment",)),
    ("cat", ("category_id",)),
)


def shortlink_target(request):
    """The URL an old WordPress shortlink on ``/`` leads to, or None."""
    for name, wp_types in SHORTLINKS:
        value = request.GET.get(name, "")
        if not value.isdigit():
            continue
        for wp_type in wp_types:
            mapped = (
                WordPressObject.objects.filter(wp_type=wp_type, wp_id=str(int(value)))
                .select_related("content_type")
                .order_by("-updated_at")
                .first()
            )
            target = mapped.target if mapped is not None else None
            if target is None:
                continue
            if wp_type in ("post", "page"):
                page = target.specific
                # A private or password page redirects too: its own view restriction then asks for the login.
                return page.get_url(request) if page.live else None
            if wp_type == "attachment":
                return target.file.url
            index = BlogIndexPage.objects.live().filter(locale_id=target.locale_id).first()
            if index is not None:
                return index.get_url(request) + index.reverse_subpage_for("category", {"slug": target.slug})
        return None
    return None


class WordPressShortlinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and request.GET:
            target = shortlink_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        return self.get_response(request)
