"""``{% cached_fragment "name" %}…{% endcached_fragment %}``: a part of a page kept until the next content change.

For parts that do not depend on who reads: never a form, a CSRF token, a CSP nonce or a message. The key holds the
site's host, the language, the path and the query parameters pages read, plus any further values given after the
name; the cache tags recorded while rendering it are kept with it and recorded for the page again on every hit. ``if
<condition>`` at the end keeps the fragment only while the condition holds, for parts that are personal now and then
(a reader's held comment). Only pages that Wagtail serves are kept, so that made-up URLs, 404s and searches do not
fill the cache; elsewhere the tag just renders its content. See site_project/caching/render.py.

``{% cache_tag "comments" article.pk %}`` records a cache tag for what a template shows without linking it (an
article's comment count), see ``site_project.caching.utils.tag``.
"""

from django import template
from django.utils.safestring import mark_safe

from ..render import MISSING, get, key_for, store, usable
from ..utils import (
    canonical_host,
    canonical_query,
    collect_tags,
    current_state,
    make_shareable,
    personalize,
    tag,
    tags_so_far,
)

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, name, vary_on, condition, nodelist):
        self.name, self.vary_on, self.condition, self.nodelist = name, vary_on, condition, nodelist

    def render(self, context):
        request = context.get("request")
        if not usable(request) or not getattr(request, "_wagtail_route_for_request", None):
            return self.nodelist.render(context)
        if self.condition is not None and not self.condition.resolve(context):
            return self.nodelist.render(context)
        parts = [canonical_host(request), getattr(request, "LANGUAGE_CODE", ""), request.path, canonical_query(request)]
        parts += [variable.resolve(context) for variable in self.vary_on]
        key = key_for(f"fragment:{self.name}", *parts)
        state = current_state()
        entry = get(key, MISSING)
        if entry is MISSING:
            with collect_tags() as tags:
                content = self.nodelist.render(context)
            # Also what the page loaded before (the article's author, with its header image, in get_context()):
            # the fragment, kept for this page only, shows it.
            tags |= getattr(request, "_page_cache_base_tags", set()) | tags_so_far()
            # A form's CSRF token and a script's nonce belong to this request: stored as placeholders, filled for
            # each reader.
            store(key, (make_shareable(request, str(content))[0], tags), tags, state)
            return content
        content, tags = entry
        tag(*tags)
        return mark_safe(personalize(request, content))


@register.simple_tag
def cache_tag(kind, identifier=None):
    tag(kind if identifier is None else f"{kind}-{identifier}")
    return ""


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or not (bits[1][0] == bits[1][-1] and bits[1][0] in "\"'"):
        raise template.TemplateSyntaxError("{% cached_fragment %} needs a quoted name first.")
    name, vary_on, condition = bits[1][1:-1], bits[2:], None
    if len(vary_on) >= 2 and vary_on[-2] == "if":
        condition = parser.compile_filter(vary_on[-1])
        vary_on = vary_on[:-2]
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(name, [parser.compile_filter(bit) for bit in vary_on], condition, nodelist)
