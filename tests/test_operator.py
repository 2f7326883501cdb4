"""What the operator meets: setup_site on a fresh database, the Site's address, checks under production settings,
overdue scheduled articles in /healthz and on the dashboard, the second `make run`."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.models import Page, Site

from blog.models import ArticlePage, Author, BlogIndexPage, Category, Tag
from home.models import HomePage, LegalPages, StandardPage

from .builders import build_site, make_article


def setup_site(*args):
    out = StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


class SetupSiteTests(TestCase):
    def test_a_fresh_database_gets_the_real_page_tree_in_both_languages_without_the_demo(self):
        setup_site("--hostname", "blog.example.de", "--https")
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("blog.example.de", 443))
        self.assertEqual(site.root_page.specific_class, HomePage)
        self.assertEqual(sorted(HomePage.objects.values_list("locale__language_code", flat=True)), ["de", "en"])
        self.assertEqual(BlogIndexPage.objects.count(), 2)
        self.assertEqual(StandardPage.objects.count(), 4)
        legal = LegalPages.for_site(site)
        self.assertEqual({legal.imprint_page.slug, legal.privacy_page.slug}, {"impressum", "datenschutz"})
        # Nothing of the demo, and no Wagtail welcome page.
        self.assertEqual(
            [ArticlePage.objects.count(), Author.objects.count(), Category.objects.count(), Tag.objects.count()],
            [0, 0, 0, 0],
        )
        self.assertFalse(Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists())

    def test_readers_get_the_home_page_and_absolute_links_carry_the_sites_address(self):
        setup_site("--hostname", "blog.example.de", "--https")
        response = self.client.get("/", HTTP_HOST="blog.example.de", secure=True)
        self.assertContains(response, "Das Blog rund ums Büro")
        self.assertNotContains(response, "Welcome to your new Wagtail site")
        self.assertContains(response, 'href="https://blog.example.de/"')
        response = self.client.get("/en/", HTTP_HOST="blog.example.de", secure=True)
        self.assertContains(response, "The office services blog")

    def test_running_it_again_changes_nothing_and_a_new_address_only_the_site(self):
        setup_site("--hostname", "blog.example.de", "--https")
        pages = Page.objects.count()
        self.assertIn("nothing changed", setup_site("--hostname", "blog.example.de", "--https"))
        setup_site("--hostname", "127.0.0.1", "--port", "8000")
        self.assertEqual(Page.objects.count(), pages)
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8000))

    def test_after_the_demo_content_it_keeps_the_articles_and_sets_the_address(self):
        call_command("load_demo_content", stdout=StringIO())
        articles = ArticlePage.objects.count()
        setup_site("--hostname", "127.0.0.1", "--port", "8000")
        self.assertEqual(ArticlePage.objects.count(), articles)
        self.assertEqual(Site.objects.get(is_default_site=True).root_url, "http://127.0.0.1:8000")

    def test_a_bad_host_name_is_refused_with_a_clear_message(self):
        with self.assertRaisesMessage(CommandError, "is not a host name"):
            setup_site("--hostname", "blog example")
        self.assertFalse(HomePage.objects.exists())


class ScheduledPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()

    def schedule(self, minutes_ago):
        import datetime

        from django.utils import timezone

        article = make_article(self.blog_index, title=f"Geplant vor {minutes_ago} Minuten")
        article.unpublish()
        go_live = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        article.go_live_at = go_live
        article.save_revision(approved_go_live_at=go_live)
        return article

    def test_healthz_reports_an_article_whose_publishing_time_passed_15_minutes_ago_and_stays_up(self):
        self.schedule(minutes_ago=5)
        body = self.client.get("/healthz").json()
        self.assertNotIn("scheduled_publishing", body)
        self.schedule(minutes_ago=20)
        with self.assertLogs("site_project.health", "WARNING"):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "ok")
        self.assertEqual(response.json()["scheduled_publishing"], {"status": "overdue", "overdue": 1})

    def test_the_dashboard_names_the_overdue_article(self):
        from django.contrib.auth import get_user_model

        self.schedule(minutes_ago=20)
        self.client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x-y-z-123"))
        response = self.client.get("/admin/")
        self.assertContains(response, "1 geplante Seite ist nicht online gegangen")
        self.assertContains(response, "Geplant vor 20 Minuten")

    def test_the_loop_beside_make_runs_server_publishes_what_is_due_and_survives_a_failure(self):
        from unittest import mock

        article = self.schedule(minutes_ago=1)
        call_command("publish_scheduled_loop", "--iterations", "1", "--interval", "0", stdout=StringIO())
        article.refresh_from_db()
        self.assertTrue(article.live)
        failing = mock.patch(
            "site_project.management.commands.publish_scheduled_loop.call_command", side_effect=RuntimeError
        )
        with failing, self.assertLogs("site_project.management.commands.publish_scheduled_loop", "ERROR") as logs:
            call_command("publish_scheduled_loop", "--iterations", "2", "--interval", "0", stdout=StringIO())
        self.assertEqual(len(logs.records), 2)

    def test_the_second_make_run_says_how_to_reset_the_admin_password(self):
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_superuser("admin", "a@example.org", "x-y-z-123")
        out = StringIO()
        call_command("ensure_admin", stdout=out)
        self.assertIn("manage.py changepassword admin", out.getvalue())
        self.assertNotIn("as printed", out.getvalue())


class SiteAddressCheckTests(TestCase):
    """`manage.py check --deploy` under production settings fails until the Site has the readers' address."""

    def run_check(self):
        from django.core import checks

        return [message.id for message in checks.run_checks(include_deployment_checks=True) if message.id]

    def test_a_site_on_localhost_fails_the_deploy_check(self):
        setup_site("--hostname", "localhost")
        with self.settings(ALLOWED_HOSTS=["localhost"]):
            self.assertIn("site_project.E001", self.run_check())

    def test_a_site_whose_hostname_is_not_allowed_fails_and_an_allowed_one_passes(self):
        setup_site("--hostname", "blog.example.de", "--https")
        with self.settings(ALLOWED_HOSTS=["www.example.de"]):
            self.assertIn("site_project.E002", self.run_check())
        with self.settings(ALLOWED_HOSTS=[".example.de"]):
            ids = self.run_check()
        self.assertNotIn("site_project.E001", ids)
        self.assertNotIn("site_project.E002", ids)


class FaviconTests(TestCase):
    def test_favicon_ico_leads_to_the_sites_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/static/img/favicon.ico")
        from django.contrib.staticfiles import finders

        with open(finders.find("img/favicon.ico"), "rb") as icon:
            self.assertEqual(icon.read(4), b"\x00\x00\x01\x00")  # the ICO signature, which WhiteNoise serves
