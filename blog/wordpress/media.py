"""Attachments → Wagtail images: from a local uploads folder or zip by default, from the old site only on request.

Every file is hostile until Willow has read it as an image: zip members are checked for path traversal, size and
compression ratio; downloads refuse private, loopback and link-local addresses (every resolved address is checked,
and redirects are not followed), and are capped in time and size.
"""

import ipaddress
import logging
import os
import re
import socket
import tempfile
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

import requests
import willow

from .content import LinkTarget, site_relative
from .wxr import ExportRefused

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
FETCH_TIMEOUT = (5, 30)
IMAGE_FORMATS = {"jpeg", "png", "gif", "webp", "avif"}
SIZE_VARIANT = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")


class MediaRefused(ExportRefused):
    """An uploads archive that cannot be used at all, or one file that is not taken (reported, the rest go on)."""


def uploads_relative(url):
    """``2019/05/bild.jpg`` from any form of an uploads URL, or ''."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url or "").path)
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    # WordPress.com serves uploads from files.wordpress.com/YYYY/MM/…
    match = re.search(r"/(\d{4}/\d{2}/[^/]+)$", path)
    return match.group(1) if match else ""


def url_key(url):
    """A URL stripped of what varies between references to one file: scheme, query, size suffix."""
    parts = urllib.parse.urlsplit((url or "").strip())
    path = urllib.parse.unquote(parts.path)
    return (parts.netloc.lower().removeprefix("www."), path)


def check_public_host(host):
    """Refuse a host that resolves to anything but public addresses (SSRF guard)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError) as error:
        raise MediaRefused(_("The host %(host)s cannot be resolved.") % {"host": host}) from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise MediaRefused(_("The host %(host)s has a private or local address; not fetched.") % {"host": host})


