"""One import from WordPress through the admin wizard: the uploaded files, the analysis, the progress, the report."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

IMPORT_PERMISSION = "blog.import_wordpress"


@deconstructible
class PrivateImportStorage(FileSystemStorage):
    """Uploaded exports hold drafts, private posts and password posts: kept outside MEDIA_ROOT, without a URL.

    The location is read from the settings at each use, so a deployment (or a test) can move it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.WORDPRESS_IMPORT_ROOT

    @property
    def location(self):
        return str(settings.WORDPRESS_IMPORT_ROOT)

    def url(self, name):
        raise ValueError("WordPress import files are private and have no URL")


private_import_storage = PrivateImportStorage()


class WordPressImportRun(models.Model):
    class Status(models.TextChoices):
        ANALYSED = "analysed", _("Analysed, waiting for confirmation")
        QUEUED = "queued", _("Waiting for the background worker")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")
        ABANDONED = "abandoned", _("Cancelled")

    export_file = models.FileField(_("WordPress export"), storage=private_import_storage, upload_to="%Y/%m")
    export_name = models.CharField(_("file name"), max_length=255)
    uploads_file = models.FileField(
        _("uploads (zip)"), storage=private_import_storage, upload_to="%Y/%m", blank=True, max_length=255
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ANALYSED)
    # True while queued or running; a partial unique index lets only one run hold it, whatever the race.
    active = models.BooleanField(default=False, editable=False)
    language = models.CharField(max_length=10, default="de", editable=False)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_label = models.CharField(max_length=255, blank=True)
    analysis = models.JSONField(_("analysis"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")
        ordering = ["-created_at", "-pk"]
        # Nobody adds or edits runs by hand; the one permission that matters is granted to no group by default.
        default_permissions = ()
        permissions = [("import_wordpress", _("Can import content from WordPress"))]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="wordpressimportrun_one_active"
            )
        ]

    def __str__(self):
        return self.export_name

    @property
    def is_over(self):
        return self.status in {self.Status.FINISHED, self.Status.FAILED, self.Status.ABANDONED}

    @property
    def percent(self):
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))

    def delete_files(self):
        """The uploads are needed only while the run can still go on."""
        for field in (self.export_file, self.uploads_file):
            if field:
                field.delete(save=False)
        self.save(update_fields=["export_file", "uploads_file", "updated_at"])
