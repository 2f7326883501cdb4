"""Wagtail's database search backend, with PostgreSQL's stemming in the language of each page.

PostgreSQL stems words by a text search configuration: "german" makes "Kunden" and "Kunde" one lexeme, "english"
does the same for "clients" and "client". One index table serves both languages, so each object is indexed with the
configuration of its own locale and each query is parsed with the configuration of the active language. Other
databases use Wagtail's own backend for them unchanged.

Settings: ``WAGTAILSEARCH_BACKENDS["default"] = {"BACKEND": "search.backend", "LANGUAGE_CONFIGS": {...}}``.
"""

import copy
from collections import defaultdict

from django.db import connection
from django.utils.translation import get_language

from wagtail.models import Locale
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

DEFAULT_LANGUAGE_CONFIGS = {"de": "german", "en": "english"}


def SearchBackend(params):  # noqa: N802 - Wagtail looks the backend up under this name
    if connection.vendor != "postgresql":
        return DatabaseSearchBackend(params)
    return LocalizedPostgresSearchBackend(params)


class LocalizedQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for_language(get_language())


class LocalizedIndex(PostgresIndex):
    def add_items(self, model, objs):
        groups = defaultdict(list)
        languages = self.backend.languages_by_locale()
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            groups[self.backend.config_for_language(language)].append(obj)
        original = self.backend
        try:
            for config, group in groups.items():
                # The indexer reads the configuration from its backend: give it one with this group's.
                self.backend = copy.copy(original)
                self.backend.config = config
                super().add_items(model, group)
        finally:
            self.backend = original


class LocalizedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = LocalizedQueryCompiler
    index_class = LocalizedIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = {**DEFAULT_LANGUAGE_CONFIGS, **params.get("LANGUAGE_CONFIGS", {})}
        self.config = self.config or "simple"

    def config_for_language(self, language):
        return self.language_configs.get((language or "")[:2], self.config)

    def languages_by_locale(self):
        return dict(Locale.objects.values_list("pk", "language_code"))
