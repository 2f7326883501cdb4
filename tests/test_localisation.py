"""Localisation: translators' segments and synchronised fields, the language switcher, hreflang, English pages."""

import datetime
import json
import os
import re
import runpy
from html import unescape
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase, override_settings
from django.urls import reverse

from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import COMMENTS_RELATION_NAME, Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from blog.models import ArticlePage, Author, BlogIndexPage, Category, ReaderComment, Tag
from blog.translation import translate
from home.models import HomePage, StandardPage
from home.translators import GROUP_NAME

from .assertions import QueryCountAssertions, hreflang_alternates
from .builders import build_bilingual_site, english_translation, make_article, make_author, make_category, make_comment

TABLE = {
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "table_caption": "Preise im Überblick",
    "data": [["Leistung", "Preis"], ["Telefonservice", "2 € pro Anruf"], ["Schreibservice", None]],
}
FULL_BODY = [
    ("heading", {"text": "Kommunikation ist keine Einbahnstraße", "level": "h2", "anchor": ""}),
    ("paragraph", "<p>Gerade bei <b>Bürodienstleistungen</b> ist das Verhältnis persönlich.</p>"),
    ("quote", {"text": "Man kann nicht nicht kommunizieren.", "attribution": "Paul Watzlawick"}),
    ("callout", {"title": "Fazit", "text": "<p>Wertschätzung ist wichtig.</p>"}),
    ("table", TABLE),
]
ENGLISH_BODY = [
    ("heading", {"text": "Communication is not a one-way street", "level": "h2", "anchor": ""}),
    ("paragraph", "<p>In <b>office services</b> in particular, the relationship is personal.</p>"),
    ("quote", {"text": "One cannot not communicate.", "attribution": "Paul Watzlawick"}),
    ("callout", {"title": "Conclusion", "text": "<p>Appreciation matters.</p>"}),
    (
        "table",
        {
            **TABLE,
            "table_caption": "Prices at a glance",
            "data": [["Service", "Price"], ["Telephone service", "€2 per call"], ["Typing service", None]],
        },
    ),
]


def segment_texts(page):
    source, _created = TranslationSource.update_or_create_from_instance(page)
    return {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related("string", "context")
    }


class SiteMixin:
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index, cls.en_home, cls.en_index = build_bilingual_site()
        cls.en = Locale.objects.get(language_code="en")
        cls.author = make_author(bio="Sabine schreibt über Kunden.")
        cls.category = make_category()
        cls.tag = Tag.objects.create(name="Kunden", slug="kunden")
        cls.article = make_article(
            cls.blog_index,
            title="Muss man seine Kunden lieben?",
            slug="muss-man-seine-kunden-lieben",
            intro="Über Wertschätzung und Kommunikation.",
            date=datetime.date(2026, 11, 27),
            author=cls.author,
            categories=[cls.category],
            tags=[cls.tag],
            body=FULL_BODY,
        )
        translate(cls.author, cls.en, {"bio": "Sabine writes about clients."})
        translate(cls.category, cls.en, {"name": "Client relations", "slug": "client-relations"})
        cls.en_article = translate(
            cls.article,
            cls.en,
            {
                "title": "Do you have to love your clients?",
                "slug": "do-you-have-to-love-your-clients",
                "intro": "On appreciation and communication.",
                "body": ENGLISH_BODY,
            },
        )
        cls.untranslated = make_article(
            cls.blog_index,
            title="Nur auf Deutsch",
            slug="nur-auf-deutsch",
            author=cls.author,
            categories=[cls.category],
        )


