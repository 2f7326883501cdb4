"""In a real Chromium, the Content-Security-Policy blocks nothing the site needs: not on the public pages, not on a
page with the comment form once reCAPTCHA loads, and not in the admin's page editor or wagtail-localize's
translation editor. A third-party script on a page without the comment form is blocked, which shows that the
listener works."""

import re

from django.test import override_settings

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from tests import pagecache_urls

from .conftest import PUBLIC_PAGES, log_in_as_new_superuser, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
    // The admin's strict policy is sent as report-only beside the enforced one; its reports block nothing.
    if (event.disposition !== "enforce") return;
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.__csp.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${where})`);
});
"""
# Google's api.js, as far as the page sees it: a widget in a frame from www.google.com, then the onload callback.
RECAPTCHA_STUB = """
window.grecaptcha = {
    render(slot) {
        const frame = document.createElement("iframe");
        frame.src = "https://www.google.com/recaptcha/api2/anchor?k=test";
        frame.title = "reCAPTCHA";
        (slot || document.body).append(frame);
        return 0;
    },
    getResponse: () => "",
    reset() {},
    ready: (callback) => callback(),
    execute: () => Promise.resolve("token"),
};
window.__recaptchaLoaded = true;
const script = [...document.scripts].find((element) => element.src.includes("/recaptcha/api.js"));
const onload = script && new URL(script.src).searchParams.get("onload");
if (onload && window[onload]) window[onload]();
"""


def watch(page):
    messages = []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: messages.append(message.text))
    return messages


def violations(page, console):
    found = page.evaluate("window.__csp || []")
    found += [text for text in console if "Content Security Policy" in text and "policy is report-only" not in text]
    return found


def stub_google(page):
    page.route(
        re.compile(r"^https://www\.google\.com/recaptcha/api\.js(\?.*)?$"),
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=RECAPTCHA_STUB),
    )
    page.route(
        "https://www.google.com/recaptcha/api2/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>reCAPTCHA</p>"),
    )


def test_public_pages_cause_no_csp_violation(demo_site, page):
    """One demo site for all pages: building it is the slow part."""
    console = watch(page)
    found = {}
    for path in PUBLIC_PAGES:
        console.clear()
        page.goto(demo_site.url + path)
        page.wait_for_load_state("networkidle")
        found[path] = violations(page, console)
    assert found == dict.fromkeys(PUBLIC_PAGES, [])


def test_third_party_script_is_blocked_where_there_is_no_comment_form(demo_site, page):
    console = watch(page)
    stub_google(page)
    page.goto(demo_site.url + "/")
    page.evaluate(
        """() => { const s = document.createElement("script");
        s.src = "https://www.google.com/recaptcha/api.js"; document.head.append(s); }"""
    )
    # Once the policy has reported the blocked script, it certainly has not run.
    wait_until(
        page,
        lambda: any("script-src" in violation for violation in violations(page, console)),
        message="the policy's report of the blocked script",
    )
    assert not page.evaluate("window.__recaptchaLoaded === true")


def test_seed_article_loads_recaptcha_when_the_reader_agrees_without_violation(demo_site, page):
    console = watch(page)
    stub_google(page)
    page.goto(demo_site.url + "/artikel/muss-man-seine-kunden-lieben/")
    page.locator("#comments textarea").first.click()
    page.locator("#comments textarea").first.fill("Ein sehr hilfreicher Artikel.")
    page.get_by_role("button", name="Spam-Schutz von Google laden").click()
    # Playwright's wait_for_function evaluates a string, which the policy (rightly) forbids: wait for the script.
    page.wait_for_selector("script[src*='/recaptcha/api.js']", state="attached")
    wait_until(page, lambda: page.evaluate("window.__recaptchaLoaded") is True, message="reCAPTCHA's script")
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == []


def test_comment_form_page_loads_recaptcha_without_violation(demo_site, page):
    console = watch(page)
    stub_google(page)
    with override_settings(ROOT_URLCONF=pagecache_urls):
        page.goto(demo_site.url + "/test-form/")
        assert page.evaluate("document.body.dataset.inline") == "ran"
        page.evaluate("window.loadRecaptcha()")
        page.wait_for_selector("iframe[title=reCAPTCHA]", state="attached")
        assert page.evaluate("window.__recaptchaLoaded") is True
        page.wait_for_load_state("networkidle")
        assert violations(page, console) == []


def test_admin_page_editor_causes_no_csp_violation(demo_site, page):
    console = watch(page)
    log_in_as_new_superuser(page, demo_site.url, "admin")
    article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_title").input_value() == "Muss man seine Kunden lieben?"
    assert violations(page, console) == []


def test_translation_editor_causes_no_csp_violation(demo_site, page):
    console = watch(page)
    log_in_as_new_superuser(page, demo_site.url, "admin")
    translation = ArticlePage.objects.get(
        slug="muss-man-seine-kunden-lieben", locale__language_code="de"
    ).get_translation(ArticlePage.objects.filter(locale__language_code="en").first().locale)
    page.goto(f"{demo_site.url}/admin/pages/{translation.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # wagtail-localize's React editor, not Wagtail's own form.
    # wagtail-localize's React editor rendered: the German source segment beside its English translation.
    expect(page.get_by_text("PO Datei herunterladen").first).to_be_visible()
    expect(page.get_by_text("Do you have to love your clients?").first).to_be_visible()
    assert violations(page, console) == []


def test_editor_browsing_the_site_with_wagtails_user_bar_causes_no_csp_violation(demo_site, page):
    console = watch(page)
    log_in_as_new_superuser(page, demo_site.url, "admin")
    page.goto(demo_site.url + "/artikel/muss-man-seine-kunden-lieben/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    assert violations(page, console) == []
