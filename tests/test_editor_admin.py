"""What editors meet in the admin: German slugs, their rights, German workflow names."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog.models import ArticlePage, Category

from .utils import build_site


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
