"""Scheduling an article in Chromium: the date picker of the status side panel's dialog leaves „Zeitplan speichern“
clickable, on a desktop and on a phone."""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage

from .conftest import log_in_as_new_superuser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_save_schedule_takes_the_click_while_the_date_picker_is_open(demo_site, browser, viewport):
    context = browser.new_context(locale="de-DE", viewport=viewport)
    page = context.new_page()
    try:
        log_in_as_new_superuser(page, demo_site.url)
        article = ArticlePage.objects.get(slug="muss-man-seine-kunden-lieben", locale__language_code="de")
        page.goto(demo_site.url + f"/admin/pages/{article.pk}/edit/")
        page.locator('[data-side-panel-toggle="status"]').click()
        page.get_by_role("button", name="Zeitplan festlegen").click()
        dialog = page.locator("#schedule-publishing-dialog")
        expect(dialog.get_by_role("button", name="Zeitplan speichern")).to_be_visible()

        go_live = dialog.locator("input[name=go_live_at]")
        go_live.click()
        picker = page.locator(".xdsoft_datetimepicker:visible")
        expect(picker).to_have_count(1)
        go_live_day = timezone.localdate() + datetime.timedelta(days=30)
        go_live.fill(go_live_day.strftime("%Y-%m-%d 09:00"))
        expect(picker).to_have_count(1)

        # Playwright refuses the click if the picker (or anything else) would receive it instead.
        dialog.get_by_role("button", name="Zeitplan speichern").click()
        # The draft is saved with its schedule; the status panel names the go-live time.
        with translation.override("de"):
            go_live_text = f"Veröffentlichung ab: {date_format(go_live_day, 'j. F Y')}, 09:00"
        expect(page.locator("[data-side-panel=status]")).to_contain_text(go_live_text)
        revision = ArticlePage.objects.get(pk=article.pk).latest_revision
        assert timezone.localtime(revision.as_object().go_live_at).date() == go_live_day
    finally:
        context.close()
