"""The wizard's import in the background (django-tasks' "background" backend; `manage.py db_worker` runs it)."""

import logging

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from django_tasks import task

from blog.models import WordPressImportRun

from . import service

logger = logging.getLogger(__name__)

Status = WordPressImportRun.Status


def progress_writer(run_id):
    """The service's progress callback: one UPDATE per call (the service calls it every ~100 items)."""

    def progress(done, total=None, label=""):
        WordPressImportRun.objects.filter(pk=run_id).update(
            progress_done=max(0, int(done or 0)),
            progress_total=None if total is None else max(0, int(total)),
            progress_label=str(label or "")[:255],
            updated_at=timezone.now(),
        )

    return progress


def _finish(run, **fields):
    fields.setdefault("finished_at", timezone.now())
    WordPressImportRun.objects.filter(pk=run.pk).update(active=False, updated_at=timezone.now(), **fields)
    run.refresh_from_db()
    run.delete_files()


@task(backend="background")
def import_wordpress_run(run_id: int) -> str:
    """Import the run's export; the row says how far it got and, at the end, what was done or what went wrong."""
    # Only a queued run starts: a run cancelled or given up as stale while it waited is not revived by its task.
    started = WordPressImportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, progress_done=0, progress_total=None, updated_at=timezone.now()
    )
    if not started:
        logger.warning("WordPress import run %s is not queued any more; nothing done", run_id)
        return "skipped"
    run = WordPressImportRun.objects.select_related("user").get(pk=run_id)
    with translation.override(run.language):
        try:
            report = service.run_import(
                run.export_file.path,
                uploads=run.uploads_file.path if run.uploads_file else None,
                progress=progress_writer(run.pk),
                user=run.user,
            )
        except service.ExportRefused as error:
            logger.warning("WordPress import run %s refused: %s", run_id, error)
            _finish(run, status=Status.FAILED, error=str(error))
            return Status.FAILED
        except Exception as error:
            logger.exception("WordPress import run %s failed", run_id)
            message = _("The import stopped with an unexpected error (%(error)s). It has been logged.") % {
                "error": f"{type(error).__name__}: {error}"[:500]
            }
            _finish(run, status=Status.FAILED, error=message)
            return Status.FAILED
        _finish(run, status=Status.FINISHED, report=report.to_dict())
    return Status.FINISHED
