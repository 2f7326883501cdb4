"""The admin wizard *Settings → Import from WordPress*: upload → analysis (a dry run) → confirm → background import.

The analysis runs in the request (it writes nothing and a refused file is answered in the form); the import itself
runs in the task `blog.wordpress.tasks.import_wordpress_run`, which writes its progress to the run's row.
"""

import logging
import os
import uuid
import zipfile
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from blog.models import BlogIndexPage, WordPressImportRun
from blog.models.wordpress_runs import IMPORT_PERMISSION, private_import_storage

from . import service
from .tasks import import_wordpress_run

logger = logging.getLogger(__name__)

Status = WordPressImportRun.Status

# An analysed run nobody confirms is given up after this long, and its files deleted.
ABANDON_AFTER = timedelta(hours=24)
# A queued or running run whose row has not changed for this long has lost its worker (the service reports
# progress every ~100 items); it is marked failed so that it no longer blocks the next import.
STALE_AFTER = timedelta(minutes=30)
# The final report links to at most this many pages and lists at most this many lines per level.
MAX_PAGE_LINKS = 500
MAX_LINES = 1000
MAX_ZIP_MEMBERS = 200_000

TYPE_LABELS = {
    "post": gettext_lazy("Articles"),
    "page": gettext_lazy("Pages"),
    "attachment": gettext_lazy("Media"),
    "image": gettext_lazy("Images"),
    "document": gettext_lazy("Documents"),
    "comment": gettext_lazy("Comments"),
    "pingback": gettext_lazy("Pingbacks and trackbacks"),
    "author": gettext_lazy("Authors"),
    "category": gettext_lazy("Categories"),
    "tag": gettext_lazy("Tags"),
    "redirect": gettext_lazy("Redirects"),
    "translation": gettext_lazy("Translations"),
    "nav_menu_item": gettext_lazy("Menu items"),
}
ANALYSIS_COLUMNS = {
    "created": gettext_lazy("Will be created"),
    "updated": gettext_lazy("Will be updated"),
    "matched": gettext_lazy("Already here"),
    "unchanged": gettext_lazy("Unchanged"),
    "edited": gettext_lazy("Changed here, left alone"),
    "skipped": gettext_lazy("Will be skipped"),
    "skipped_on_page": gettext_lazy("Skipped: on pages"),
    "skipped_pingback": gettext_lazy("Skipped: pingbacks"),
    "skipped_trackback": gettext_lazy("Skipped: trackbacks"),
    "skipped_empty": gettext_lazy("Skipped: empty"),
    "missing": gettext_lazy("File missing"),
    "failed": gettext_lazy("Failing"),
}
REPORT_COLUMNS = {
    **ANALYSIS_COLUMNS,
    "created": pgettext_lazy("import report column: objects created", "Created"),
    "updated": gettext_lazy("Updated"),
    "skipped": gettext_lazy("Skipped"),
    "failed": gettext_lazy("Failed"),
}
LEVEL_LABELS = {
    "error": gettext_lazy("Errors"),
    "warning": gettext_lazy("Warnings"),
    "info": gettext_lazy("Notes"),
}


def user_may_import(user):
    return user.is_active and (user.is_superuser or user.has_perm(IMPORT_PERMISSION))


def user_may_publish_imports(user):
    """The import publishes what WordPress published, as the user who confirms it: they must be allowed to."""
    if user.is_superuser:
        return True
    blog_index = BlogIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return blog_index is not None and blog_index.permissions_for_user(user).can_publish_subpage()


def _megabytes(number):
    return number * 1024 * 1024


def expire_abandoned_runs():
    for run in WordPressImportRun.objects.filter(
        status=Status.ANALYSED, created_at__lt=timezone.now() - ABANDON_AFTER
    ).only("pk", "export_file", "uploads_file"):
        WordPressImportRun.objects.filter(pk=run.pk, status=Status.ANALYSED).update(
            status=Status.ABANDONED, finished_at=timezone.now()
        )
        run.delete_files()


