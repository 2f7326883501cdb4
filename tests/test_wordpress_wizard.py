"""The WordPress import wizard in the admin: who may use it, upload and analysis, confirmation, the background
task (immediate and on the database worker), refusals, failures and the one-import-at-a-time rule."""

import datetime
import io
import logging
import shutil
import zipfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.html import escape

from wagtail.models import Page

from blog.models import ArticlePage, ReaderComment, WordPressImportRun, WordPressObject
from blog.wordpress import service
from blog.wordpress.admin_views import SizeLimitUploadHandler
from tests.builders import BUERO_EXPORT, build_site

SEED_TITLE = "Muss man seine Kunden lieben?"
Status = WordPressImportRun.Status
INDEX_URL = "/admin/wordpress-import/"
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;">\n]>\n'
    b"<rss><channel><title>&lol2;</title></channel></rss>\n"
)


def export_upload(content=None, name="buero-blog.wordpress.xml"):
    return SimpleUploadedFile(name, BUERO_EXPORT.read_bytes() if content is None else content, content_type="text/xml")


def private_files():
    root = Path(settings.WORDPRESS_IMPORT_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def run_database_worker():
    """What `manage.py db_worker --batch` does: work off every queued task, then return."""
    from django_tasks_db.management.commands import db_worker

    # The worker drops connections that are not in autocommit mode; in a TestCase that would be the test's own.
    with mock.patch.object(db_worker, "close_old_connections"):
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="background",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()


class WizardTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        users = get_user_model().objects
        cls.admin = users.create_superuser("chefin", "chefin@example.org", "pw")
        cls.editor = users.create_user("redakteur", "redakteur@example.org", "pw")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.importer = users.create_user("importeurin", "importeurin@example.org", "pw")
        cls.importer.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Moderators"))
        cls.importer.user_permissions.add(Permission.objects.get(codename="import_wordpress"))

    def setUp(self):
        shutil.rmtree(settings.WORDPRESS_IMPORT_ROOT, ignore_errors=True)
        self.addCleanup(shutil.rmtree, settings.WORDPRESS_IMPORT_ROOT, ignore_errors=True)

    def upload(self, user=None, **files):
        self.client.force_login(user or self.admin)
        files.setdefault("export", export_upload())
        return self.client.post(INDEX_URL, files, HTTP_ACCEPT_LANGUAGE="de")

    def analysed_run(self, user=None):
        response = self.upload(user)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        return WordPressImportRun.objects.get(pk=resolve(response.url).kwargs["pk"])


class PermissionTests(WizardTestCase):
    def test_no_group_holds_the_import_permission(self):
        permission = Permission.objects.get(content_type__app_label="blog", codename="import_wordpress")
        self.assertTrue(Group.objects.exists())
        self.assertFalse(Group.objects.filter(permissions=permission).exists())

    def test_an_editor_without_the_permission_is_refused_everywhere(self):
        run = WordPressImportRun.objects.create(export_file="x.xml", export_name="x.xml")
        self.client.force_login(self.editor)
        for method, url in [
            ("get", INDEX_URL),
            ("post", INDEX_URL),
            ("get", reverse("wordpress_import:run", args=[run.pk])),
            ("get", reverse("wordpress_import:status", args=[run.pk])),
            ("post", reverse("wordpress_import:confirm", args=[run.pk])),
            ("post", reverse("wordpress_import:cancel", args=[run.pk])),
        ]:
            with self.subTest(url=url, method=method):
                # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and a message.
                response = getattr(self.client, method)(url)
                self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        run.refresh_from_db()
        self.assertEqual(run.status, Status.ANALYSED)

    def test_the_settings_menu_shows_the_item_only_to_those_who_may_import(self):
        for user, shown in [(self.admin, True), (self.importer, True), (self.editor, False)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(INDEX_URL in response.content.decode(), shown)
                if shown:
                    self.assertContains(response, "Import aus WordPress")

    def test_a_user_holding_the_permission_opens_the_wizard_with_its_german_help(self):
        self.client.force_login(self.importer)
        response = self.client.get(INDEX_URL, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Import aus WordPress")
        self.assertContains(response, "Werkzeuge → Daten exportieren")
        self.assertContains(response, "Alte Adressen funktionieren weiter")
        self.assertContains(response, 'type="file"', count=2)


class AnalysisTests(WizardTestCase):
    def test_the_analysis_reports_in_german_and_writes_nothing(self):
        pages_before = Page.objects.count()
        run = self.analysed_run(self.importer)
        self.assertEqual(Page.objects.count(), pages_before)
        self.assertFalse(WordPressObject.objects.exists())
        self.assertFalse(ReaderComment.objects.exists())
        self.assertEqual(run.status, Status.ANALYSED)
        self.assertEqual(run.user, self.importer)
        self.assertEqual(run.analysis["counts"]["post"]["created"], 8)

        response = self.client.get(reverse("wordpress_import:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Analyse: was der Import tun würde")
        self.assertContains(response, "Wird angelegt")
        self.assertContains(response, '<th scope="row">Artikel</th>', html=False)
        self.assertContains(response, "Import starten")

    def test_uploads_are_kept_privately_outside_the_media_folder(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("2019/05/bild.txt", "kein Bild")
        run = self.analysed_run_with(uploads=SimpleUploadedFile("uploads.zip", buffer.getvalue()))
        paths = [Path(run.export_file.path), Path(run.uploads_file.path)]
        self.assertEqual(private_files(), sorted(paths))
        for path in paths:
            self.assertFalse(path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()))
            self.assertNotIn("buero-blog", path.name)
        with self.assertRaises(ValueError):
            run.export_file.url  # noqa: B018

    def analysed_run_with(self, **files):
        response = self.upload(**files)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        return WordPressImportRun.objects.get(pk=resolve(response.url).kwargs["pk"])

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(WordPressImportRun.objects.exists())
        self.assertEqual(private_files(), [])

    def test_an_export_the_service_refuses_shows_its_message_in_the_form_and_creates_no_run(self):
        probe = self.write_temp(ENTITY_BOMB)
        with translation.override("de"), self.assertRaises(service.ExportRefused) as refused:
            service.analyse(probe)
        probe.unlink()
        response = self.upload(export=export_upload(ENTITY_BOMB, "bombe.xml"))
        self.assert_refused(response, escape(str(refused.exception)))

    def write_temp(self, content):
        root = Path(settings.WORDPRESS_IMPORT_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        path = root / "probe.xml"
        path.write_bytes(content)
        self.addCleanup(path.unlink, missing_ok=True)
        return path

    def test_files_that_are_not_an_export_are_refused_before_the_analysis(self):
        cases = [
            ({"export": export_upload(b"<rss/>", "export.txt")}, "mit .xml endet"),
            ({"export": export_upload(b"PK\x03\x04 kein XML", "export.xml")}, "keine XML-Datei"),
            (
                {"export": export_upload(), "uploads": SimpleUploadedFile("uploads.zip", b"kein zip")},
                "Diese ZIP-Datei lässt sich nicht lesen",
            ),
            ({"export": export_upload(), "uploads": SimpleUploadedFile("uploads.tar", b"x")}, "mit .zip endet"),
        ]
        with mock.patch.object(service, "analyse", side_effect=AssertionError("analysed")):
            for files, message in cases:
                with self.subTest(message=message):
                    self.assert_refused(self.upload(**files), message)

    @override_settings(WORDPRESS_IMPORT_MAX_EXPORT_MB=0)
    def test_an_export_over_the_size_limit_is_refused(self):
        self.assert_refused(self.upload(), "größer als 0 MB")

    @override_settings(WORDPRESS_IMPORT_MAX_EXPORT_MB=1)
    def test_an_oversized_export_is_stopped_while_it_arrives_and_the_form_says_why(self):
        from django.core.files.uploadhandler import TemporaryFileUploadHandler

        big = b"<?xml version='1.0'?>\n<rss>" + b" " * (3 * 1024 * 1024) + b"</rss>\n"
        stored = []
        original = TemporaryFileUploadHandler.receive_data_chunk

        def counting(handler, raw_data, start):
            stored.append(len(raw_data))
            return original(handler, raw_data, start)

        with mock.patch.object(TemporaryFileUploadHandler, "receive_data_chunk", counting):
            response = self.upload(export=export_upload(big, "gross.xml"))
        self.assert_refused(response, "größer als 1 MB")
        self.assertNotContains(response, "zwingend erforderlich")
        # Django's handler wrote at most the limit to its temporary file, not the whole 3 MB.
        self.assertLessEqual(sum(stored), 1024 * 1024)

    def test_the_upload_handler_passes_data_on_until_the_limit_and_then_stops(self):
        handler = SizeLimitUploadHandler(None, {"export": 10})
        handler.new_file("export", "a.xml", "text/xml", None)
        self.assertEqual(handler.receive_data_chunk(b"12345", 0), b"12345")
        self.assertEqual(handler.receive_data_chunk(b"67890", 5), b"67890")
        with self.assertRaises(StopUpload):
            handler.receive_data_chunk(b"x", 10)
        self.assertEqual(handler.refused, {"export"})

    @override_settings(WORDPRESS_IMPORT_MAX_UPLOADS_MB=1)
    def test_a_zip_that_unpacks_beyond_the_limit_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("2019/05/nullen.jpg", b"\0" * (2 * 1024 * 1024))
        self.assertLess(len(buffer.getvalue()), 1024 * 1024)
        response = self.upload(uploads=SimpleUploadedFile("uploads.zip", buffer.getvalue()))
        self.assert_refused(response, "Entpackt wäre diese ZIP-Datei größer als 1 MB")

    def test_an_unexpected_error_in_the_analysis_is_logged_and_answered_in_the_form(self):
        with (
            mock.patch.object(service, "analyse", side_effect=RuntimeError("kaputt")),
            self.assertLogs("blog.wordpress.admin_views", logging.ERROR),
        ):
            response = self.upload()
        self.assert_refused(response, "unerwarteten Fehlers nicht analysiert werden")

    def test_cancelling_deletes_the_files_and_imports_nothing(self):
        run = self.analysed_run()
        response = self.client.post(reverse("wordpress_import:cancel", args=[run.pk]))
        self.assertRedirects(response, INDEX_URL)
        run.refresh_from_db()
        self.assertEqual(run.status, Status.ABANDONED)
        self.assertEqual(private_files(), [])
        self.assertFalse(ArticlePage.objects.filter(title=SEED_TITLE).exists())
        self.assertEqual(self.client.post(reverse("wordpress_import:confirm", args=[run.pk])).status_code, 302)
        run.refresh_from_db()
        self.assertEqual(run.status, Status.ABANDONED)

    def test_an_analysis_nobody_confirms_is_given_up_after_a_day(self):
        run = self.analysed_run()
        WordPressImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
        self.client.get(INDEX_URL)
        run.refresh_from_db()
        self.assertEqual(run.status, Status.ABANDONED)
        self.assertEqual(private_files(), [])


class ImportTests(WizardTestCase):
    def confirm(self, run):
        return self.client.post(reverse("wordpress_import:confirm", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de")

    def assert_imported(self, run):
        run.refresh_from_db()
        self.assertEqual(run.status, Status.FINISHED, run.error)
        self.assertFalse(run.active)
        self.assertIsNotNone(run.finished_at)
        self.assertEqual(private_files(), [])
        seed = ArticlePage.objects.get(title=SEED_TITLE)
        self.assertIn(seed.pk, run.report["pages"])
        response = self.client.get(reverse("wordpress_import:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Der Import ist abgeschlossen")
        self.assertContains(response, f'href="{reverse("wagtailadmin_pages:edit", args=[seed.pk])}"')
        self.assertContains(response, f'href="{seed.get_url()}"')
        self.assertEqual(self.client.get(seed.get_url()).status_code, 200)
        return seed

    def test_confirming_imports_in_the_task_and_ends_with_the_report_and_links(self):
        run = self.analysed_run(self.importer)
        response = self.confirm(run)
        self.assertRedirects(response, reverse("wordpress_import:run", args=[run.pk]))
        seed = self.assert_imported(run)
        self.assertTrue(seed.live)
        self.assertTrue(ReaderComment.objects.filter(article=seed).exists())

    @override_settings(TASKS=DATABASE_TASKS)
    def test_on_the_database_backend_the_worker_runs_the_import_after_the_request(self):
        from django_tasks_db.models import DBTaskResult

        run = self.analysed_run()
        self.confirm(run)
        run.refresh_from_db()
        self.assertEqual(run.status, Status.QUEUED)
        self.assertTrue(run.active)
        self.assertFalse(ArticlePage.objects.filter(title=SEED_TITLE).exists())
        self.assertEqual(DBTaskResult.objects.count(), 1)
        progress = self.client.get(reverse("wordpress_import:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(progress, "<progress")
        self.assertContains(progress, 'aria-live="polite"')
        self.assertContains(progress, "Wartet auf den Hintergrunddienst")
        status = self.client.get(reverse("wordpress_import:status", args=[run.pk])).json()
        self.assertEqual((status["status"], status["over"]), ("queued", False))

        run_database_worker()

        self.assert_imported(run)
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        status = self.client.get(reverse("wordpress_import:status", args=[run.pk])).json()
        self.assertEqual((status["status"], status["over"]), ("finished", True))

    def test_a_second_import_is_refused_while_one_is_running(self):
        running = WordPressImportRun.objects.create(
            export_file="laufend.xml", export_name="laufend.xml", status=Status.RUNNING, active=True
        )
        run = self.analysed_run()
        page = self.client.get(reverse("wordpress_import:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(page, "Zurzeit läuft ein anderer Import")
        response = self.confirm(run)
        self.assertRedirects(response, reverse("wordpress_import:run", args=[run.pk]), fetch_redirect_response=False)
        page = self.client.get(response.url, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(page, "Es läuft bereits ein Import aus WordPress")
        run.refresh_from_db()
        self.assertEqual(run.status, Status.ANALYSED)
        self.assertFalse(ArticlePage.objects.filter(title=SEED_TITLE).exists())
        running.refresh_from_db()
        self.assertEqual(running.status, Status.RUNNING)

    def test_the_database_lets_only_one_run_be_active(self):
        WordPressImportRun.objects.create(export_file="a.xml", export_name="a.xml", active=True)
        with self.assertRaises(IntegrityError), transaction.atomic():
            WordPressImportRun.objects.create(export_file="b.xml", export_name="b.xml", active=True)

    def test_a_run_whose_worker_went_silent_is_marked_failed_and_frees_the_way(self):
        stale = WordPressImportRun.objects.create(
            export_file="alt.xml", export_name="alt.xml", status=Status.RUNNING, active=True
        )
        WordPressImportRun.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
        run = self.analysed_run()
        with self.assertLogs("blog.wordpress.admin_views", logging.ERROR):
            self.confirm(run)
        stale.refresh_from_db()
        self.assertEqual(stale.status, Status.FAILED)
        self.assertIn("db_worker", stale.error)
        self.assert_imported(run)

    def test_a_failing_task_marks_the_run_failed_with_its_message_and_logs_it(self):
        run = self.analysed_run()
        with (
            mock.patch.object(service, "run_import", side_effect=RuntimeError("Festplatte voll")),
            self.assertLogs("blog.wordpress.tasks", logging.ERROR) as logs,
        ):
            self.confirm(run)
        run.refresh_from_db()
        self.assertEqual(run.status, Status.FAILED)
        self.assertFalse(run.active)
        self.assertIn("Festplatte voll", run.error)
        self.assertIn("Festplatte voll", "\n".join(logs.output))
        self.assertEqual(private_files(), [])
        response = self.client.get(reverse("wordpress_import:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Der Import ist fehlgeschlagen")
        self.assertContains(response, "Festplatte voll")
        # The way is free for the next import.
        self.assertFalse(WordPressImportRun.objects.filter(active=True).exists())

    def test_progress_reaches_the_run_row_while_the_import_runs(self):
        from blog.wordpress.tasks import progress_writer

        run = WordPressImportRun.objects.create(export_file="p.xml", export_name="p.xml", status=Status.RUNNING)
        progress_writer(run.pk)(300, 1200, "Beiträge")
        self.client.force_login(self.admin)
        status = self.client.get(reverse("wordpress_import:status", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="de").json()
        self.assertEqual(
            (status["done"], status["total"], status["percent"], status["label"], status["text"]),
            (300, 1200, 25, "Beiträge", "300 von 1200 Einträgen"),
        )
