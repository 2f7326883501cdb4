"""The scheduling dialog's date pickers open under their field (the browser test clicks „Zeitplan speichern“)."""

from html import unescape

from wagtail.test.utils import WagtailPageTestCase

from .builders import build_site, make_article, make_standard_page


class ScheduleDialogTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = build_site()
        cls.article = make_article(cls.blog_index)
        cls.imprint = make_standard_page(cls.home)

    def setUp(self):
        self.login()

    def test_every_page_type_opens_the_schedule_pickers_in_the_dialog_flow(self):
        for page in (self.home, self.blog_index, self.article, self.imprint):
            with self.subTest(type(page).__name__):
                html = unescape(self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
                self.assertIn('id="schedule-publishing-dialog"', html)
                self.assertIn('"insideParent": true', html)
                self.assertNotIn('"parentID": "#schedule-publishing-dialog"', html, "no picker laid over the dialog")
                self.assertIn("css/admin-scheduling.css", html)
                self.assertIn("js/admin/scheduling.js", html)