class MediaImporter:
    def __init__(self, importer, *, uploads=None, fetch=False):
        self.importer = importer
        self.report = importer.report
        self.fetch = fetch
        self.folder = self.zip = None
        if uploads:
            uploads = Path(uploads)
            if uploads.is_dir():
                self.folder = uploads.resolve()
            elif zipfile.is_zipfile(uploads):
                self.zip = zipfile.ZipFile(uploads)
                self.zip_members = self.safe_members(self.zip)
            else:
                raise MediaRefused(_("The uploads file is neither a folder nor a zip archive."))
        self.by_url = {}  # url_key -> attachment id
        self.resolver = Resolver(self)

    @staticmethod
    def safe_members(archive):
        """Members by their path below ``uploads/``; refuses traversal and bombs, skips links and folders."""
        members, total = {}, 0
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            path = PurePosixPath(name)
            if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
                raise MediaRefused(
                    _("The zip archive holds a path outside its folder (%(name)s).") % {"name": name[:100]}
                )
            if info.is_dir() or (info.external_attr >> 16) & 0o170000 == 0o120000:
                continue
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
            ):
                raise MediaRefused(_("The zip archive unpacks to far more than it holds; it was refused."))
            relative = name.split("uploads/", 1)[1] if "uploads/" in name else name
            members[relative] = info
        return members

    def import_attachment(self, wp_id, summary):
        """The Wagtail image of one attachment, created once; None (reported) when its file is missing."""
        importer = self.importer
        for url in (summary.attachment_url, summary.link):
            if url:
                self.by_url[url_key(url)] = wp_id
        mapped = importer.mapping("attachment", wp_id)
        if mapped is not None and mapped.target is not None:
            importer.report.count("attachment", "unchanged")
            return mapped.target
        relative = summary.attached_file or uploads_relative(summary.attachment_url)
        if not self.folder and not self.zip and not self.fetch:
            importer.report.count("attachment", "missing")
            return None
        extension = os.path.splitext(relative or summary.attachment_url)[1].lower()
        if extension not in (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"):
            importer.report.count("attachment", "skipped")
            importer.report.line(
                "info", "attachment", wp_id, _("“%(name)s” is not an image; not imported.") % {"name": relative[-80:]}
            )
            return None
        try:
            with self.open_file(relative, summary.attachment_url) as handle:
                image_format = willow.Image.open(handle).format_name
                if image_format not in IMAGE_FORMATS:
                    raise MediaRefused(_("The file is not an image."))
                handle.seek(0)
                if importer.dry_run:
                    importer.report.count("attachment", "created")
                    return None
                Image = get_image_model()
                image = Image(
                    title=(summary.title or os.path.basename(relative))[:255],
                    description=(summary.alt or "")[:255] if hasattr(Image, "description") else "",
                )
                image.file = File(handle, name=os.path.basename(relative) or f"wordpress-{wp_id}.{image_format}")
                image.save()
                importer.remember("attachment", wp_id, image, "", "")
                importer.report.count("attachment", "created")
                return image
        except FileNotFoundError:
            importer.report.count("attachment", "missing")
            importer.report.line(
                "warning", "attachment", wp_id, _("The file “%(name)s” is missing.") % {"name": relative[-120:]}
            )
        except Exception as error:  # a broken or hostile file (Willow raises many kinds): reported, the rest go on
            importer.report.count("attachment", "failed")
            if not isinstance(error, MediaRefused):
                logger.info("WordPress attachment %s unreadable: %r", wp_id, error)
                error = _("The file is not an image.")
            importer.report.line("warning", "attachment", wp_id, _("Not imported: %(error)s") % {"error": error})
        return None

    def open_file(self, relative, url):
        if self.folder is not None:
            candidate = (self.folder / relative).resolve()
            if not candidate.is_relative_to(self.folder) or not candidate.is_file():
                raise FileNotFoundError(relative)
            if candidate.stat().st_size > MAX_FILE_BYTES:
                raise MediaRefused(_("The file is larger than 25 MB."))
            return open(candidate, "rb")  # noqa: SIM115 - the caller closes it
        if self.zip is not None:
            info = self.zip_members.get(relative)
            if info is None:
                raise FileNotFoundError(relative)
            if info.file_size > MAX_FILE_BYTES:
                raise MediaRefused(_("The file is larger than 25 MB."))
            spool = tempfile.SpooledTemporaryFile(max_size=MAX_FILE_BYTES)  # noqa: SIM115 - the caller closes it
            with self.zip.open(info) as member:
                spool.write(member.read(MAX_FILE_BYTES + 1))
            spool.seek(0)
            return spool
        return self.download(url)

    def download(self, url):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise MediaRefused(_("Only http and https addresses are fetched."))
        check_public_host(parts.hostname)
        response = requests.get(url, timeout=FETCH_TIMEOUT, stream=True, allow_redirects=False)
        if response.status_code == 404:
            raise FileNotFoundError(url)
        if response.status_code != 200:
            raise MediaRefused(_("The old site answered %(status)s.") % {"status": response.status_code})
        if not response.headers.get("Content-Type", "").startswith("image/"):
            raise MediaRefused(_("The old site did not send an image."))
        spool = tempfile.SpooledTemporaryFile(max_size=MAX_FILE_BYTES)  # noqa: SIM115 - the caller closes it
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise MediaRefused(_("The file is larger than 25 MB."))
            spool.write(chunk)
        spool.seek(0)
        return spool


class Resolver:
    """The LinkResolver for wpcontent's ``convert_body``: old URLs and attachment ids → what they became."""

    def __init__(self, media):
        self.media = media

    def attachment_for_url(self, url):
        key = url_key(url)
        wp_id = self.media.by_url.get(key)
        if wp_id is None:
            host, path = key
            path = re.sub(r"-e\d{10,}(?=\.)", "", path)
            wp_id = self.media.by_url.get((host, SIZE_VARIANT.sub("", path)))
        if wp_id is None:
            relative = uploads_relative(url)
            for (_host, path), candidate in self.media.by_url.items():
                if relative and SIZE_VARIANT.sub("", path).endswith(SIZE_VARIANT.sub("", relative)):
                    return candidate
        return wp_id

    def image_for(self, url_or_attachment_id):
        images = self.media.importer.images
        if not images:
            return None
        if isinstance(url_or_attachment_id, int) or str(url_or_attachment_id).isdigit():
            return images.get(int(url_or_attachment_id))
        wp_id = self.attachment_for_url(str(url_or_attachment_id))
        return images.get(wp_id) if wp_id is not None else None

    def url_for(self, url):
        """No query: pages are known by their ids (``PageMap``), and a link only needs the id."""
        importer = self.media.importer
        image = self.image_for(url)
        if image is not None:
            return LinkTarget(image=image)
        parts = urllib.parse.urlsplit((url or "").strip())
        query = urllib.parse.parse_qs(parts.query)
        for name, wp_type in (("p", "post"), ("page_id", "page")):
            if query.get(name, [""])[0].isdigit():
                wp_id = int(query[name][0])
                pk = importer.pages_by_wp.pk((wp_type, wp_id)) or importer.pages_by_wp.pk(("page", wp_id))
                if pk is not None:
                    return LinkTarget(page=PageLink(pk))
                summary = importer.summaries.get(wp_id)
                if summary is not None and summary.wp_type in ("post", "page"):
                    return LinkTarget(page=PageLink(None, (summary.wp_type, wp_id)))
        key = importer.link_index.get(url) or importer.link_index.get(site_relative(url, importer.site_url) or "")
        if key is None:
            return None
        pk = importer.pages_by_wp.pk(key)
        # Not imported yet (later in the file, or a dry run): the converter keeps the address and notes the link,
        # which the import points at the page at its end (``Importer.link_forward``).
        return LinkTarget(page=PageLink(pk, key))

    def note_forward_link(self, href, link):
        self.media.importer.note_forward_link(href, link.key)


@dataclass(slots=True)
class PageLink:
    """What a link needs of a page: its id (None while it is not imported yet) and its WordPress key."""

    pk: int | None
    key: tuple = ()
