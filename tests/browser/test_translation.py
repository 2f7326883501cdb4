"""A translator carries the seed article into English in wagtail-localize's editor, and keeps it in sync."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage
from home.translators import GROUP_NAME

from .conftest import PASSWORD, assert_no_serious_axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SEED_SLUG = "muss-man-seine-kunden-lieben"
ENGLISH_TITLE = "Do you have to love your clients?"
ENGLISH_SLUG = "do-you-have-to-love-your-clients"


def make_translator():
    """The group comes from a migration; a transactional test's flush removed it, so it is made again here."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("home.migrations.0003_translators_group")
    migration.create_translators_group(apps, None)
    user = get_user_model().objects.create_user("uebersetzerin", password=PASSWORD)
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user


def remove_english_translation(article):
    """The demo content already translated the seed article: start from an untranslated original."""
    english = Locale.objects.get(language_code="en")
    article.get_translation(english).delete()
    Translation.objects.filter(source__object_id=article.translation_key).delete()
    StringTranslation.objects.filter(context__object_id=article.translation_key, locale=english).delete()


def english_for(source):
    if source == "Muss man seine Kunden lieben?":
        return ENGLISH_TITLE
    if source == SEED_SLUG:
        return ENGLISH_SLUG
    return "EN " + source


def translate_every_segment(page):
    """On each tab of the editor, type a translation into each untranslated segment and save it with Enter."""
    page.locator("li.incomplete").first.wait_for(state="attached")
    tabs = page.locator(".js-translation-editor [role=tab]")
    for tab_index in range(max(tabs.count(), 1)):
        if tabs.count():
            tabs.nth(tab_index).click()
            # Count the tab's segments only once it shows: a count before React switched would skip them.
            expect(tabs.nth(tab_index)).to_have_attribute("aria-selected", "true")
        visible = page.locator("li.incomplete:visible")
        for _ in range(100):
            if visible.count() == 0:
                break
            segment = visible.first
            source = segment.locator("p").first.inner_text()
            segment.get_by_role("button", name="Übersetzen").click()
            textarea = segment.locator("textarea")
            textarea.fill(english_for(source))
            textarea.press("Enter")
            textarea.wait_for(state="detached")
    expect(page.locator("li.incomplete")).to_have_count(0)


def open_page_actions(page):
    page.locator("header").get_by_role("button", name="Aktionen").first.click()


def test_translator_translates_publishes_and_syncs_the_seed_article(demo_site, page):
    page.set_default_timeout(15_000)
    article = ArticlePage.objects.get(slug=SEED_SLUG, locale__language_code="de")
    remove_english_translation(article)
    make_translator()
    german_intro = article.intro

    log_in(page, demo_site.url, "uebersetzerin")
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    # The translator may not publish German pages: the editor offers drafts only.
    expect(page.get_by_role("button", name="Veröffentlichen")).to_have_count(0)
    open_page_actions(page)
    page.get_by_role("link", name="Diese Seite übersetzen").click()
    page.get_by_label("Englisch").check()
    page.get_by_role("button", name="Absenden").click()

    translate_every_segment(page)
    english_draft = ArticlePage.objects.get(translation_key=article.translation_key, locale__language_code="en")
    assert not english_draft.live, "a translation must stay a draft until the translator publishes it"
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Veröffentlichen in")).click()

    english_url = f"{demo_site.url}/en/articles/{ENGLISH_SLUG}/"
    response = page.goto(english_url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == ENGLISH_TITLE
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_text("EN Kommunikation ist keine Einbahnstraße")).to_be_visible()
    assert_no_serious_axe_violations(page)

    # The switcher goes to the German original and back.
    page.locator(".language-switcher").get_by_role("link", name="Deutsch").click()
    page.wait_for_url(f"**/artikel/{SEED_SLUG}/")
    assert page.locator("h1").inner_text() == "Muss man seine Kunden lieben?"
    assert page.locator(".lead").inner_text() == german_intro
    assert page.locator(".language-switcher [aria-current]").inner_text() == "Deutsch"
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/articles/{ENGLISH_SLUG}/")

    # An editor changes the German teaser; the translator syncs and finds it waiting to be translated.
    article = ArticlePage.objects.get(pk=article.pk)
    article.intro = "Ein neuer Anreißer, den die Übersetzerin noch nicht kennt."
    article.save_revision().publish()
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    open_page_actions(page)
    page.get_by_role("link", name="Synchronisiere übersetzte Seiten").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Absenden").click()
    english = article.get_translation(Locale.objects.get(language_code="en"))
    page.goto(f"{demo_site.url}/admin/pages/{english.pk}/edit/")
    changed = page.locator("li.incomplete", has_text="Ein neuer Anreißer, den die Übersetzerin noch nicht kennt.")
    changed.wait_for()
    expect(page.locator("li.incomplete")).to_have_count(1)


def test_a_line_break_in_a_paragraph_needs_no_markup_and_stays_in_the_english_article(demo_site, page):
    """The seed article's second paragraph has a line break (Shift+Enter in the editor): the translator sees two
    plain segments, types two plain translations, and the English paragraph breaks between them."""
    page.set_default_timeout(15_000)
    article = ArticlePage.objects.get(slug=SEED_SLUG, locale__language_code="de")
    remove_english_translation(article)
    make_translator()
    log_in(page, demo_site.url, "uebersetzerin")
    page.goto(f"{demo_site.url}/admin/pages/{article.pk}/edit/")
    open_page_actions(page)
    page.get_by_role("link", name="Diese Seite übersetzen").click()
    page.get_by_label("Englisch").check()
    page.get_by_role("button", name="Absenden").click()

    page.locator("li.incomplete").first.wait_for(state="attached")
    segments = page.locator(".js-translation-editor li.incomplete").all_inner_texts()
    assert len(segments) > 10
    assert not [text for text in segments if "<br" in text], "a segment shows line-break markup"
    for german, english in (
        ("ist die Arbeit oft ist ein reines Vergnügen.", "the work is often a real pleasure."),
        ("Doch klagen viele Dienstleister", "Yet many service providers complain."),
    ):
        segment = page.locator("li.incomplete", has_text=german)
        expect(segment).to_have_count(1)
        segment.get_by_role("button", name="Übersetzen").click()
        textarea = segment.locator("textarea")
        textarea.fill(english)
        textarea.press("Enter")
        textarea.wait_for(state="detached")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Veröffentlichen in")).click()

    page.goto(f"{demo_site.url}/en/articles/{SEED_SLUG}/")
    paragraph = page.locator("main p", has_text="the work is often a real pleasure.")
    assert paragraph.evaluate("p => p.innerHTML") == (
        "the work is often a real pleasure.<br>Yet many service providers complain."
    )
