"""Deployment checks (`manage.py check --deploy`): the Wagtail Site must carry the address readers use, or every
canonical link, hreflang, og:url, feed and sitemap entry points somewhere else."""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError
from django.http.request import validate_host

from wagtail.models import Site

LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}


@register(deploy=True)
def check_site_hostname(app_configs=None, **kwargs):
    try:
        sites = list(Site.objects.only("hostname", "port"))
    except DatabaseError:
        return []  # Not migrated yet: nothing to compare.
    errors = []
    allowed = settings.ALLOWED_HOSTS
    for site in sites:
        if site.hostname in LOCAL_HOSTNAMES:
            errors.append(
                Error(
                    f"The Wagtail Site's hostname is “{site.hostname}”: links in pages, feeds and the sitemap "
                    "would point there.",
                    hint="Run `manage.py setup_site --hostname blog.example.de --https` with the address readers use.",
                    obj=site,
                    id="site_project.E001",
                )
            )
        elif not validate_host(site.hostname, allowed):
            errors.append(
                Error(
                    f"The Wagtail Site's hostname “{site.hostname}” is not in DJANGO_ALLOWED_HOSTS "
                    f"({', '.join(allowed) or 'empty'}): its pages would answer 400.",
                    hint="Add it to DJANGO_ALLOWED_HOSTS, or correct the Site with `manage.py setup_site`.",
                    obj=site,
                    id="site_project.E002",
                )
            )
    return errors
