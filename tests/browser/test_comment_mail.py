"""Comments by mail in a real browser: a reader subscribes, confirms, is notified and unsubscribes; a moderator
approves from the mail; a writer edits their own comment; a person confirms a data-protection request."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest
from playwright.sync_api import expect

from blog.models import CommentSettings, DataRequest, ReaderComment
from tests.builders import make_comment

from .conftest import ARTICLE, PASSWORD, assert_no_serious_axe_violations, block_third_parties, log_in, write_comment

pytestmark = pytest.mark.django_db(transaction=True)

URL = re.compile(r"https?://\S+")
SHOTS = "/tmp/browser-comment-mail"


def link_in(message, index=0):
    return URL.findall(message.body)[index]


def on_live_server(live_server, url):
    return live_server.url + re.sub(r"^https?://[^/]+", "", url)


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def editor_page(browser, live_server):
    """The editor of ``editor_account``, signed in in a browser of their own."""
    page = browser.new_context(locale="de-DE").new_page()
    block_third_parties(page)
    log_in(page, live_server.url, "redaktion")
    return page


@pytest.fixture
def editor_account(comments_site):
    user = get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)
    CommentSettings.objects.update_or_create(defaults={"moderator_emails": ""})
    return user


def article():
    return ReaderComment.objects.filter(status="approved").first().article


def test_reader_subscribes_confirms_is_notified_and_unsubscribes(comments_site, page):
    block_third_parties(page)
    make_comment(article(), name="Petra Hansen", email="petra@example.org", text="Schon einmal hier")
    page.goto(comments_site.url + ARTICLE)
    page.get_by_label("Über Antworten auf meinen Kommentar per E-Mail benachrichtigen.").check()
    write_comment(page, "Wie finde ich gute Kunden?")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/#comment-*")
    question = ReaderComment.objects.get(text="Wie finde ich gute Kunden?")

    (confirmation,) = mail_to("petra@example.org")
    page.goto(on_live_server(comments_site, link_in(confirmation)))
    page.screenshot(path=f"{SHOTS}-confirm.png")
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Ja, E-Mails an mich senden").click()
    page.get_by_role("heading", name="Danke, Ihr Abonnement ist bestätigt").wait_for()

    make_comment(article(), name="Jens Möller", email="jens@example.org", text="Schon da")
    page.goto(comments_site.url + ARTICLE)
    page.locator(f"#comment-{question.pk} [data-reply-to]").first.click()
    write_comment(page, "Durch Empfehlungen!", name="Jens Möller", email="jens@example.org")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/#comment-*")
    notification = mail_to("petra@example.org")[-1]
    assert notification.subject == "Neue Antwort auf Ihren Kommentar zu „Muss man seine Kunden lieben?“"
    assert "Durch Empfehlungen!" in notification.body

    page.goto(on_live_server(comments_site, notification.extra_headers["List-Unsubscribe"].strip("<>")))
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("heading", name="Sie sind abgemeldet").wait_for()
    page.screenshot(path=f"{SHOTS}-unsubscribed.png")


def test_moderator_approves_from_the_mail(comments_site, editor_account, browser, page):
    block_third_parties(page)
    page.goto(comments_site.url + ARTICLE)
    write_comment(page, "Bitte aus der Mail freigeben.", name="Neu Hier", email="neu@example.org")
    page.wait_for_url("**/?unapproved=*")
    (message,) = mail_to("redaktion@example.org")
    approve = re.search(r"^Freigeben: (\S+)$", message.body, re.MULTILINE).group(1)
    assert message.body.index(approve) < message.body.index("Bitte aus der Mail freigeben.")

    editor = editor_page(browser, comments_site)
    editor.goto(on_live_server(comments_site, approve))
    expect(editor.get_by_text("Bitte aus der Mail freigeben.")).to_be_visible()
    editor.screenshot(path=f"{SHOTS}-moderate.png")
    assert ReaderComment.objects.get(text="Bitte aus der Mail freigeben.").status == "pending"
    editor.get_by_role("button", name="Freigeben").click()
    editor.wait_for_url("**/admin/snippets/blog/readercomment/**")
    assert ReaderComment.objects.get(text="Bitte aus der Mail freigeben.").status == "approved"
    editor.context.close()
    page.goto(comments_site.url + ARTICLE)
    expect(page.get_by_text("Bitte aus der Mail freigeben.")).to_be_visible()


def test_writer_edits_their_own_comment_others_see_no_edit_link(comments_site, browser, page):
    block_third_parties(page)
    make_comment(article(), name="Petra Hansen", email="petra@example.org", text="Schon einmal hier")
    page.goto(comments_site.url + ARTICLE)
    write_comment(page, "Mit Tippfehlr")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/#comment-*")
    comment = ReaderComment.objects.get(text="Mit Tippfehlr")
    edit = page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Ihren Kommentar bearbeiten oder löschen")
    edit.wait_for()
    # Still there on the next visit (localStorage), on a page that is the same for everyone.
    page.goto(comments_site.url + ARTICLE)
    edit.click()
    page.get_by_role("textbox", name="Kommentar").wait_for()
    assert_no_serious_axe_violations(page)
    page.get_by_role("textbox", name="Kommentar").fill("Ohne Tippfehler")
    page.get_by_role("button", name="Änderungen speichern").click()
    page.wait_for_url("**/muss-man-seine-kunden-lieben/#comment-*")
    expect(page.locator(f"#comment-{comment.pk}").get_by_text("Ohne Tippfehler")).to_be_visible()
    expect(page.locator(f"#comment-{comment.pk}").get_by_text("(bearbeitet)")).to_be_visible()
    page.screenshot(path=f"{SHOTS}-edited.png", full_page=True)

    stranger = browser.new_context(locale="de-DE").new_page()
    block_third_parties(stranger)
    stranger.goto(comments_site.url + ARTICLE)
    expect(stranger.locator(f"#comment-{comment.pk}").get_by_text("Ohne Tippfehler")).to_be_visible()
    expect(stranger.get_by_role("link", name="Ihren Kommentar bearbeiten oder löschen")).to_have_count(0)
    stranger.context.close()


def test_data_protection_request_confirmed_by_the_person_then_exported(comments_site, editor_account, browser, page):
    make_comment(article(), name="Jens", email="jens@example.org", text="Meine Daten")
    editor = editor_page(browser, comments_site)
    editor.goto(comments_site.url + "/admin/data-requests/")
    editor.get_by_label("E-Mail-Adresse der Person").fill("jens@example.org")
    editor.get_by_label("Personenbezogene Daten exportieren").check()
    editor.get_by_role("button", name="Bestätigungsmail senden").click()
    editor.get_by_text("Wartet auf die Person").wait_for()

    (message,) = mail_to("jens@example.org")
    page.goto(on_live_server(comments_site, link_in(message)))
    page.get_by_role("button", name="Anfrage bestätigen").click()
    page.get_by_role("heading", name="Danke, Ihre Anfrage ist bestätigt").wait_for()
    assert DataRequest.objects.get().confirmed_at is not None

    editor.reload()
    editor.screenshot(path=f"{SHOTS}-requests.png", full_page=True)
    with editor.expect_download() as download:
        editor.get_by_role("link", name="Herunterladen (JSON)").click()
    with open(download.value.path(), encoding="utf-8") as export:
        assert "Meine Daten" in export.read()
    editor.context.close()
