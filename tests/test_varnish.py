"""A real Varnish (deploy/varnish/default.vcl, with vmod_xkey) in front of the app: after a publish, an approval,
an edit or an unpublish the next request through Varnish shows the change, and what the change does not touch
stays cached in Varnish. Skipped, with the reason, where varnishd is not installed (.ci/run installs it)."""

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.test import LiveServerTestCase, override_settings

import pytest

from blog.models import ReaderComment

from .base import free_port
from .builders import build_site, make_article, make_comment

VARNISHD = shutil.which("varnishd") or (Path("/usr/sbin/varnishd").exists() and "/usr/sbin/varnishd")
XKEY = any(Path(folder).glob("libvmod_xkey.so") for folder in ("/usr/lib/x86_64-linux-gnu/varnish/vmods",))
pytestmark = pytest.mark.skipif(
    not (VARNISHD and XKEY), reason="varnishd with vmod_xkey is not installed (apt install varnish varnish-modules)"
)


class Varnish:
    def __init__(self, backend_port):
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="varnish-test-")
        vcl = (settings.BASE_DIR / "deploy" / "varnish" / "default.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{backend_port}";')
        self.vcl = Path(self.directory) / "test.vcl"
        self.vcl.write_text(vcl)
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-a", f"127.0.0.1:{self.port}", "-f", str(self.vcl)]
            + ["-n", str(Path(self.directory) / "work"), "-s", "malloc,32m"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("varnishd did not start")

    def get(self, path):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Host": "localhost"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
        shutil.rmtree(self.directory, ignore_errors=True)


class VarnishTests(LiveServerTestCase):
    def setUp(self):
        self.home, self.blog_index = build_site()
        self.article = make_article(self.blog_index, title="Kunden lieben", slug="kunden-lieben")
        make_article(self.blog_index, title="Büroalltag", slug="bueroalltag")
        # Older still: neither its previous/next links nor anything else on it shows the first article.
        make_article(self.blog_index, title="Ablage", slug="ablage")
        self.varnish = Varnish(self.server_thread.port)
        self.varnish.start()
        self.addCleanup(self.varnish.stop)
        backends = {
            "varnish": {
                "BACKEND": "site_project.caching.backends.frontend.XkeyHTTPBackend",
                "LOCATION": f"http://127.0.0.1:{self.varnish.port}",
            }
        }
        override = override_settings(
            PAGE_CACHE_ENABLED=True, PAGE_CACHE_SHARED_MAX_AGE=3600, WAGTAILFRONTENDCACHE=backends
        )
        override.enable()
        self.addCleanup(override.disable)

    def cached_in_varnish(self, path):
        self.varnish.get(path)
        status, headers, body = self.varnish.get(path)
        self.assertEqual((status, headers["X-Varnish-Cache"]), (200, "hit"), path)
        self.assertNotIn("xkey", headers, "the tags are for Varnish, not for browsers")
        return body

    def test_changes_through_the_app_show_at_once_through_varnish_and_nothing_else_is_purged(self):
        article, listing, other = "/artikel/kunden-lieben/", "/artikel/", "/artikel/ablage/"
        for path in (article, listing, other):
            self.cached_in_varnish(path)

        self.article.title = "Kunden wirklich lieben"
        self.article.save_revision().publish()
        for path in (article, listing):
            status, headers, body = self.varnish.get(path)
            self.assertIn("Kunden wirklich lieben", body, path)
        self.assertEqual(self.varnish.get(other)[1]["X-Varnish-Cache"], "hit", "the other article stays cached")

        comment = make_comment(self.article, status=ReaderComment.Status.PENDING, text="Ein guter Gedanke")
        self.assertEqual(self.varnish.get(article)[1]["X-Varnish-Cache"], "hit", "a held comment purges nothing")
        comment.status = ReaderComment.Status.APPROVED
        comment.save()
        self.assertIn("Ein guter Gedanke", self.varnish.get(article)[2])
        comment.text = "Ein sehr guter Gedanke"
        comment.save()
        self.assertIn("Ein sehr guter Gedanke", self.varnish.get(article)[2])

        # Tracking parameters and Host ports share Varnish's entry.
        self.assertEqual(self.varnish.get(other + "?utm_source=newsletter")[1]["X-Varnish-Cache"], "hit")

        self.article.unpublish()
        self.assertEqual(self.varnish.get(article)[0], 404)
        self.assertNotIn("Kunden wirklich lieben", self.varnish.get(listing)[2])
