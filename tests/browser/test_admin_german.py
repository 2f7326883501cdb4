"""The German admin, where editors work, has no English in it: page editor with every block, the publish menu,
the table's context menu, the status and checks panels, comments, snippets, settings, search and the translation
editor.

What counts as English is taken from Wagtail's and wagtail-localize's own catalogues: a word of their English
messages that none of their German translations uses ("Insert", "Password", "None"). Words German shares with
English ("Workflow", "Status", "Name") appear in the German translations and so are not flagged; a few English words
that Wagtail's German catalogue itself keeps ("Locale", "Fair", "to") are added by hand. Editors' own content (block
bodies, translation segments, German-only listings) is not the admin's wording and is left out. The allowlist holds
proper names and the words German shares with English that Wagtail's German happens never to use.
"""

import re
from functools import cache
from pathlib import Path

import wagtail
import wagtail_localize
from wagtail.images.models import Image
from wagtail.models import Locale

import polib
import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage, ReaderComment

from .conftest import log_in_as_new_superuser

pytestmark = pytest.mark.django_db(transaction=True)

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*")
# Proper names and the language's own name, which editors see and which are no English to translate.
ALLOWED = {
    "Wagtail",
    "English",  # a language's name in its own language, in the language switcher and the locale list
    "Deutsch",
    "YouTube",
    "Vimeo",
    "Ctrl",
    "Alt",
    "Shift",
    "Esc",
    "Web",  # „E-Mail-, Web- oder IP-Adresse“
}
# English words that Wagtail's and wagtail-localize's German catalogues keep untranslated somewhere, so that the
# rule above would not flag them.
KEPT_BY_WAGTAILS_GERMAN = {"locale", "locales", "go-live", "fair", "to", "translation", "more", "actions", "none"}
# Editors' content: block bodies and their summaries, the table's cells, translation segments.
CONTENT = ".Draftail-Editor, .c-sf-block__title, .w-minimap-item__text, .handsontable, .js-translation-editor li"
QUOTED = re.compile(r"['‘„“\"](.+?)['’“”\"]")
VISIBLE_TEXT = """(CONTENT) => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const shown = (element) => element && element.checkVisibility({visibilityProperty: true, opacityProperty: false});
    let node;
    while ((node = walker.nextNode())) {
        const element = node.parentElement;
        if (!node.textContent.trim() || element.closest("script, style, template, noscript, " + CONTENT)) continue;
        if (shown(element)) texts.push(node.textContent.trim());
    }
    for (const element of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
        if (!shown(element) && !element.matches("button, a, input, textarea, select")) continue;
        for (const name of ["aria-label", "placeholder", "title"]) {
            if (element.getAttribute(name)) texts.push(element.getAttribute(name));
        }
    }
    return texts;
}"""