class TranslatorSegmentsTests(SiteMixin, TestCase):
    def test_title_slug_intro_and_every_body_text_are_segments(self):
        texts = set(segment_texts(self.article).values())
        expected = {
            "Muss man seine Kunden lieben?",
            "muss-man-seine-kunden-lieben",
            "Über Wertschätzung und Kommunikation.",
            "Kommunikation ist keine Einbahnstraße",
            "Gerade bei <b>Bürodienstleistungen</b> ist das Verhältnis persönlich.",
            "Man kann nicht nicht kommunizieren.",
            "Paul Watzlawick",
            "Fazit",
            "Wertschätzung ist wichtig.",
            "Preise im Überblick",
            "Leistung",
            "Preis",
            "Telefonservice",
            "2 € pro Anruf",
            "Schreibservice",
        }
        assert expected <= texts, expected - texts

    def test_seo_title_and_description_are_segments_once_filled_in(self):
        self.article.seo_title = "Kunden lieben? Ein Erfahrungsbericht"
        self.article.search_description = "Warum Wertschätzung zählt."
        self.article.save_revision().publish()
        texts = set(segment_texts(ArticlePage.objects.get(pk=self.article.pk)).values())
        assert {"Kunden lieben? Ein Erfahrungsbericht", "Warum Wertschätzung zählt."} <= texts

    def test_table_cells_and_caption_are_segments_with_a_label_translators_understand(self):
        paths = [path for path in segment_texts(self.article) if ".data." in path or "table_caption" in path]
        assert len(paths) == 6  # caption and five non-empty cells; the empty cell is no work for anyone
        source = TranslationSource.objects.get_for_instance(self.article)
        context = StringSegment.objects.filter(source=source, context__path=paths[0]).get().context
        assert context.get_field_path(self.article) == "body.table"

    def test_dates_images_author_categories_and_tags_are_synchronised_not_segments(self):
        source, _created = TranslationSource.get_or_create_from_instance(self.article)
        paths = {
            segment.context.path
            for model in (StringSegment, OverridableSegment, RelatedObjectSegment)
            for segment in model.objects.filter(source=source).select_related("context")
        }
        top_level = {path.split(".")[0] for path in paths}
        assert top_level.isdisjoint({"date", "header_image", "author", "categories", "tags", "show_in_menus"})
        synchronised = {
            field.field_name
            for field in get_translatable_fields(ArticlePage)
            if isinstance(field, SynchronizedField) and field.is_synchronized(self.article)
        }
        assert {"date", "header_image", "author", "categories", "tags"} <= synchronised

    def test_every_field_of_translatable_models_is_declared(self):
        """A new field (say, a comments switch) must be declared translated or synchronised, or it is never copied."""
        ignored = {
            "id",
            "page_ptr",
            "translation_key",
            "locale",
            "path",
            "depth",
            "numchild",
            "url_path",
            "draft_title",
            "live",
            "has_unpublished_changes",
            "first_published_at",
            "last_published_at",
            "latest_revision_created_at",
            "live_revision",
            "latest_revision",
            "go_live_at",
            "expire_at",
            "expired",
            "locked",
            "locked_at",
            "locked_by",
            "owner",
            "content_type",
            "alias_of",
        }
        for model in (ArticlePage, BlogIndexPage, HomePage, StandardPage, Author, Category, Tag):
            declared = {field.field_name for field in model.translatable_fields}
            concrete = {
                field.name
                for field in model._meta.get_fields()
                if (field.concrete or field.many_to_many) and not field.auto_created and field.name not in ignored
            }
            if issubclass(model, ClusterableModel):
                # Inline panels (e.g. pinned related articles) too; Wagtail's own editor comments never travel.
                concrete |= {
                    relation.name
                    for relation in get_all_child_relations(model)
                    if relation.name != COMMENTS_RELATION_NAME
                }
            assert concrete <= declared, (
                f"{model.__name__}: declare {sorted(concrete - declared)} in translatable_fields"
            )
            assert all(isinstance(field, TranslatableField | SynchronizedField) for field in model.translatable_fields)

    def test_category_tag_and_author_translations_have_segments(self):
        category_texts = set(segment_texts(self.category).values())
        assert {"Kundenbeziehung", "kundenbeziehung"} <= category_texts
        assert set(segment_texts(self.tag).values()) == {"Kunden", "kunden"}
        assert set(segment_texts(self.author).values()) == {"Sabine schreibt über Kunden."}


