"""Comment dates are links to the comment: on a phone they must be large enough to hit (WCAG 2.2, 2.5.8)."""

import pytest

from blog import demo_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.any_database]


def test_comment_date_links_are_at_least_24px_high_on_a_phone(demo_site, page):
    from blog.models import ArticlePage

    slug = next(iter(demo_data.COMMENTS))
    page.goto(demo_site.url + ArticlePage.objects.get(slug=slug, locale__language_code="de").url)
    links = page.locator(".comment__date a")
    assert links.count() >= 2
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["height"] >= 24, f"{links.nth(index).inner_text()!r} is {box['height']} px high"
