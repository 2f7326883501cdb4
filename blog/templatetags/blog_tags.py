from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def archive_url(context, index, name, **kwargs):
    """The address of an archive of ``index`` in its language: ``{% archive_url index "category" slug=c.slug %}``.

    Route names: index, category, tag, author, year, month; a suffix ``_rss`` or ``_atom`` gives the archive's feed.
    """
    if index is None:
        return ""
    return index.archive_url(name, context.get("request"), **{key: str(value) for key, value in kwargs.items()})


@register.filter
def elided_page_range(page_obj):
    """Page numbers around the current one and at both ends, with gaps: 1 … 4 5 6 7 8 … 1000."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
