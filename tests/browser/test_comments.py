"""Comments in a real browser: the reader's journey through moderation, the moving reply form, no request to
Google before the reader writes, hostile input without effect, and accessibility."""

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from blog.models import ReaderComment

from .conftest import (
    ARTICLE,
    PASSWORD,
    assert_no_serious_axe_violations,
    block_third_parties,
    is_third_party,
    log_in,
    log_in_as_new_superuser,
    write_comment,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_comments_editor_approves_reader_sees_it_and_replies(comments_site, browser, page):
    block_third_parties(page)
    page.goto(comments_site.url + ARTICLE)
    expect(page.get_by_role("heading", name="2 Gedanken zu „Muss man seine Kunden lieben?“")).to_be_visible()

    write_comment(page, "Wertschätzung beginnt beim Zuhören.\n\nDanke für den Artikel!")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/?unapproved=*")
    expect(page.get_by_text("Ihr Kommentar wartet auf Freischaltung.")).to_be_visible()
    expect(page.get_by_text("Wertschätzung beginnt beim Zuhören.")).to_be_visible()
    comment = ReaderComment.objects.get(text__startswith="Wertschätzung beginnt")
    assert comment.status == "pending"

    get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", PASSWORD)
    editor = browser.new_context(locale="de-DE").new_page()
    block_third_parties(editor)
    log_in(editor, comments_site.url, "redaktion")
    panel = editor.locator("#held-reader-comments-section")
    expect(panel).to_contain_text("1 Kommentar wartet auf Freischaltung")
    expect(editor.locator("#wagtail-sidebar")).to_contain_text("Kommentare (1)")
    panel.get_by_role("button", name="Freigeben").click()
    # The dashboard reloads at the same address: wait for what it then says, not for the URL.
    held = editor.locator("#held-reader-comments-section")
    expect(held).to_contain_text("Keine Kommentare warten auf Freischaltung.")
    editor.context.close()

    page.goto(comments_site.url + ARTICLE)
    expect(page.get_by_role("heading", name="3 Gedanken zu „Muss man seine Kunden lieben?“")).to_be_visible()
    expect(page.get_by_text("Wertschätzung beginnt beim Zuhören.")).to_be_visible()
    expect(page.get_by_text("Ihr Kommentar wartet auf Freischaltung.")).to_be_hidden()

    # "Antworten" moves the one form under the comment, "Antworten abbrechen" brings it back.
    seed = ReaderComment.objects.get(text__startswith="Dienstleistung ist keine Einbahnstraße.")
    page.locator(f"#comment-{seed.pk} [data-reply-to]").first.click()
    expect(page.locator(f'#comment-{seed.pk} [data-reply-slot="{seed.pk}"] #commentform')).to_have_count(1)
    expect(page.get_by_role("heading", name="Auf den Kommentar von Claudia Berger antworten")).to_be_visible()
    expect(page.locator("#id_text")).to_be_focused()
    page.get_by_role("link", name="Antworten abbrechen").click()
    expect(page.locator("[data-respond-home] #commentform")).to_have_count(1)
    expect(page.get_by_role("heading", name="Schreiben Sie einen Kommentar")).to_be_visible()
    expect(page.locator("#commentform")).to_have_count(1)

    page.locator(f"#comment-{seed.pk} [data-reply-to]").first.click()
    write_comment(page, "Eine Antwort an Claudia.", name="Petra Hansen", email="petra@example.org")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/*#comment-*")
    reply = ReaderComment.objects.get(text="Eine Antwort an Claudia.")
    assert reply.parent_id == seed.pk
    # Petra now has an approved comment: her reply appears at once, nested under Claudia's.
    assert reply.status == "approved"
    expect(page.locator(f"#comment-{seed.pk} .comment-list--children #comment-{reply.pk}")).to_be_visible()


def test_page_load_focus_typing_and_tabbing_send_nothing_to_google(comments_site, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    attempts = block_third_parties(page)
    page.goto(comments_site.url + ARTICLE, wait_until="networkidle")
    assert requests, "the request log recorded nothing"
    expect(page.locator("script[src*='google']")).to_have_count(0)
    # Nor any cookie: the page is the same for every reader; the form's token comes when they start writing.
    assert page.context.cookies() == []
    assert page.locator("#commentform [name=csrfmiddlewaretoken]").input_value() == ""

    text = page.get_by_role("textbox", name="Kommentar", exact=True)
    text.click()
    text.fill("Ich schreibe, ohne Google zu fragen.")
    for _ in range(8):
        page.keyboard.press("Tab")
    expect(page.locator("#commentform [name=csrfmiddlewaretoken]")).not_to_have_value("")
    page.wait_for_load_state("networkidle")
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]
    assert [url for url in requests if is_third_party(url)] == [] == attempts
    expect(page.get_by_role("button", name="Spam-Schutz von Google laden")).to_be_visible()


def test_a_comment_sent_after_the_cookies_were_cleared_comes_back_with_its_text(comments_site, page):
    block_third_parties(page)
    page.goto(comments_site.url + ARTICLE)
    page.get_by_role("textbox", name="Kommentar", exact=True).click()
    expect(page.locator("#commentform [name=csrfmiddlewaretoken]")).not_to_have_value("")
    # The reader deletes this site's cookies in another tab, then sends.
    page.context.clear_cookies()
    write_comment(page, "Ein Kommentar, der nicht verloren gehen darf.")
    page.wait_for_load_state()
    expect(page.get_by_role("alert").filter(has_text="Ihr Kommentar konnte nicht gesendet werden")).to_be_visible()
    text = page.get_by_role("textbox", name="Kommentar", exact=True)
    expect(text).to_have_value("Ein Kommentar, der nicht verloren gehen darf.")
    assert not ReaderComment.objects.filter(text__startswith="Ein Kommentar, der nicht").exists()

    # Sent again, it arrives.
    text.click()
    expect(page.locator("#commentform [name=csrfmiddlewaretoken]")).not_to_have_value("")
    write_comment(page, "Ein Kommentar, der nicht verloren gehen darf.")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/?unapproved=*")
    assert ReaderComment.objects.filter(text="Ein Kommentar, der nicht verloren gehen darf.").count() == 1


def test_a_reader_served_from_the_page_cache_comments_like_any_other(comments_site, page, settings):
    """The article comes from the page cache, the same for every reader; the form still works for this one."""
    from django.core.cache import cache

    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    block_third_parties(page)
    assert page.request.get(comments_site.url + ARTICLE).headers["x-page-cache"] == "miss"
    response = page.goto(comments_site.url + ARTICLE)
    assert response.headers["x-page-cache"] == "hit"
    assert "set-cookie" not in response.headers

    write_comment(page, "Aus dem Cache geschrieben.")
    page.wait_for_url("**/muss-man-seine-kunden-lieben/?unapproved=*")
    expect(page.get_by_text("Ihr Kommentar wartet auf Freischaltung.")).to_be_visible()
    expect(page.get_by_text("Aus dem Cache geschrieben.")).to_be_visible()
    assert ReaderComment.objects.get(text="Aus dem Cache geschrieben.").status == "pending"


def test_remembered_details_are_filled_in_on_the_next_visit(comments_site, page):
    block_third_parties(page)
    page.goto(comments_site.url + ARTICLE)
    page.get_by_label("Meinen Namen, meine E-Mail-Adresse").check()
    write_comment(page, "Ich komme wieder.", name="Jürgen Groß", email="juergen@example.org")
    page.wait_for_url("**/?unapproved=*")
    page.goto(comments_site.url + ARTICLE)
    # Filled in by the page's script from what it remembered.
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_have_value("Jürgen Groß")
    expect(page.get_by_label("Meinen Namen, meine E-Mail-Adresse")).to_be_checked()


HOSTILE_NAME = '<img src=x onerror=alert("name")>\u202egnp.exe'
HOSTILE_TEXT = (
    "<script>alert('text')</script> <img src=x onerror=alert(1)> <svg onload=alert(2)>\n"
    'javascript:alert(3) https://example.org/"onmouseover=alert(4)\n' + "W" * 10_00
)


def test_hostile_comments_fire_no_dialog_on_the_page_or_in_the_admin(comments_site, page):
    from wagtail.models import Page

    article = Page.objects.get(url_path__endswith="/muss-man-seine-kunden-lieben/", locale__language_code="de")
    hostile = ReaderComment.objects.create(
        article_id=article.pk,
        name=HOSTILE_NAME,
        email="x@example.org",
        url="https://example.org/\"><script>alert('url')</script>",
        text=HOSTILE_TEXT,
        status="approved",
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    block_third_parties(page)
    page.goto(comments_site.url + ARTICLE)
    page.locator(f"#comment-{hostile.pk}").hover()
    page.locator(f"#comment-{hostile.pk} a").first.hover()
    assert "<script>alert('text')</script>" in page.locator(f"#comment-{hostile.pk} .comment__text").inner_text()
    # The 1000-character word wraps instead of widening the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    log_in_as_new_superuser(page, comments_site.url, "admin")
    page.goto(comments_site.url + "/admin/snippets/blog/readercomment/")
    page.goto(comments_site.url + f"/admin/snippets/blog/readercomment/edit/{hostile.pk}/")
    page.wait_for_load_state("networkidle")
    assert dialogs == []


def test_article_with_comments_and_an_open_reply_form_is_accessible(comments_site, page):
    block_third_parties(page)
    page.goto(comments_site.url + ARTICLE)
    assert_no_serious_axe_violations(page)
    page.locator("[data-reply-to]").first.click()
    assert_no_serious_axe_violations(page)
    page.get_by_role("button", name="Kommentar abschicken").click()  # browser validation keeps the reader here
    page.goto(comments_site.url + ARTICLE + "?replytocom=999")
    assert_no_serious_axe_violations(page)
