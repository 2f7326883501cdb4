import shutil
from pathlib import Path

from django.conf import settings

import pytest


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    # This run's folder (the test settings put each run's private uploads in one of its own).
    shutil.rmtree(Path(settings.WORDPRESS_IMPORT_ROOT).parent, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_render_cache():
    """Each test starts with an empty cache (the tests clear Django's) and no copies of this process's render cache:
    rolled-back data would otherwise meet copies rendered for an earlier test under the same generation."""
    from site_project.caching.utils import reset_process_state

    reset_process_state()
    yield
