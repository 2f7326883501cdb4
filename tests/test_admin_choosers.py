"""Categories and tags in the article editor: a search-as-you-type field that can make a new one on the spot, and the
admin's snippet search on every database (it answered 503 on SQLite)."""

import json
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog import choosers
from blog.models import ArticlePage, Category, Tag

from .builders import build_site, make_article, make_category


def article_form(tags="", categories=""):
    return nested_form_data(
        {
            "title": "Erreichbar bleiben",
            "slug": "erreichbar-bleiben",
            "intro": "Wie ein Telefonservice hilft.",
            "date": "2026-11-27",
            "body": streamfield([]),
            "pinned_related": inline_formset([]),
            "excluded_related": inline_formset([]),
            "tags": tags,
            "categories": categories,
        }
    )


class ChooserTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.de = Locale.objects.get(language_code="de")
        cls.en = Locale.objects.get(language_code="en")
        cls.phone = Tag.objects.create(name="Telefonservice", slug="telefonservice", locale=cls.de)
        cls.english_phone = Tag.objects.create(name="Telefon (englisch)", slug="telefon-en", locale=cls.en)
        cls.clients = make_category()
        cls.editor = get_user_model().objects.create_user("redakteurin", password="ein-langes-Passwort-2026")
        cls.editor.groups.add(Group.objects.get(name="Editors"))


