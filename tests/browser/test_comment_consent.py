"""Every reader can comment, with or without Google: consent given, declined, the script blocked, JavaScript off,
Google's verification down or hanging, and the hourly limit on comments without it. The request log shows nothing
sent to Google before the reader agrees."""

import threading
import urllib.error
from unittest import mock

from wagtail.models import Site

import pytest
from playwright.sync_api import expect

from blog.models import CommentSettings, ReaderComment

from .conftest import ARTICLE, fill_comment, is_third_party

pytestmark = pytest.mark.django_db(transaction=True)

# What Google's api.js does for the form, without the internet: render a solved checkbox, call the onload callback.
FAKE_RECAPTCHA = """
window.grecaptcha = {
    render(element) {
        const answer = document.createElement('textarea');
        answer.name = 'g-recaptcha-response'; answer.hidden = true; answer.value = 'browser-test-token';
        element.append(answer);
        element.setAttribute('data-fake-recaptcha', '');
        return 0;
    },
    reset() {},
    ready(callback) { callback(); },
    execute() { return Promise.resolve('browser-test-token'); },
};
window[new URL(document.currentScript.src).searchParams.get('onload')]();
"""


def google(page, available=True):
    """Log every request; answer Google's script with the fake above, or refuse it like a blocker does."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    def handle(route):
        if not is_third_party(route.request.url):
            return route.continue_()
        if available and "/recaptcha/api.js" in route.request.url:
            return route.fulfill(status=200, content_type="text/javascript", body=FAKE_RECAPTCHA)
        return route.abort()

    page.route("**/*", handle)
    return requests


def google_requests(requests):
    return [url for url in requests if is_third_party(url)]


def open_article(comments_site, page, text, available=True):
    """Open the article with Google's script answered (or refused) and the comment form filled in with ``text``."""
    requests = google(page, available)
    page.goto(comments_site.url + ARTICLE)
    fill_comment(page, text)
    return requests


def load_recaptcha(page):
    """The reader agrees: Google's (fake) reCAPTCHA loads into the form."""
    page.get_by_role("button", name="Spam-Schutz von Google laden").click()
    page.wait_for_selector("[data-fake-recaptcha]", state="attached")


def send(page):
    page.get_by_role("button", name="Kommentar abschicken").click()


def assert_held(page, text, unverified):
    page.wait_for_url("**/muss-man-seine-kunden-lieben/?unapproved=*")
    expect(page.get_by_text("Ihr Kommentar wartet auf Freischaltung.")).to_be_visible()
    comment = ReaderComment.objects.get(text=text)
    assert comment.status == "pending"
    assert comment.unverified is unverified


def test_consent_given_loads_recaptcha_only_after_the_click(comments_site, page):
    requests = open_article(comments_site, page, "Mit Einwilligung geprüft.")
    page.wait_for_load_state("networkidle")
    assert google_requests(requests) == []
    load_recaptcha(page)
    assert any("/recaptcha/api.js" in url for url in google_requests(requests))
    expect(page.get_by_role("button", name="Spam-Schutz von Google laden")).to_be_hidden()
    send(page)
    assert_held(page, "Mit Einwilligung geprüft.", unverified=False)


def test_consent_is_remembered_for_the_session_only_when_the_reader_asks(comments_site, page):
    requests = google(page)
    page.goto(comments_site.url + ARTICLE)
    load_recaptcha(page)
    page.reload()
    requests.clear()
    page.get_by_role("textbox", name="Kommentar", exact=True).click()
    expect(page.locator("#commentform [name=csrfmiddlewaretoken]")).not_to_have_value("")
    page.wait_for_load_state("networkidle")
    assert google_requests(requests) == [], "not asked to remember, yet loaded again"

    page.get_by_label("Diese Wahl bis zum Schließen des Browsers merken").check()
    load_recaptcha(page)
    page.reload()
    requests.clear()
    assert google_requests(requests) == []
    page.get_by_role("textbox", name="Kommentar", exact=True).click()
    page.wait_for_selector("[data-fake-recaptcha]", state="attached")
    assert google_requests(requests)


def test_consent_declined_the_comment_is_held_and_marked_and_google_never_asked(comments_site, page):
    requests = open_article(comments_site, page, "Ohne Google geschrieben.")
    send(page)
    assert_held(page, "Ohne Google geschrieben.", unverified=True)
    assert google_requests(requests) == []


def test_script_blocked_the_reader_is_told_and_can_still_send(comments_site, page):
    requests = open_article(comments_site, page, "Mein Werbeblocker blockiert Google.", available=False)
    page.get_by_role("button", name="Spam-Schutz von Google laden").click()
    expect(page.get_by_text("Der Spam-Schutz von Google konnte nicht geladen werden.")).to_be_visible()
    assert any("/recaptcha/api.js" in url for url in google_requests(requests))
    send(page)
    assert_held(page, "Mein Werbeblocker blockiert Google.", unverified=True)


def test_javascript_off_the_second_send_goes_through(comments_site, browser):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    requests = google(page)
    page.goto(comments_site.url + ARTICLE)
    # Playwright's text search skips <noscript>; its paragraph is shown all the same.
    notice = page.locator("noscript .comment-form__noscript")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Ohne JavaScript holt das Formular beim ersten Absenden")
    expect(page.get_by_role("button", name="Spam-Schutz von Google laden")).to_be_hidden()
    fill_comment(page, "Ganz ohne JavaScript.")
    send(page)
    page.wait_for_load_state()
    expect(page.get_by_role("alert").filter(has_text="erst seinen Sicherheitsschlüssel geholt")).to_be_visible()
    expect(page.get_by_role("textbox", name="Kommentar", exact=True)).to_have_value("Ganz ohne JavaScript.")
    assert not ReaderComment.objects.filter(text="Ganz ohne JavaScript.").exists()
    send(page)
    assert_held(page, "Ganz ohne JavaScript.", unverified=True)
    assert google_requests(requests) == []
    context.close()


def test_google_verification_down_the_comment_is_held(comments_site, page):
    open_article(comments_site, page, "Google antwortet nicht.")
    load_recaptcha(page)
    with mock.patch("django_recaptcha.fields.client.submit", side_effect=urllib.error.URLError("down")):
        send(page)
        assert_held(page, "Google antwortet nicht.", unverified=True)


def test_google_verification_hanging_the_comment_is_held_after_the_deadline(comments_site, page, settings):
    settings.COMMENTS_RECAPTCHA_DEADLINE_SECONDS = 1
    release = threading.Event()
    open_article(comments_site, page, "Google hängt.")
    load_recaptcha(page)
    try:
        with mock.patch("django_recaptcha.fields.client.submit", side_effect=lambda **kwargs: release.wait(30)):
            send(page)
            assert_held(page, "Google hängt.", unverified=True)
    finally:
        release.set()


def test_beyond_the_hourly_limit_the_form_comes_back_with_the_text(comments_site, page):
    CommentSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"unverified_hourly_limit": 0}
    )
    open_article(comments_site, page, "Einer zu viel.")
    send(page)
    page.wait_for_load_state()
    expect(page.get_by_role("alert").filter(has_text="Gerade warten zu viele Kommentare")).to_be_visible()
    expect(page.get_by_role("textbox", name="Kommentar", exact=True)).to_have_value("Einer zu viel.")
    assert not ReaderComment.objects.filter(text="Einer zu viel.").exists()
