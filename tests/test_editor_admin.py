"""What editors meet in the admin: German slugs, their rights, German workflow names."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog.models import ArticlePage, Category

from .builders import build_site, make_article


def article_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Ein Teaser.",
            "date": "2026-11-27",
            "body": streamfield([]),
            "pinned_related": inline_formset([]),
            "excluded_related": inline_formset([]),
        }
    )


class GermanSlugTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()

    def setUp(self):
        self.login()

    def test_an_article_saved_without_a_slug_gets_a_german_transliterated_one_from_its_title(self):
        article = self.blog_index.add_child(instance=ArticlePage(title="Fünf Regeln für große Büros", intro="Teaser"))
        self.assertEqual(article.slug, "fuenf-regeln-fuer-grosse-bueros")

    def test_umlauts_typed_into_the_slug_field_are_stored_transliterated(self):
        self.assertCanCreate(self.blog_index, ArticlePage, article_form("Ärger", "Ärger mit Öl & Süßem"))
        self.assertEqual(ArticlePage.objects.get().slug, "aerger-mit-oel-suessem")

    def test_a_category_slug_is_transliterated_too(self):
        from wagtail.models import Locale

        response = self.client.post(
            "/admin/snippets/blog/category/add/",
            {"name": "Bürokommunikation", "slug": "Bürokommunikation", "description": "", "locale": "de"},
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", {}) and response.context.get("form"))
        category = Category.objects.get(name="Bürokommunikation")
        self.assertEqual(category.slug, "buerokommunikation")
        self.assertEqual(category.locale, Locale.objects.get(language_code="de"))


class NewArticlePreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()

    def setUp(self):
        self.login()

    def test_the_preview_of_an_article_not_saved_yet_shows_the_article(self):
        """It used to fail with a server error: the comment form needs the article's id."""
        url = f"/admin/pages/add/blog/articlepage/{self.blog_index.pk}/preview/"
        data = article_form("Ein neuer Artikel", "ein-neuer-artikel")
        data["comments_enabled"] = "on"
        response = self.client.post(url, data)
        self.assertEqual(response.json()["is_valid"], True)
        response = self.client.get(url)
        self.assertContains(response, "Ein neuer Artikel")


class EditorRightsTests(WagtailPageTestCase):
    """Wagtail's Editors group looks after what WordPress's Editor role does: tags, categories, authors, redirects
    and promoted search results (blog migration 0006)."""

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        cls.home, cls.blog_index = build_site()
        cls.editor = get_user_model().objects.create_user("redakteurin", password="ein-langes-Passwort-2026")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_adds_a_tag_a_category_and_an_author(self):
        from blog.models import Author, Tag

        for path, data in (
            ("tag", {"name": "Büroorganisation", "slug": "bueroorganisation"}),
            ("category", {"name": "Organisation", "slug": "organisation", "description": ""}),
            ("author", {"name": "Jana Schulz", "slug": "jana-schulz", "bio": ""}),
        ):
            with self.subTest(path):
                response = self.client.post(f"/admin/snippets/blog/{path}/add/", {**data, "locale": "de"})
                self.assertEqual(response.status_code, 302)
        self.assertTrue(Tag.objects.filter(slug="bueroorganisation").exists())
        self.assertTrue(Category.objects.filter(slug="organisation").exists())
        self.assertTrue(Author.objects.filter(name="Jana Schulz").exists())

    def test_an_editor_adds_a_redirect_and_opens_the_promoted_search_results(self):
        from wagtail.contrib.redirects.models import Redirect

        response = self.client.post(
            "/admin/redirects/add/",
            {
                "old_path": "/alter-artikel/",
                "site": "",
                "is_permanent": "on",
                "redirect_link": "https://example.org/artikel/",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Redirect.objects.filter(old_path="/alter-artikel").exists())
        self.assertEqual(self.client.get("/admin/searchpicks/").status_code, 200)
        self.assertEqual(self.client.get("/admin/searchpicks/add/").status_code, 200)

    def test_the_submit_button_names_the_german_workflow(self):
        article = make_article(self.blog_index, title="Ein Artikel")
        response = self.client.get(f"/admin/pages/{article.pk}/edit/")
        self.assertContains(response, "Zur Freigabe einreichen")
        self.assertNotContains(response, "Moderators approval")


class ContentCheckerTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index, title="Ein Artikel")

    def test_the_accessibility_checker_leaves_the_site_title_footer_and_readers_comments_alone(self):
        import json
        import re

        self.login()
        html = self.client.get(self.article.url).content.decode()
        config = re.search(r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', html)
        self.assertIsNotNone(config, "the userbar's content checker is on the page")
        context = json.loads(config.group(1))["context"]
        self.assertEqual(context["include"], ["body"])
        for selector in (".site-header", ".site-footer", "#comments"):
            self.assertIn(selector, context["exclude"])