class AutocompleteTests(ChooserTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_typing_part_of_a_name_suggests_the_tags_of_the_article_language(self):
        response = self.client.get(f"/admin/blog-autocomplete/tag/?term=telefon&locale={self.de.pk}")
        self.assertEqual(response.json(), ["Telefonservice"])
        response = self.client.get(f"/admin/blog-autocomplete/tag/?term=service&locale={self.de.pk}")
        self.assertEqual(response.json(), ["Telefonservice"])

    def test_categories_are_suggested_too_and_other_models_are_not_served(self):
        response = self.client.get(f"/admin/blog-autocomplete/category/?term=Kunden&locale={self.de.pk}")
        self.assertEqual(response.json(), ["Kundenbeziehung"])
        self.assertEqual(self.client.get("/admin/blog-autocomplete/author/?term=a").status_code, 404)
        self.assertEqual(self.client.get("/admin/blog-autocomplete/tag/?term=").json(), [])

    def test_only_admin_users_get_suggestions(self):
        self.client.logout()
        response = self.client.get("/admin/blog-autocomplete/tag/?term=telefon")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


class ArticleEditorTests(ChooserTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_editor_shows_the_tag_field_with_suggestions_for_the_article_language(self):
        article = make_article(self.blog_index, title="Mit Schlagwort", tags=[self.phone], categories=[self.clients])
        response = self.client.get(f"/admin/pages/{article.pk}/edit/")
        self.assertContains(response, 'data-controller="w-tag"', count=2)
        self.assertContains(response, f"/admin/blog-autocomplete/tag/?locale={self.de.pk}")
        self.assertContains(response, f"/admin/blog-autocomplete/category/?locale={self.de.pk}")
        self.assertContains(response, 'value="Telefonservice"')
        self.assertContains(response, 'value="Kundenbeziehung"')
        self.assertNotContains(response, '<select name="tags"')

    def test_an_editor_picks_an_existing_tag_and_makes_a_new_tag_and_category_while_writing(self):
        data = article_form(
            tags='telefonservice, "Erreichbarkeit am Telefon"', categories="Kundenbeziehung, Büroalltag"
        )
        self.assertCanCreate(self.blog_index, ArticlePage, data, publish=False)
        article = ArticlePage.objects.get(slug="erreichbar-bleiben")
        new_tag = Tag.objects.get(name="Erreichbarkeit am Telefon")
        self.assertEqual((new_tag.slug, new_tag.locale), ("erreichbarkeit-am-telefon", self.de))
        self.assertEqual(set(article.tags.all()), {self.phone, new_tag})
        new_category = Category.objects.get(name="Büroalltag")
        self.assertEqual((new_category.slug, new_category.locale), ("bueroalltag", self.de))
        self.assertEqual(set(article.categories.all()), {self.clients, new_category})
        self.assertEqual(Tag.objects.filter(name__iexact="telefonservice").count(), 1, "the existing tag is reused")

    def test_a_new_tag_whose_slug_is_taken_gets_a_numbered_slug(self):
        Tag.objects.create(name="Büro alt", slug="buero", locale=self.de)
        self.assertCanCreate(self.blog_index, ArticlePage, article_form(tags="Büro"), publish=False)
        self.assertEqual(Tag.objects.get(name="Büro").slug, "buero-2")

    def test_a_new_tag_another_save_made_meanwhile_is_reused_not_a_server_error(self):
        # Wagtail's autosave and the publish button can both bring the new name: the second save finds the tag made
        # by the first after its own form was checked.
        form_class = ArticlePage.get_edit_handler().get_form_class()
        data = article_form(tags='"Erreichbarkeit am Telefon"')
        form = form_class(data, instance=ArticlePage(), for_user=self.editor, parent_page=self.blog_index)
        self.assertTrue(form.is_valid(), form.errors)
        autosaved = Tag.objects.create(
            name="Erreichbarkeit am Telefon", slug="erreichbarkeit-am-telefon", locale=self.de
        )
        article = form.save(commit=False)
        self.blog_index.add_child(instance=article)
        form.save_m2m()
        self.assertEqual(list(article.tags.all()), [autosaved])
        self.assertEqual(Tag.objects.filter(name="Erreichbarkeit am Telefon").count(), 1)

    def test_a_new_tag_that_loses_the_race_for_its_slug_takes_the_winners_tag(self):
        # Two requests insert the same new name at once: the database refuses the second slug; that request then
        # takes the tag the first one saved.
        form_class = ArticlePage.get_edit_handler().get_form_class()
        form = form_class(
            article_form(tags='"Erreichbarkeit am Telefon"'),
            instance=ArticlePage(),
            for_user=self.editor,
            parent_page=self.blog_index,
        )
        self.assertTrue(form.is_valid(), form.errors)
        real_first = Tag.objects.filter
        calls = []

        def lookup_before_the_rival_commits(*args, **kwargs):
            calls.append(kwargs)
            if len(calls) == 1:  # the name lookup: the rival's row is not visible yet
                return Tag.objects.none()
            return real_first(*args, **kwargs)

        rival = Tag.objects.create(name="Erreichbarkeit am Telefon", slug="erreichbarkeit-am-telefon", locale=self.de)
        with (
            mock.patch.object(Tag.objects, "filter", side_effect=lookup_before_the_rival_commits),
            mock.patch.object(choosers, "taken_slugs", return_value=set()),
        ):
            article = form.save(commit=False)
        self.blog_index.add_child(instance=article)
        form.save_m2m()
        self.assertEqual(list(article.tags.all()), [rival])
        self.assertEqual(Tag.objects.filter(slug__startswith="erreichbarkeit").count(), 1)

    def test_a_user_without_the_right_to_add_tags_may_only_pick_existing_ones(self):
        author = get_user_model().objects.create_user("gast", password="ein-langes-Passwort-2026")
        form_class = ArticlePage.get_edit_handler().get_form_class()
        form = form_class(instance=ArticlePage(), for_user=author, parent_page=self.blog_index)
        field = form.fields["tags"]
        options = json.loads(field.widget.get_context("tags", "", {})["widget"]["attrs"]["data-w-tag-options-value"])
        self.assertTrue(options["autocompleteOnly"])
        self.assertEqual(field.clean("Telefonservice"), [self.phone])
        with translation.override("de"), self.assertRaises(ValidationError) as raised:
            field.clean("Gibt es nicht")
        self.assertEqual(
            raised.exception.messages,
            [
                "„Gibt es nicht“ gibt es noch nicht, und Sie dürfen hier keine neuen Einträge anlegen. "
                "Bitte wählen Sie einen Vorschlag."
            ],
        )
        self.assertFalse(Tag.objects.filter(name="Gibt es nicht").exists())

    def test_the_german_editor_never_offers_an_english_tag(self):
        self.assertCanCreate(self.blog_index, ArticlePage, article_form(tags="Telefon (englisch)"), publish=False)
        tag = ArticlePage.objects.get(slug="erreichbar-bleiben").tags.get()
        self.assertEqual(tag.locale, self.de, "a German tag of that name is made instead")


class SnippetSearchTests(ChooserTestCase):
    """The admin's search in the tag, category and author lists (and in their choosers) finds by part of the name."""

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_snippet_listings_search_by_part_of_the_name(self):
        from .builders import make_author

        make_author()
        for url, expected in (
            ("/admin/snippets/blog/tag/?q=Telefon", "Telefonservice"),
            ("/admin/snippets/blog/tag/results/?q=Telefon", "Telefonservice"),
            ("/admin/snippets/blog/category/?q=Kunden", "Kundenbeziehung"),
            ("/admin/snippets/blog/author/?q=Sabine", "Sabine Krüger"),
            ("/admin/snippets/choose/blog/tag/results/?q=Telefon", "Telefonservice"),
            ("/admin/snippets/choose/blog/category/results/?q=Kunden", "Kundenbeziehung"),
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, expected)

    def test_a_search_that_matches_nothing_says_so(self):
        response = self.client.get("/admin/snippets/blog/tag/?q=Zahnarzt")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Telefonservice")
