"""Querysets compiled to SQL once per process, run with each call's values: the ORM's Python cost without its compiler.

A cold page render spends more time in Django's SQL compiler than in the database: compiling a page query (forty
columns, joins, subqueries) costs 0.3 to 1 ms of Python, running it on PostgreSQL or SQLite a tenth of that. The
queries a page render makes have a fixed shape: only their values change (an article's pk, date, locale). A
``PreparedQuery`` builds its queryset once with placeholder values, compiles it, notes where each placeholder went
into the SQL parameters and how the backend adapted it (a UUID as hex on SQLite, a date as text, a ``LIKE`` prefix
escaped), and from then on runs the same SQL with the call's values through Django's own row handling: model
instances, ``select_related``, annotations and ``prefetch_related`` come out as from the queryset itself.

Nothing but SQL text is kept: every call reads the database. A query whose shape depends on a value (``None``, the
length of a list) must not be prepared, or must say so in its ``shape`` key.

On PostgreSQL (with ``server_side_binding``, site_project/settings/base.py) the statements a ``PreparedQuery`` runs,
its prefetches included, are also prepared on the database: each connection plans them once and runs that plan with
each call's values (``PreparingCursor``). Planning was most of the database's time for an article. No other query is
prepared: PostgreSQL switches a prepared statement to a plan made without the values after five runs, and for a
list's ``path LIKE $1`` (Wagtail's ``descendant_of``) that plan reads the whole page table (the start page's
featured articles took 9 ms instead of 1). The fixed shapes here were each checked with such a plan.
"""

import contextvars
import copy
import datetime
import functools
import itertools
import uuid

from django.db import connections, router

# True while PreparedQuery.run reads: PreparingCursor prepares the statements executed meanwhile.
_preparing = contextvars.ContextVar("prepared_query_preparing", default=False)


@functools.cache
def preparing_cursor_class():
    """Django's server-binding cursor for psycopg, preparing what it runs inside ``PreparedQuery.run``."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, **kwargs):
            if prepare is None:
                prepare = _preparing.get()
            return super().execute(query, params, prepare=prepare, **kwargs)

    return PreparingCursor


def use_preparing_cursors(sender, connection, **kwargs):
    """``connection_created``: a PostgreSQL connection with server-side binding gets ``PreparingCursor``."""
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding") is True:
        connection.connection.cursor_factory = preparing_cursor_class()
        # While it is None (Django's default) psycopg prepares nothing, even when asked. The cursor decides for each
        # statement; the count that would prepare any other query after so many runs is never reached.
        connection.connection.prepare_threshold = 2**31 - 1


_counter = itertools.count(1)


class Placeholder:
    """Values of each type that no real query uses, so that they can be found among the compiled parameters."""

    @staticmethod
    def make(kind):
        number = next(_counter)
        if kind is int:
            # In the range of every integer field (Django answers an out-of-range lookup without SQL), unlike
            # the constants a query compiles with (LIMIT is written into the SQL; flags are booleans).
            return 30_001 + number % 2_000
        if kind is str:
            return f"qzxplaceholder{number}qzx"
        if kind is uuid.UUID:
            return uuid.UUID(int=(0xFEEDFACE << 64) + number)
        if kind is datetime.date:
            return datetime.date(1001, 1, 1) + datetime.timedelta(days=number)
        raise TypeError(f"No placeholder for {kind!r}")


def _adapters(connection):
    """Ways a backend turns a value into a parameter, tried in order on each placeholder."""
    ops = connection.ops
    return [
        ("same", lambda value: value),
        ("date", lambda value: ops.adapt_datefield_value(value) if isinstance(value, datetime.date) else value),
        ("hex", lambda value: value.hex if isinstance(value, uuid.UUID) else value),
        ("str", str),
    ]


class PreparedQuery:
    """``build(**values)`` returns a queryset; ``run(**values)`` returns its rows as a list, compiled once.

    ``kinds`` names each value's type (``int``, ``str``, ``uuid.UUID``, ``datetime.date``). A value that is None
    runs the queryset as it is, uncompiled: a NULL changes the SQL.
    """

    def __init__(self, build, *, plan_once=True, **kinds):
        self.build = build
        self.kinds = kinds
        # False for a query that a plan made without its values would run slowly (see the module docstring).
        self.plan_once = plan_once
        self._compiled = {}

    def run(self, shape=(), **values):
        """The rows for ``values``; ``shape`` tells apart the variants of a query whose SQL differs (a key)."""
        if any(value is None for value in values.values()):
            return list(self.build(**values))
        compiled = self._compiled.get(shape)
        if compiled is None:
            placeholders = {name: Placeholder.make(kind) for name, kind in self.kinds.items()}
            template = self.build(**placeholders)
            alias = template._db or router.db_for_read(template.model)
            compiled = self._compiled[shape] = (template, alias, *self._compile(template, alias, placeholders))
        template, alias, compiler, sql, slots = compiled
        connection = connections[alias]
        adapters = dict(_adapters(connection))
        params = tuple(
            compiled_param
            if name is None
            else _fill(connection, adapters, how, placeholder, compiled_param, values[name])
            for name, how, placeholder, compiled_param in slots
        )
        runner = copy.copy(compiler)
        runner.connection = connection
        runner.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = template._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: runner
        token = _preparing.set(self.plan_once)
        try:
            return list(queryset)
        finally:
            _preparing.reset(token)

    def _compile(self, template, alias, placeholders):
        compiler = template.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        adapters = _adapters(connections[alias])
        slots, found = [], set()
        for param in params:
            slot = (None, None, None, param)
            for name, placeholder in placeholders.items():
                how = _how(adapters, placeholder, param)
                if how is not None:
                    slot = (name, how, placeholder, param)
                    found.add(name)
                    break
            slots.append(slot)
        for name, _, _, param in slots:
            # A value computed from a placeholder (depth + 1) would be compiled in as a constant: refuse it.
            if name is None and (
                (type(param) is int and 30_001 <= param <= 32_001)
                or (isinstance(param, str) and "qzxplaceholder" in param)
            ):
                raise ValueError(f"A compiled constant {param!r} comes from a placeholder: pass it as a value")
        missing = set(placeholders) - found
        if missing:
            raise ValueError(f"Values not found in the compiled query (inlined or unused): {sorted(missing)}")
        return compiler, sql, slots


def _how(adapters, placeholder, param):
    for how, adapt in adapters:
        adapted = adapt(placeholder)
        if type(adapted) is type(param) and adapted == param:
            return how
    # Wrapped in a subclass of its type (psycopg's Int4 for an integer in a CASE on PostgreSQL): wrapped alike.
    if isinstance(param, type(placeholder)) and type(param) is not bool and param == placeholder:
        return type(param)
    # A LIKE pattern: the placeholder inside an escaped prefix, suffix or substring.
    if isinstance(param, str) and isinstance(placeholder, str) and placeholder in param:
        return "like"
    return None


def _fill(connection, adapters, how, placeholder, compiled_param, value):
    if how == "like":
        return compiled_param.replace(placeholder, connection.ops.prep_for_like_query(value))
    if isinstance(how, type):
        return how(value)
    return adapters[how](value)
