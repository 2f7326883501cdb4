"""Head tags for search engines and link previews: canonical, hreflang, Open Graph, Twitter, JSON-LD and feeds."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from blog.models import ArticlePage, BlogIndexPage
from site_project.seo import document_title, json_ld, page_description, page_title

from .image_tags import parsed_filter

register = template.Library()

OG_LOCALES = {"de": "de_DE", "en": "en_GB"}
OG_IMAGE_SPEC = "fill-1200x630|format-jpeg"


def site_root_url(request):
    """The site's configured address, not the request's Host header, so that every variant names one URL."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def absolute(request, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_root_url(request) + url


def canonical_url(request, context):
    """The page's own address without query parameters, except a page number beyond the first."""
    url = absolute(request, request.path)
    listing = context.get("articles")
    number = getattr(listing, "number", 1)
    if number and number > 1:
        url += f"?page={number}"
    return url


@register.simple_tag(takes_context=True)
def seo_data(context):
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    header_footer = context.get("header_footer") or {}
    site_name = (header_footer.get("site_name") if hasattr(header_footer, "get") else "") or settings.WAGTAIL_SITE_NAME
    language = (get_language() or "de")[:2]
    data = {
        "canonical": canonical_url(request, context),
        "site_name": site_name,
        "og_locale": OG_LOCALES.get(language, language),
        "og_type": "website",
        "title": "",
        "document_title": "",
        "description": "",
        "image": None,
        "feeds": [],
        "json_ld": "",
    }
    archive = context.get("archive")
    if page is not None and hasattr(page, "seo_title"):
        home = header_footer.get("site_home") if hasattr(header_footer, "get") else None
        data["title"] = page_title(page, archive)
        data["description"] = page_description(page, archive)
        data["document_title"] = document_title(
            page,
            site_name,
            archive,
            page_number=getattr(context.get("articles"), "number", 1),
            is_home=home is not None and home.pk == page.pk,
        )
    blog_index = header_footer.get("blog_index") if hasattr(header_footer, "get") else None
    feed_links = context.get("feed_links")
    if feed_links and archive is not None and archive.kind != "all":
        data["feeds"].append({"title": archive.heading, "url": feed_links["rss"], "atom": feed_links["atom"]})
    if isinstance(blog_index, BlogIndexPage):
        data["feeds"].append(
            {
                "title": site_name,
                "url": blog_index.archive_url("index_rss", request),
                "atom": blog_index.archive_url("index_atom", request),
            }
        )
    breadcrumbs = _breadcrumbs(request, header_footer, page, archive)
    graphs = []
    if isinstance(page, ArticlePage):
        data["og_type"] = "article"
        data["image"] = _image(request, page.header_image, page.header_image_alt_text)
        data["published"] = page.date.isoformat()
        data["modified"] = (page.last_published_at or page.latest_revision_created_at or page.date).isoformat()
        comments = context.get("comments")
        data["comment_count"] = comments.count if comments is not None else 0
        graphs.append(_blog_posting(request, page, data, language))
        data["feeds"].append(
            {
                "title": context.get("comments_feed_title", ""),
                "url": page.get_url(request) + "feed/",
                "atom": page.get_url(request) + "feed/atom/",
                "comments": True,
            }
        )
    if len(breadcrumbs) > 1:
        graphs.append(
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": position, "name": name, "item": url}
                    for position, (name, url) in enumerate(breadcrumbs, start=1)
                ],
            }
        )
    data["json_ld"] = mark_safe("".join(json_ld(graph) for graph in graphs))  # noqa: S308 - each part is escaped
    return data


def _image(request, image, alt=None):
    if image is None:
        return None
    try:
        # get_renditions, not get_rendition: a rendition read with the image is used as it is, where get_rendition
        # writes it to the renditions cache again on every render.
        rendition = image.get_renditions(parsed_filter(OG_IMAGE_SPEC))[OG_IMAGE_SPEC]
    except SourceImageIOError:
        # A lost original file costs the preview image, never the page.
        return None
    return {
        "url": absolute(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or (image.default_alt_text if hasattr(image, "default_alt_text") else image.title),
    }


def _breadcrumbs(request, header_footer, page, archive):
    if page is None or not hasattr(header_footer, "get"):
        return []
    home = header_footer.get("site_home")
    crumbs = []
    if home is not None:
        crumbs.append((home.title, home.get_full_url(request)))
    blog_index = header_footer.get("blog_index")
    if isinstance(page, ArticlePage) and blog_index is not None:
        crumbs.append((blog_index.title, blog_index.get_full_url(request)))
        crumbs.append((page.title, page.get_full_url(request)))
    elif isinstance(page, BlogIndexPage):
        crumbs.append((page.title, page.get_full_url(request)))
        if archive is not None and archive.kind != "all":
            crumbs.append((archive.heading, absolute(request, request.path)))
    elif home is not None and page.pk != home.pk:
        crumbs.append((page.title, page.get_full_url(request)))
    return crumbs


def _blog_posting(request, page, data, language):
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title[:110],
        "description": data["description"],
        "datePublished": data["published"],
        "dateModified": data["modified"],
        "inLanguage": language,
        "mainEntityOfPage": data["canonical"],
        "url": page.get_full_url(request),
        "commentCount": int(data.get("comment_count") or 0),
        "publisher": {"@type": "Organization", "name": data["site_name"]},
        "wordCount": page.word_count,
    }
    if page.author:
        posting["author"] = {"@type": "Person", "name": page.author.name}
    if data["image"]:
        posting["image"] = {
            "@type": "ImageObject",
            "url": data["image"]["url"],
            "width": data["image"]["width"],
            "height": data["image"]["height"],
        }
    return posting
