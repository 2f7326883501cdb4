"""WordPress attachments: from an uploads folder or zip; hostile archives refused; private hosts never fetched."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.test import TestCase

from wagtail.images.models import Image

from PIL import Image as PILImage

from blog.models import WordPressObject
from blog.wordpress import media, service
from tests.builders import BUERO_EXPORT, build_site

ATTACHMENT = """
	<item>
		<title><![CDATA[Schreibtisch]]></title>
		<link>http://127.0.0.1:8081/muss-man-seine-kunden-lieben/schreibtisch/</link>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<guid isPermaLink="false">http://127.0.0.1:8081/wp-content/uploads/2026/11/schreibtisch.jpg</guid>
		<wp:post_id>40</wp:post_id>
		<wp:post_date><![CDATA[2026-11-27 12:00:00]]></wp:post_date>
		<wp:post_name><![CDATA[schreibtisch]]></wp:post_name>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>4</wp:post_parent>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[http://127.0.0.1:8081/wp-content/uploads/2026/11/schreibtisch.jpg]]></wp:attachment_url>
		<wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key>
			<wp:meta_value><![CDATA[2026/11/schreibtisch.jpg]]></wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key>
			<wp:meta_value><![CDATA[Ein aufgeräumter Schreibtisch]]></wp:meta_value></wp:postmeta>
	</item>
"""
THUMBNAIL = (
    "<wp:post_name><![CDATA[muss-man-seine-kunden-lieben]]></wp:post_name>",
    "<wp:post_name><![CDATA[muss-man-seine-kunden-lieben]]></wp:post_name>"
    "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
    "<wp:meta_value><![CDATA[40]]></wp:meta_value></wp:postmeta>",
)


def jpeg_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


class AttachmentImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        text = BUERO_EXPORT.read_text(encoding="utf-8").replace("</channel>", ATTACHMENT + "</channel>")
        self.export = self.folder / "export.xml"
        self.export.write_text(text.replace(*THUMBNAIL), encoding="utf-8")

    def uploads_zip(self, members):
        path = self.folder / "uploads.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return path

    def test_image_from_an_uploads_folder_keeps_its_alt_text_and_becomes_the_header_image(self):
        (self.folder / "uploads" / "2026" / "11").mkdir(parents=True)
        (self.folder / "uploads" / "2026" / "11" / "schreibtisch.jpg").write_bytes(jpeg_bytes())
        report = service.run_import(self.export, uploads=self.folder / "uploads")
        image = WordPressObject.objects.get(wp_type="attachment", wp_id="40").target
        self.assertEqual(image.description, "Ein aufgeräumter Schreibtisch")
        article = WordPressObject.objects.get(wp_type="post", wp_id="4").target.specific
        self.assertEqual(article.header_image, image)
        self.assertEqual(report.counts["attachment"], {"created": 1})
        # The attachment page leads to the article it belongs to.
        response = self.client.get("/muss-man-seine-kunden-lieben/schreibtisch/")
        self.assertEqual((response.status_code, response["Location"]), (301, article.url))
        # A second run makes no second image.
        service.run_import(self.export, uploads=self.folder / "uploads")
        self.assertEqual(Image.objects.count(), 1)

    def test_size_variants_resolve_to_the_one_image(self):
        archive = self.uploads_zip({"wp-content/uploads/2026/11/schreibtisch.jpg": jpeg_bytes()})
        importer = service.Importer(self.export, uploads=archive)
        importer.run(dry_run=False)
        image = Image.objects.get()
        for url in (
            "http://127.0.0.1:8081/wp-content/uploads/2026/11/schreibtisch-300x200.jpg",
            "http://127.0.0.1:8081/wp-content/uploads/2026/11/schreibtisch-scaled.jpg",
            "http://127.0.0.1:8081/wp-content/uploads/2026/11/schreibtisch.jpg?w=640",
            40,
        ):
            self.assertEqual(importer.media.resolver.image_for(url), image, url)

    def test_missing_file_and_non_image_are_reported_not_fatal(self):
        archive = self.uploads_zip({"uploads/2026/11/schreibtisch.jpg": b"<?php echo 'no image'; ?>"})
        report = service.run_import(self.export, uploads=archive)
        self.assertEqual(report.counts["attachment"], {"failed": 1})
        self.assertFalse(Image.objects.exists())
        self.assertEqual(report.counts["post"], {"created": 8})
        other = self.uploads_zip({"uploads/2026/11/anderes.jpg": jpeg_bytes()})
        report = service.analyse(self.export, uploads=other)
        self.assertEqual(report.counts["attachment"], {"missing": 1})
        self.assertTrue(any("schreibtisch.jpg" in line["message"] for line in report.lines))

    def test_zip_slip_and_zip_bomb_are_refused_before_anything_is_written(self):
        for members in (
            {"../../etc/cron.d/evil.jpg": jpeg_bytes()},
            {"/etc/evil.jpg": jpeg_bytes()},
            {"uploads/2026/11/schreibtisch.jpg": b"\0" * (20 * 1024 * 1024)},
        ):
            with self.subTest(list(members)[0]):
                archive = self.uploads_zip(members)
                with self.assertRaises(service.ExportRefused):
                    service.run_import(self.export, uploads=archive)
                self.assertFalse(WordPressObject.objects.exists())

    def test_fetching_refuses_private_and_loopback_hosts(self):
        for host in ("127.0.0.1", "localhost", "10.0.0.1", "169.254.169.254", "[::1]"):
            with self.subTest(host), self.assertRaises(media.MediaRefused):
                media.check_public_host(host.strip("[]"))
        report = service.run_import(self.export, fetch_media=True)
        self.assertEqual(report.counts["attachment"], {"failed": 1})
        self.assertTrue(
            any("private or local" in line["message"] or "privat" in line["message"] for line in report.lines)
        )