class TranslatedContentTests(SiteMixin, TestCase):
    def test_slug_is_translated(self):
        assert self.en_article.slug == "do-you-have-to-love-your-clients"
        assert self.en_article.url == "/en/articles/do-you-have-to-love-your-clients/"

    def test_table_is_translated_cell_by_cell(self):
        response = self.client.get(self.en_article.url)
        html = response.content.decode()
        for text in ("Prices at a glance", "Telephone service", "€2 per call", "Typing service"):
            assert text in html
        assert "Telefonservice" not in html

    def test_english_article_shows_english_author_bio_categories_and_tags(self):
        en_article = ArticlePage.objects.get(pk=self.en_article.pk)
        assert en_article.author.bio == "Sabine writes about clients."
        assert [category.name for category in en_article.categories.all()] == ["Client relations"]
        # The tag has no English translation yet: the German one stays rather than vanishing.
        assert list(en_article.tags.all()) == [self.tag]
        html = self.client.get(en_article.url).content.decode()
        assert "Client relations" in html
        assert "Kundenbeziehung" not in html

    def test_german_article_keeps_german_relations(self):
        article = ArticlePage.objects.get(pk=self.article.pk)
        assert article.author == self.author
        assert list(article.categories.all()) == [self.category]

    def test_a_tag_translated_later_replaces_the_german_one_on_english_articles(self):
        english_tag = translate(self.tag, self.en, {"name": "Clients", "slug": "clients"})
        en_article = ArticlePage.objects.get(pk=self.en_article.pk)
        assert list(en_article.tags.all()) == [english_tag]
        assert list(ArticlePage.objects.get(pk=self.article.pk).tags.all()) == [self.tag]

    def test_editor_is_offered_only_categories_of_the_article_language(self):
        form_class = ArticlePage.get_edit_handler().get_form_class()
        form = form_class(instance=self.article, for_user=None, parent_page=self.blog_index)
        assert list(form.fields["categories"].queryset) == [self.category]

    def test_sync_after_a_german_change_shows_the_changed_segment_to_translate(self):
        translation = Translation.objects.get(source__object_id=self.article.translation_key, target_locale=self.en)
        total, done = translation.get_progress()
        assert done == total
        self.article.intro = "Über Wertschätzung, Kommunikation und gute Zusammenarbeit."
        self.article.save_revision().publish()
        translation.source.update_from_db()
        total, done = translation.get_progress()
        assert done == total - 1
        string_translations = StringTranslation.objects.filter(
            translation_of__data="Über Wertschätzung, Kommunikation und gute Zusammenarbeit.", locale=self.en
        )
        assert not string_translations.exists()


