"""Measure cold renders in-process: every cache off, each request rendered from the database.

    manage.py profile_render [PATH ...] [--count 200] [--warmup 20] [--profile N [--callers REGEX]]
                             [--queries] [--templates]

Each path is requested through the whole middleware stack (``django.test.Client``, no test instrumentation) with
``PAGE_CACHE_ENABLED`` off, so neither the page cache nor the render caches answer. Printed per path: the median CPU
time (``time.process_time``, which a busy machine disturbs less than wall time) and wall time per render of
``--count`` renders after ``--warmup``, and the number of SQL queries. ``--queries`` lists one render's queries with
their time, ``--profile N`` the N functions with the most own time under cProfile (and cumulative).

Run it with the production settings (DEBUG off, the cached template loader), as ``python -m tests.bench --only
render`` does: ``DEBUG`` on keeps every query in memory and renders templates with debug information.
"""

import cProfile
import io
import pstats
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

DEFAULT_PATHS = ["/artikel/muss-man-seine-kunden-lieben/", "/", "/artikel/"]


class Command(BaseCommand):
    help = "Median CPU and wall time and the queries of cold renders (every cache off), in-process."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the top N functions")
        parser.add_argument("--callers", metavar="REGEX", help="with --profile: who calls the functions matching it")
        parser.add_argument(
            "--templates", action="store_true", help="CPU per template, own time (without the templates it includes)"
        )
        parser.add_argument("--queries", action="store_true", help="list the queries of one render")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: figures are not those of production (see the module docstring).")
        with override_settings(PAGE_CACHE_ENABLED=False):
            client = Client(HTTP_HOST=options["host"])
            for path in options["paths"]:
                self.measure(client, path, options)

    def get(self, client, path):
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        return response

    def template_times(self, client, path, options):
        from django.template import base

        own, stack, original = {}, [], base.Template._render

        def timed(template, context):
            stack.append(time.process_time())
            started = stack[-1]
            try:
                return original(template, context)
            finally:
                now = time.process_time()
                # The start moved on by the time of the templates rendered inside this one.
                own[template.name] = own.get(template.name, 0) + now - stack.pop()
                if stack:
                    stack[-1] += now - started

        renders = max(1, options["count"] // 4)
        base.Template._render = timed
        try:
            started = time.process_time()
            for _ in range(renders):
                self.get(client, path)
            total = time.process_time() - started
        finally:
            base.Template._render = original
        self.stdout.write(f"  per render: {total / renders * 1000:.2f} ms in all, own time per template:")
        for name, spent in sorted(own.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {spent / renders * 1000:6.2f} ms  {name}")

    def measure(self, client, path, options):
        for _ in range(options["warmup"]):
            self.get(client, path)
        queries = []

        def record(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((time.perf_counter() - started, sql))

        # Not CaptureQueriesContext: each request's start empties the connection's query log.
        with connection.execute_wrapper(record):
            self.get(client, path)
        cpu, wall = [], []
        for _ in range(options["count"]):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            self.get(client, path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        self.stdout.write(
            f"{path}: CPU median {statistics.median(cpu):.1f} ms, wall median {statistics.median(wall):.1f} ms "
            f"(min {min(wall):.1f}), {len(queries)} queries, {options['count']} renders"
        )
        if options["queries"]:
            for seconds, sql in queries:
                self.stdout.write(f"  {seconds * 1000:6.2f} ms  {sql[:400]}")
        if options["templates"]:
            self.template_times(client, path, options)
        if options["profile"]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(max(1, options["count"] // 4)):
                self.get(client, path)
            profiler.disable()
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(options["profile"])
                self.stdout.write(out.getvalue())
            if options["callers"]:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("tottime").print_callers(options["callers"])
                self.stdout.write(out.getvalue())
