"""An editor walks the WordPress import wizard in Chromium: the settings menu, the upload, the analysis, the
confirmation, the progress page while the database worker runs the import, the report, and the imported article."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page

import pytest
from playwright.sync_api import expect

from blog.models import ArticlePage, WordPressImportRun
from tests.builders import BUERO_EXPORT, build_site
from tests.test_wordpress_wizard import DATABASE_TASKS, SEED_TITLE, run_database_worker

from .conftest import assert_no_serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def editors_group():
    """Wagtail's Editors group, allowed to publish (the wizard imports live articles under the editor's name).

    Wagtail's own migration gives Editors no publish permission; an earlier transactional test's flush may have
    removed the group altogether (its permissions come back with the flush's post_migrate)."""
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return group


@pytest.fixture
def wizard_site(live_server, settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    settings.WORDPRESS_IMPORT_ROOT = tmp_path / "wordpress-imports"
    build_site()
    editor = get_user_model().objects.create_user("redakteurin", "redakteurin@example.org", "geheim-genug-123")
    editor.groups.add(editors_group())
    editor.user_permissions.add(Permission.objects.get(codename="import_wordpress"))
    return live_server


@pytest.fixture
def admin_page(browser):
    # The admin's sidebar is open at desktop width; the readers' tests use a phone's.
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_editor_imports_the_old_blog_through_the_wizard(wizard_site, admin_page):
    page = admin_page
    page.goto(f"{wizard_site.url}/admin/login/")
    page.fill("#id_username", "redakteurin")
    page.fill("#id_password", "geheim-genug-123")
    page.click("button[type=submit]")
    expect(page.get_by_role("button", name="Einstellungen")).to_be_visible()

    page.get_by_role("button", name="Einstellungen").click()
    page.get_by_role("link", name="Import aus WordPress").click()
    expect(page.get_by_role("heading", name="So funktioniert der Import")).to_be_visible()
    assert_no_serious_axe_violations(page)

    page.get_by_label("WordPress-Exportdatei (.xml)").set_input_files(BUERO_EXPORT)
    page.get_by_role("button", name="Analysieren").click()
    expect(page.get_by_role("heading", name="Analyse: was der Import tun würde")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Artikel")).to_be_visible()
    assert not ArticlePage.objects.filter(title=SEED_TITLE).exists()
    assert_no_serious_axe_violations(page)

    page.get_by_role("button", name="Import starten").click()
    expect(page.get_by_role("heading", name="Der Import läuft")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Fortschritt")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Wartet auf den Hintergrunddienst")).to_be_visible()
    assert WordPressImportRun.objects.get().status == WordPressImportRun.Status.QUEUED
    assert_no_serious_axe_violations(page)

    # What `manage.py db_worker` does in production; the page notices by polling and shows the report.
    run_database_worker()
    expect(page.get_by_role("heading", name="Der Import ist abgeschlossen")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Angelegt")).to_be_visible()
    expect(page.get_by_role("link", name=SEED_TITLE, exact=True)).to_have_attribute(
        "href", re.compile(r"^/admin/pages/\d+/edit/$")
    )
    assert_no_serious_axe_violations(page)

    page.get_by_role("link", name=f"„{SEED_TITLE}“ auf der Website ansehen").click()
    expect(page).to_have_url(re.compile(r"/artikel/muss-man-seine-kunden-lieben/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