@cache
def english_only_words():
    english, german = set(), set()
    for package in (wagtail, wagtail_localize):
        root = Path(package.__file__).parent
        for path in root.glob("**/locale/de/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(path)):
                if entry.obsolete:
                    continue
                english.update(WORD.findall(re.sub(r"<[^>]+>|%\(\w+\)\w|\{\w*\}|%\w", " ", entry.msgid)))
                translated = entry.msgstr or " ".join(entry.msgstr_plural.values())
                if translated == entry.msgid:
                    continue  # Untranslated, or the same in both languages: no evidence either way.
                german.update(word.lower() for word in WORD.findall(translated))
    english = {word.lower() for word in english if len(word) > 1} - german
    return (english | KEPT_BY_WAGTAILS_GERMAN) - {word.lower() for word in ALLOWED}


def content_strings():
    """What editors and translators wrote: page titles, snippet names, translation segments."""
    from wagtail.models import Page
    from wagtail_localize.models import String, StringTranslation

    from blog.models import Author, Category, Tag

    values = set(Page.objects.values_list("title", flat=True))
    for model in (Author, Category, Tag):
        values.update(model.objects.values_list("name", flat=True))
    values.update(String.objects.values_list("data", flat=True))
    values.update(StringTranslation.objects.values_list("data", flat=True))
    return {value.strip() for value in values}


def english_in(texts, content=frozenset()):
    vocabulary = english_only_words()
    found = {}
    for text in texts:
        if text in content:
            continue
        # Content quoted in the admin's wording: "Weitere Optionen für 'Working from home'".
        text = re.sub(QUOTED, lambda match: "" if match.group(1) in content else match.group(0), text)
        for word in WORD.findall(text):
            if word.lower() in vocabulary:
                found.setdefault(word, text[:120])
    return found


def article_with_every_block():
    article = ArticlePage.objects.get(locale__language_code="de", slug="stundensatz-richtig-kalkulieren")
    image = Image.objects.first()
    added = [
        ("heading", {"text": "Überschrift", "level": "h2", "anchor": ""}),
        ("paragraph", "<p>Ein Absatz.</p>"),
        ("quote", {"text": "Zeit ist Geld.", "attribution": "Benjamin Franklin"}),
        ("image", {"image": {"image": image.pk, "decorative": False, "alt_text": "Ein Schreibtisch"}, "caption": ""}),
        ("callout", {"title": "Tipp", "text": "<p>Rechnen Sie ehrlich.</p>"}),
        ("embed", {"url": "https://www.youtube.com/watch?v=jNQXAC9IVRw", "caption": ""}),
    ]
    article.body = list(article.body.raw_data) + [{"type": kind, "value": value} for kind, value in added]
    article.save_revision().publish()
    return article


def test_the_admin_screens_editors_use_speak_german_only(demo_site, page):
    base = demo_site.url
    page.goto(base + "/admin/login/")
    screens = {"login": english_in(page.evaluate(VISIBLE_TEXT, CONTENT))}
    log_in_as_new_superuser(page, base, "redaktion", first_name="Redaktion")
    article = article_with_every_block()
    content = content_strings()
    comment = ReaderComment.objects.filter(article__locale__language_code="de").first()
    english_article = article.get_translation(Locale.objects.get(language_code="en"))

    def visit(name, path):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        screens[name] = english_in(page.evaluate(VISIBLE_TEXT, CONTENT), content)

    visit("dashboard", "/admin/")
    visit("page editor", f"/admin/pages/{article.pk}/edit/")
    # Every block's form open, the publish menu, the table's right-click menu, the status and checks panels.
    page.locator("footer .w-dropdown__toggle").first.click()
    screens["publish menu"] = english_in(page.evaluate(VISIBLE_TEXT, CONTENT), content)
    page.keyboard.press("Escape")
    page.locator(".handsontable td").first.click(button="right")
    expect(page.locator(".htContextMenu")).to_be_visible()
    screens["table context menu"] = english_in(page.locator(".htContextMenu").evaluate("(menu) => [menu.innerText]"))
    page.keyboard.press("Escape")
    for panel in ("status", "checks"):
        page.locator(f"[data-side-panel-toggle={panel}]").click()
        page.locator(f"[data-side-panel={panel}]").wait_for()
        screens[f"{panel} side panel"] = english_in(page.evaluate(VISIBLE_TEXT, CONTENT), content)
    visit("new article", f"/admin/pages/add/blog/articlepage/{article.get_parent().pk}/")
    visit("page search", "/admin/pages/search/?q=Kunden")
    visit("comment list", "/admin/snippets/blog/readercomment/")
    visit("comment", f"/admin/snippets/blog/readercomment/edit/{comment.pk}/")
    for model in ("author", "category", "tag"):
        visit(f"{model} list", f"/admin/snippets/blog/{model}/?locale=de")
        visit(f"new {model}", f"/admin/snippets/blog/{model}/add/")
    visit("comment settings", "/admin/settings/blog/commentsettings/")
    visit("feed settings", "/admin/settings/blog/feedsettings/")
    visit("legal pages", "/admin/settings/home/legalpages/")
    visit("translation editor", f"/admin/pages/{english_article.pk}/edit/")

    english = {name: words for name, words in screens.items() if words}
    assert not english, "English in the German admin:\n" + "\n".join(
        f"{name}: " + "; ".join(f"{word!r} in {text!r}" for word, text in words.items())
        for name, words in english.items()
    )