def release_stale_runs():
    message = _(
        "The background worker did not report back for %(minutes)d minutes, so the import was given up. "
        "Check that the worker (manage.py db_worker) is running, then start the import again."
    ) % {"minutes": STALE_AFTER.total_seconds() // 60}
    for run in WordPressImportRun.objects.filter(active=True, updated_at__lt=timezone.now() - STALE_AFTER):
        logger.error("WordPress import run %s lost its worker; marked failed", run.pk)
        WordPressImportRun.objects.filter(pk=run.pk, active=True).update(
            active=False, status=Status.FAILED, error=message, finished_at=timezone.now()
        )
        run.delete_files()


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops storing an upload as soon as it passes its field's limit, so an oversized file never fills the disk.

    Placed in front of Django's handlers, it passes the data on; the rest of an oversized request body is read and
    discarded, so that the editor gets the form back with the reason instead of a reset connection."""

    def __init__(self, request, limits):
        super().__init__(request)
        self.limits = limits
        self.refused = set()
        self.received = 0

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limits.get(self.field_name, 0):
            self.refused.add(self.field_name)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadForm(forms.Form):
    export = forms.FileField(
        label=gettext_lazy("WordPress export file (.xml)"),
        help_text=gettext_lazy("In WordPress: Tools → Export → All content → Download Export File."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )
    uploads = forms.FileField(
        label=gettext_lazy("Media: the folder wp-content/uploads as a zip file (optional)"),
        help_text=gettext_lazy(
            "Without it, articles are imported without their images; nothing is fetched from the old site."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, refused=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = set(refused)

    @staticmethod
    def too_large(limit_mb):
        return forms.ValidationError(
            _("The file is larger than %(limit)d MB. Import larger exports with the import_wordpress command.")
            % {"limit": limit_mb}
        )

    def _check_size(self, upload, limit_mb):
        if upload.size > _megabytes(limit_mb):
            raise self.too_large(limit_mb)

    def clean(self):
        # A file the upload handler stopped never reaches its field; say why instead of "this field is required".
        limits = {
            "export": settings.WORDPRESS_IMPORT_MAX_EXPORT_MB,
            "uploads": settings.WORDPRESS_IMPORT_MAX_UPLOADS_MB,
        }
        for name in self.refused & limits.keys():
            self.errors.pop(name, None)
            self.add_error(name, self.too_large(limits[name]))
        return super().clean()

    def clean_export(self):
        upload = self.cleaned_data["export"]
        self._check_size(upload, settings.WORDPRESS_IMPORT_MAX_EXPORT_MB)
        if not upload.name.lower().endswith(".xml"):
            raise forms.ValidationError(_("Please upload the XML file that WordPress exports (ending in .xml)."))
        upload.seek(0)
        head = upload.read(512)
        upload.seek(0)
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            raise forms.ValidationError(_("This file is not an XML file. Please upload the WordPress export."))
        return upload

    def clean_uploads(self):
        upload = self.cleaned_data.get("uploads")
        if not upload:
            return None
        self._check_size(upload, settings.WORDPRESS_IMPORT_MAX_UPLOADS_MB)
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Please upload the media as a zip file (ending in .zip)."))
        refused = _("This zip file cannot be read. Please pack the folder wp-content/uploads again.")
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise forms.ValidationError(refused) from error
        finally:
            upload.seek(0)
        # What the zip unpacks to counts, not what it weighs: a zip bomb is small.
        unpacked = sum(member.file_size for member in members)
        if len(members) > MAX_ZIP_MEMBERS or unpacked > _megabytes(settings.WORDPRESS_IMPORT_MAX_UPLOADS_MB):
            raise forms.ValidationError(
                _("Unpacked, this zip file would be larger than %(limit)d MB or hold too many files.")
                % {"limit": settings.WORDPRESS_IMPORT_MAX_UPLOADS_MB}
            )
        return upload


def _store(upload, suffix):
    # Never the uploaded name on disk: a random one, in the private storage.
    return private_import_storage.save(f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}", upload)


def _table(counts, columns):
    counts = counts or {}
    keys = [key for key in columns if any(key in row for row in counts.values())]
    keys += sorted({key for row in counts.values() for key in row} - set(keys))
    return {
        "columns": [columns.get(key, key) for key in keys],
        "rows": [
            {"label": TYPE_LABELS.get(kind, kind), "values": [row.get(key, 0) for key in keys]}
            for kind, row in counts.items()
        ],
    }


def _line_groups(lines):
    groups = []
    for level in ("error", "warning", "info"):
        selected = [line for line in lines or [] if (line.get("level") or "info") == level]
        if selected:
            groups.append(
                {
                    "level": level,
                    "label": LEVEL_LABELS[level],
                    "count": len(selected),
                    "lines": selected[:MAX_LINES],
                    "more": max(0, len(selected) - MAX_LINES),
                    "open": level != "info",
                }
            )
    return groups


def _page_links(request, page_ids):
    page_ids = list(page_ids or [])
    pages = Page.objects.filter(pk__in=page_ids[:MAX_PAGE_LINKS]).specific().order_by("path")
    links = [
        {
            "title": page.title,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "live_url": page.get_url(request) if page.live else None,
        }
        for page in pages
    ]
    return links, max(0, len(page_ids) - MAX_PAGE_LINKS)


@method_decorator(never_cache, name="dispatch")
class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WizardTemplateMixin(ImportPermissionMixin, WagtailAdminTemplateMixin):
    page_title = gettext_lazy("Import from WordPress")
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wordpress_import:index"), "label": _("Import from WordPress")},
        ]


@method_decorator(csrf_exempt, name="dispatch")
class ImportIndexView(WizardTemplateMixin, FormView):
    template_name = "blog/wordpress/index.html"
    form_class = UploadForm

    def post(self, request, *args, **kwargs):
        # The size limit must be in place before anything reads the body, the CSRF check included, so that check
        # runs here, after the handler is installed.
        self.size_limit = SizeLimitUploadHandler(
            request,
            {
                "export": _megabytes(settings.WORDPRESS_IMPORT_MAX_EXPORT_MB),
                "uploads": _megabytes(settings.WORDPRESS_IMPORT_MAX_UPLOADS_MB),
            },
        )
        request.upload_handlers.insert(0, self.size_limit)
        return csrf_protect(super().post)(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            kwargs["refused"] = self.size_limit.refused
        return kwargs

    def get_context_data(self, **kwargs):
        expire_abandoned_runs()
        release_stale_runs()
        context = super().get_context_data(**kwargs)
        context["runs"] = WordPressImportRun.objects.select_related("user")[:10]
        context["active_run"] = WordPressImportRun.objects.filter(active=True).first()
        context["max_export_mb"] = settings.WORDPRESS_IMPORT_MAX_EXPORT_MB
        context["max_uploads_mb"] = settings.WORDPRESS_IMPORT_MAX_UPLOADS_MB
        return context

    def form_valid(self, form):
        export = form.cleaned_data["export"]
        uploads = form.cleaned_data.get("uploads")
        export_name = _store(export, ".xml")
        uploads_name = _store(uploads, ".zip") if uploads else ""

        def discard():
            private_import_storage.delete(export_name)
            if uploads_name:
                private_import_storage.delete(uploads_name)

        try:
            analysis = service.analyse(
                private_import_storage.path(export_name),
                uploads=private_import_storage.path(uploads_name) if uploads_name else None,
            )
        except service.ExportRefused as error:
            discard()
            form.add_error("export", str(error))
            return self.form_invalid(form)
        except Exception:
            discard()
            logger.exception("Analysing the WordPress export %r failed", export.name)
            form.add_error(
                "export",
                _(
                    "The file could not be analysed because of an unexpected error. "
                    "It has been logged; nothing was imported."
                ),
            )
            return self.form_invalid(form)
        run = WordPressImportRun.objects.create(
            export_file=export_name,
            export_name=os.path.basename(export.name)[:255],
            uploads_file=uploads_name,
            user=self.request.user,
            language=get_language() or settings.LANGUAGE_CODE,
            analysis=analysis.to_dict(),
        )
        return redirect("wordpress_import:run", run.pk)


class RunView(WizardTemplateMixin, TemplateView):
    template_name = "blog/wordpress/run.html"

    def get_page_subtitle(self):
        return self.run.export_name

    def get(self, request, pk):
        release_stale_runs()
        self.run = get_object_or_404(WordPressImportRun.objects.select_related("user"), pk=pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        context["run"] = run
        context["status_url"] = reverse("wordpress_import:status", args=[run.pk])
        if run.analysis:
            context["analysis_table"] = _table(run.analysis.get("counts"), ANALYSIS_COLUMNS)
            context["analysis_lines"] = _line_groups(run.analysis.get("lines"))
        if run.report:
            context["report_table"] = _table(run.report.get("counts"), REPORT_COLUMNS)
            context["report_lines"] = _line_groups(run.report.get("lines"))
            context["page_links"], context["more_pages"] = _page_links(self.request, run.report.get("pages"))
        context["may_publish"] = user_may_publish_imports(self.request.user)
        context["other_active"] = (
            run.status == Status.ANALYSED and WordPressImportRun.objects.filter(active=True).exclude(pk=run.pk).exists()
        )
        return context


class ConfirmView(ImportPermissionMixin, View):
    def post(self, request, pk):
        release_stale_runs()
        run = get_object_or_404(WordPressImportRun, pk=pk)
        if not user_may_publish_imports(request.user):
            messages.error(request, _("You may not publish articles, so you cannot start an import."))
            return redirect("wordpress_import:run", pk)
        try:
            with transaction.atomic():
                queued = WordPressImportRun.objects.filter(pk=pk, status=Status.ANALYSED).update(
                    status=Status.QUEUED, active=True, language=get_language() or run.language, user=request.user
                )
        except IntegrityError:
            messages.error(
                request,
                _("Another import from WordPress is running. Please wait until it has finished, then confirm again."),
            )
            return redirect("wordpress_import:run", pk)
        if not queued:
            messages.warning(request, _("This import has already been started or cancelled."))
            return redirect("wordpress_import:run", pk)
        try:
            import_wordpress_run.enqueue(run.pk)
        except Exception:
            logger.exception("Queueing WordPress import run %s failed", run.pk)
            WordPressImportRun.objects.filter(pk=pk, status=Status.QUEUED).update(status=Status.ANALYSED, active=False)
            messages.error(request, _("The import could not be queued. It has been logged; please try again."))
        return redirect("wordpress_import:run", pk)


class CancelView(ImportPermissionMixin, View):
    def post(self, request, pk):
        run = get_object_or_404(WordPressImportRun, pk=pk)
        if WordPressImportRun.objects.filter(pk=pk, status=Status.ANALYSED).update(
            status=Status.ABANDONED, finished_at=timezone.now()
        ):
            run.delete_files()
            messages.success(request, _("The import was cancelled and the uploaded files deleted."))
        return redirect("wordpress_import:index")


class StatusView(ImportPermissionMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(WordPressImportRun, pk=pk)
        if run.progress_total:
            text = ngettext("%(done)s of %(total)s item", "%(done)s of %(total)s items", run.progress_total) % {
                "done": run.progress_done,
                "total": run.progress_total,
            }
        else:
            text = ngettext("%(done)s item", "%(done)s items", run.progress_done) % {"done": run.progress_done}
        return JsonResponse(
            {
                "status": run.status,
                "status_label": run.get_status_display(),
                "done": run.progress_done,
                "total": run.progress_total,
                "percent": run.percent,
                "label": run.progress_label,
                "text": text,
                "over": run.is_over,
            }
        )


app_name = "wordpress_import"
urlpatterns = [
    path("", ImportIndexView.as_view(), name="index"),
    path("<int:pk>/", RunView.as_view(), name="run"),
    path("<int:pk>/confirm/", ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/cancel/", CancelView.as_view(), name="cancel"),
    path("<int:pk>/status.json", StatusView.as_view(), name="status"),
]
