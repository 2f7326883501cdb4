"""``{% picture %}`` as Wagtail's, with its filter specs parsed once per template instead of on every render.

Wagtail's tag makes a ``Filter`` for each size and format (nine for ``format-{avif,webp,jpeg} width-{480,800,1200}``)
on every render, and each parses its operations again (``inspect.getcallargs`` per operation): about a millisecond
per picture. A filter depends only on the spec written in the template, so the compiled tag keeps its filters, as it
keeps the rest of its arguments. The output is Wagtail's own.
"""

from django import template

from wagtail.images.models import Filter
from wagtail.images.templatetags import wagtailimages_tags

register = template.Library()


class PictureNode(wagtailimages_tags.PictureNode):
    def get_filters(self):
        try:
            return self._filters
        except AttributeError:
            self._filters = super().get_filters()
            return self._filters


@register.tag("picture")
def picture(parser, token):
    node = wagtailimages_tags.image(parser, token)
    return PictureNode(node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs)


def parsed_filter(spec, _filters={}):  # noqa: B006 - specs are written in code, so the dict stays small
    """A ``Filter`` for ``spec`` (written in code), parsed once per process."""
    if spec not in _filters:
        _filters[spec] = Filter(spec=spec)
    return _filters[spec]
