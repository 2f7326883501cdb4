"""The dark header on a phone: a focus ring that stands out from it, and links large enough to hit."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

CONTRAST = """(link) => {
    const channel = (value) => {
        value /= 255;
        return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (colour) => {
        const [r, g, b] = colour.match(/\\d+(\\.\\d+)?/g).map(Number);
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ring = luminance(getComputedStyle(link).outlineColor);
    const header = luminance(getComputedStyle(link.closest(".site-header")).backgroundColor);
    return (Math.max(ring, header) + 0.05) / (Math.min(ring, header) + 0.05);
}"""


def test_header_links_have_24px_targets_and_a_focus_ring_of_at_least_3_to_1(demo_site, page):
    page.goto(demo_site.url + "/")
    links = page.locator(".site-header a")
    assert links.count() >= 4
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        assert box["height"] >= 24, f"{link.inner_text()!r} is {box['height']} px high"
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    focused = page.locator(".site-header a:focus-visible")
    expect(focused).to_have_count(1)
    assert focused.evaluate(CONTRAST) >= 3