class ReaderLanguageTests(SiteMixin, QueryCountAssertions, TestCase):
    def switcher(self, html):
        nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
        return {
            code: (href, bool(current))
            for href, code, current in re.findall(
                r'<a href="([^"]+)" lang="(\w+)" hreflang="\w+"( aria-current="true")?>', nav
            )
        }

    def test_translated_article_has_hreflang_for_each_language_and_german_x_default(self):
        for url in (self.article.url, self.en_article.url):
            html = self.client.get(url).content.decode()
            assert hreflang_alternates(html) == {
                "de": "http://localhost/artikel/muss-man-seine-kunden-lieben/",
                "en": "http://localhost/en/articles/do-you-have-to-love-your-clients/",
                "x-default": "http://localhost/artikel/muss-man-seine-kunden-lieben/",
            }

    def test_untranslated_article_names_only_itself(self):
        html = self.client.get(self.untranslated.url).content.decode()
        assert hreflang_alternates(html) == {
            "de": "http://localhost/artikel/nur-auf-deutsch/",
            "x-default": "http://localhost/artikel/nur-auf-deutsch/",
        }

    def test_switcher_goes_to_the_translation_and_marks_the_current_language(self):
        html = self.client.get(self.article.url).content.decode()
        assert self.switcher(html) == {
            "de": ("/artikel/muss-man-seine-kunden-lieben/", True),
            "en": ("/en/articles/do-you-have-to-love-your-clients/", False),
        }
        html = self.client.get(self.en_article.url).content.decode()
        assert self.switcher(html) == {
            "de": ("/artikel/muss-man-seine-kunden-lieben/", False),
            "en": ("/en/articles/do-you-have-to-love-your-clients/", True),
        }

    def test_switcher_falls_back_to_the_other_home_page(self):
        html = self.client.get(self.untranslated.url).content.decode()
        assert self.switcher(html)["en"] == ("/en/", False)

    def test_switcher_on_search_keeps_the_query(self):
        html = self.client.get("/suche/?q=Kunden").content.decode()
        assert self.switcher(html) == {"de": ("/", True), "en": ("/en/search/?q=Kunden", False)}

    def test_switcher_costs_the_same_queries_with_or_without_a_translation(self):
        translated = self.steady_queries(self.article.url)
        queries = self.steady_queries(self.untranslated.url)
        assert len(translated) == len(queries)
        # The switcher's one query; the note on comments in other languages has its own (it counts comments), and the
        # routing's site query reads the active locale with the site's root page.
        language_queries = [
            query
            for query in queries
            if "translation_key" in query["sql"]
            and "blog_readercomment" not in query["sql"]
            and "wagtailcore_site" not in query["sql"]
        ]
        assert len([q for q in language_queries if "wagtailcore_locale" in q["sql"]]) == 1

    def test_english_pages_carry_the_english_site_name(self):
        """The site's name is the translated home page's title on /en/; German pages keep the site's name."""
        html = self.client.get(self.en_article.url).content.decode()
        assert "– The office services blog</title>" in html
        assert '<meta property="og:site_name" content="The office services blog">' in html
        assert "Das Blog rund ums Büro" not in html
        german = self.client.get(self.article.url).content.decode()
        assert "– Das Blog rund ums Büro</title>" in german
        assert "The office services blog" not in german

    def test_english_pages_speak_english(self):
        html = self.client.get(self.en_article.url).content.decode()
        assert '<html lang="en">' in html
        assert "27 November 2026" in html
        assert "Reading time: 1 minute" in html
        assert ">Articles</a>" in html
        assert ">Search</a>" in html
        assert "Skip to content" in html
        for german in ("Lesezeit", "27. November", "Zum Inhalt", ">Suche</a>", "Kategorien"):
            assert german not in html

    def test_german_pages_speak_german(self):
        html = self.client.get(self.article.url).content.decode()
        assert '<html lang="de">' in html
        assert "27. November 2026" in html
        assert "Lesezeit: 1 Minute" in html

    def test_english_listing_and_search_show_only_english_articles(self):
        html = self.client.get(english_translation(self.blog_index).url).content.decode()
        assert "Do you have to love your clients?" in html
        assert "Nur auf Deutsch" not in html
        assert "Muss man seine Kunden lieben?" not in html
        html = unescape(self.client.get("/en/search/?q=clients").content.decode())
        assert "Do you have to love your clients?" in html
        html = unescape(self.client.get("/suche/?q=Kunden").content.decode())
        assert "Muss man seine Kunden lieben?" in html
        assert "Do you have to love your clients?" not in html

    def test_english_404_is_english(self):
        response = self.client.get("/en/gibt-es-nicht/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


class CommentsAcrossLanguagesTests(SiteMixin, TestCase):
    """Comments stay on their page; the other language's readers are told where they are."""

    def comment(self, article, number, status=ReaderComment.Status.APPROVED):
        for _ in range(number):
            make_comment(article, status=status)

    def test_english_article_points_to_the_comments_on_the_german_original_and_back(self):
        self.comment(self.article, 2)
        self.comment(self.en_article, 1)
        self.comment(self.article, 3, status=ReaderComment.Status.PENDING)
        html = self.client.get(self.en_article.url).content.decode()
        assert "There are 2 comments on this article in German." in html
        assert 'href="/artikel/muss-man-seine-kunden-lieben/#comments"' in html
        html = self.client.get(self.article.url).content.decode()
        assert "Zu diesem Artikel gibt es auf Englisch 1 Kommentar." in html
        assert 'href="/en/articles/do-you-have-to-love-your-clients/#comments"' in html

    def test_no_note_without_comments_elsewhere(self):
        self.comment(self.article, 3)
        html = self.client.get(self.article.url).content.decode()
        assert self.article.other_language_comment_counts() == []
        assert len(self.en_article.other_language_comment_counts()) == 1
        assert "translation-comments-note" not in html


class TranslatorMixin(SiteMixin):
    """The bilingual site and a member of the translators' group."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.translator = get_user_model().objects.create_user("uebersetzerin", password="x")
        cls.translator.groups.add(Group.objects.get(name=GROUP_NAME))


class TranslatorsGroupTests(TranslatorMixin, TestCase):
    def test_group_is_made_by_a_migration(self):
        group = Group.objects.get(name="Übersetzer")
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"access_admin", "submit_translation", "change_category", "change_author", "change_tag"} <= codenames

    def test_translator_cannot_publish_german_pages_but_publishes_english_ones(self):
        german = self.article.permissions_for_user(self.translator)
        assert german.can_edit()
        assert not german.can_publish()
        assert not german.can_unpublish()
        assert not german.can_delete()
        assert not german.can_lock()
        english_perms = ArticlePage.objects.get(pk=self.en_article.pk).permissions_for_user(self.translator)
        assert english_perms.can_edit()
        assert english_perms.can_publish()
        assert not self.home.permissions_for_user(self.translator).can_publish()

    def test_translator_may_choose_and_upload_images_for_english_pages(self):
        from wagtail.images import get_image_model
        from wagtail.permissions import policy_registry

        permission_policy = policy_registry.get_by_type(get_image_model())

        assert permission_policy.user_has_permission(self.translator, "choose")
        assert permission_policy.user_has_permission(self.translator, "add")
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        editors_image = Image.objects.create(title="Schreibtisch", file=get_test_image_file())
        assert not permission_policy.user_has_permission_for_instance(self.translator, "delete", editors_image)

    def test_translator_may_not_moderate_comments(self):
        comment_permissions = Permission.objects.filter(
            content_type__app_label="blog", content_type__model__icontains="comment"
        )
        group = Group.objects.get(name=GROUP_NAME)
        assert not group.permissions.filter(pk__in=comment_permissions).exists()
        assert not group.permissions.filter(codename__startswith="publish_").exists()
        assert not group.permissions.filter(codename__startswith="delete_").exists()

    def test_a_new_language_home_page_gets_the_translators_permissions(self):
        fr = Locale.objects.create(language_code="fr")
        with override_settings(LANGUAGES=[*settings.LANGUAGES, ("fr", "Français")]):
            fr_home = self.home.copy_for_translation(fr)
        assert fr_home.permissions_for_user(self.translator).can_publish()

    @override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None)
    def test_translator_opens_the_translation_editor_with_all_segments(self):
        self.client.force_login(self.translator)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.en_article.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        props = json.loads(unescape(html.split('data-props="', 1)[1].split('"', 1)[0]))
        sources = {segment.get("source") for segment in props["segments"] if segment["type"] == "string"}
        assert {"Muss man seine Kunden lieben?", "Fazit", "Preise im Überblick", "2 € pro Anruf"} <= sources
        assert props["machineTranslator"] is None
        assert props["perms"]["canPublish"] is True

    def test_a_page_submitted_for_translation_stays_a_draft_until_the_translator_publishes(self):
        self.client.force_login(self.translator)
        response = self.client.post(
            reverse("wagtail_localize:submit_page_translation", args=[self.untranslated.pk]), {"locales": [self.en.pk]}
        )
        assert response.status_code == 302
        english_page = self.untranslated.get_translation(self.en)
        assert not english_page.live
        assert "Nur auf Deutsch" not in self.client.get(english_translation(self.blog_index).url).content.decode()

    def test_translator_translates_a_category_in_the_localize_editor(self):
        self.client.force_login(self.translator)
        other = make_category(name="Büroalltag", slug="bueroalltag")
        response = self.client.post(
            reverse("wagtail_localize:submit_snippet_translation", args=["blog", "category", other.pk]),
            {"locales": [self.en.pk]},
        )
        assert response.status_code == 302
        english_category = other.get_translation(self.en)
        response = self.client.get(response.url)
        assert response.status_code == 200
        assert "js-translation-editor" in response.content.decode()
        assert english_category.locale == self.en

    def test_translator_edits_english_snippets_but_not_the_german_originals(self):
        self.client.force_login(self.translator)
        english_category = self.category.get_translation(self.en)
        edit = "wagtailsnippets_blog_category:edit"
        assert self.client.get(reverse(edit, args=[english_category.pk])).status_code == 200
        response = self.client.get(reverse(edit, args=[self.category.pk]))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")

    def test_editors_still_edit_german_snippets(self):
        from django.contrib.auth import get_user_model

        editor = get_user_model().objects.create_user("redakteurin", password="x")
        editor.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name=GROUP_NAME))
        Group.objects.get(name="Editors").permissions.add(
            Permission.objects.get(codename="change_category"), Permission.objects.get(codename="access_admin")
        )
        self.client.force_login(editor)
        response = self.client.get(reverse("wagtailsnippets_blog_category:edit", args=[self.category.pk]))
        assert response.status_code == 200

    def test_translator_syncs_after_a_german_change(self):
        self.article.intro = "Ein neuer Teaser."
        self.article.save_revision().publish()
        self.client.force_login(self.translator)
        source = TranslationSource.objects.get_for_instance(self.article)
        response = self.client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
        assert response.status_code == 302
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.en_article.pk]))
        props = json.loads(unescape(response.content.decode().split('data-props="', 1)[1].split('"', 1)[0]))
        intro = [segment for segment in props["segments"] if segment.get("source") == "Ein neuer Teaser."]
        assert len(intro) == 1
        translated_ids = {item["segment_id"] for item in props["initialStringTranslations"]}
        assert intro[0]["id"] not in translated_ids

    def test_machine_translation_button_appears_when_a_translator_backend_is_set(self):
        self.client.force_login(self.translator)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.en_article.pk]))
        props = json.loads(unescape(response.content.decode().split('data-props="', 1)[1].split('"', 1)[0]))
        # The admin speaks German to the translator.
        assert props["machineTranslator"]["name"] == "Dummyübersetzer"


class MachineTranslationSettingTests(TestCase):
    base = Path(settings.BASE_DIR) / "site_project" / "settings" / "base.py"

    def load_base_settings(self, **environ):
        saved = dict(os.environ)
        try:
            os.environ.pop("DEEPL_API_KEY", None)
            os.environ.update(environ)
            return runpy.run_path(str(self.base))
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def test_deepl_only_when_a_key_is_set(self):
        assert "WAGTAILLOCALIZE_MACHINE_TRANSLATOR" not in self.load_base_settings()
        configured = self.load_base_settings(DEEPL_API_KEY="abc:fx")["WAGTAILLOCALIZE_MACHINE_TRANSLATOR"]
        assert configured["CLASS"] == "wagtail_localize.machine_translators.deepl.DeepLTranslator"
        assert configured["OPTIONS"]["AUTH_KEY"] == "abc:fx"

    def test_tests_use_the_dummy_translator_never_deepl(self):
        assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["CLASS"].endswith(".dummy.DummyTranslator")
