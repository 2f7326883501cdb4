"""`make bench`: the site under gunicorn with production settings, on PostgreSQL and on SQLite, driven by wrk.

For each database: migrate, load the demo content (the seed article) and the scale data
(`manage.py load_scale_data --articles 10000 --comments 100000`), collect static files, start gunicorn with
gunicorn.conf.py, then measure each scenario with wrk: requests per second, p50 and p99 latency, queries per
request (X-Query-Count, from site_project.middleware's QueryCountMiddleware, on with BENCH_QUERY_COUNT=1) and the
peak memory (proportional set size) of gunicorn's processes. "Uncached" requests carry a cookie, so the page cache
does not answer them and every one is rendered (with the render caches warm, as for any reader with a cookie);
"cold" requests follow a content change each, so nothing is cached at all. Then Lighthouse (mobile) on the home
page and the seed article, and the seed article's compressed weight. Results are printed and saved to
bench-results/<time>.json, with each of the issue's targets met or not.

Each run starts from empty databases: the PostgreSQL database (its name must contain "bench") is dropped and created,
the SQLite file deleted.

Environment: BENCH_DATABASES=postgresql,sqlite  BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/blog_bench
BENCH_REDIS_URL=redis://127.0.0.1:6379/6  BENCH_DURATION=10  BENCH_ARTICLES=10000  BENCH_COMMENTS=100000
BENCH_SCALE_COMMAND (replaces `manage.py load_scale_data …`)  BENCH_CATEGORY_PATH  BENCH_SKIP_LIGHTHOUSE=1
BENCH_PORT=8061  BENCH_SKIP_WORDPRESS=1  BENCH_WORDPRESS_DATABASE=wp_bench_coldpages  BENCH_MYSQL_HOST=127.0.0.1
BENCH_MYSQL_PORT=3306  BENCH_WORDPRESS_WORKERS=2  BENCH_COLD_ROUNDS=3  BENCH_STARTUP_TIMEOUT=180
BENCH_REUSE_DATA=1 (measure the data of the previous run again)  BENCH_WORDPRESS_PORT (WordPress's nginx; PHP-FPM on
the next port; else free ports).

`python -m tests.bench --only import` runs only the WordPress import benchmark (tests/bench/wordpress_import.py;
BENCH_IMPORT_MB, BENCH_IMPORT_POSTGRES_URL); `--only site` only the site's; `--only wave` only the comment wave and
`--only cold` only the every-cache-off side by side (on the first of BENCH_DATABASES; with BENCH_REUSE_DATA=1 on the
previous run's data).

On PostgreSQL also, with every cache off (PAGE_CACHE_ENABLED=false: no page cache, no render caches): the seed
article side by side with Debian's WordPress 6.1 (tests/bench/wordpress.py: PHP-FPM, MariaDB, nginx, no page cache
plugin) at 8 connections, in turn BENCH_COLD_ROUNDS times, with the ratio of the medians, and an article of the scale
data at concurrency 1 (its p50). And a comment
wave: one held comment a second saved while wrk reads the home page and five articles through the page cache; the
page cache's hit rate is counted from its X-Page-Cache header.
"""

import datetime
import gzip
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
RESULTS_DIR = BASE_DIR / "bench-results"
BENCH_DIR = Path(__file__).resolve().parent
PORT = int(os.environ.get("BENCH_PORT", "8061"))
ORIGIN = f"http://127.0.0.1:{PORT}"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
# Every cache off: ours and WordPress measured in turn so many times, the medians compared.
COLD_ROUNDS = max(1, int(os.environ.get("BENCH_COLD_ROUNDS", "3")))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "10000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "100000"))
STARTUP_TIMEOUT = int(os.environ.get("BENCH_STARTUP_TIMEOUT", "180"))
# Measure the databases a previous run filled instead of loading them again (the PostgreSQL one is kept after a run).
REUSE_DATA = os.environ.get("BENCH_REUSE_DATA") == "1"
SEED_PATH = "/artikel/muss-man-seine-kunden-lieben/"
# A cookie the page cache does not ignore: the request is rendered, as for a reader with a session.
UNCACHED = {"Cookie": "bench-uncached=1"}
TARGETS = {
    "seed_article_uncached": "≥ 150 req/s with p50 < 20 ms, at concurrency 1",
    "seed_article_cached": "≥ 1,500 req/s",
    "comments_200_vs_2": "200 comments ≤ 1.5 × the time of 2",
    "search": "p50 < 50 ms on PostgreSQL",
    "cold_vs_wordpress": "every cache off: ≥ 3 × WordPress's requests/s on the seed article, wrk at 8 connections",
    "cold_article_p50": "every cache off: an article of the scale data p50 < 20 ms at concurrency 1",
    "comment_wave_hit_rate": "page-cache hit rate ≥ 99 % with one held comment a second",
}

DISCOVER = """
import json
from django.apps import apps
from django.db.models import Count
from wagtail.models import Page
from blog.models import ArticlePage, BlogIndexPage, Category

out = {}
index = BlogIndexPage.objects.live().filter(locale__language_code="de").first()
out["blog_index"] = index.url if index else None
categories = Category.objects.filter(locale__language_code="de") if hasattr(Category, "locale") else Category.objects
category = categories.first()
out["category_slug"] = category.slug if category else None
out["articles"] = ArticlePage.objects.live().count()
try:
    # Issue 5's archives: a routable "category" route on the article list.
    out["category_url"] = index.archive_url("category", slug=category.slug)
except Exception:
    out["category_url"] = None
try:
    Comment = apps.get_model("blog", "ReaderComment")
except LookupError:
    Comment = None
if Comment is not None:
    fk = next(
        f for f in Comment._meta.concrete_fields
        if f.is_relation and f.many_to_one and issubclass(f.related_model, Page)
    )
    out["comments"] = Comment.objects.count()
    counts = dict(Comment.objects.values_list(fk.attname).annotate(n=Count("pk")).values_list(fk.attname, "n"))
    def closest(target):
        if not counts:
            return None
        pk = min(counts, key=lambda pk: (abs(counts[pk] - target), pk))
        page = Page.objects.get(pk=pk)
        return {"url": page.url, "comments": counts[pk]}
    out["comments_2"] = closest(2)
    out["comments_200"] = closest(200)
# The comment wave reads the seed article and four more, as readers spread over the newest articles do.
seed = ArticlePage.objects.live().filter(slug="muss-man-seine-kunden-lieben", locale__language_code="de").first()
others = ArticlePage.objects.live().filter(locale__language_code="de").exclude(pk=getattr(seed, "pk", None))
out["wave_articles"] = [page.url for page in ([seed] if seed else []) + list(others.order_by("-date", "-pk")[:4])]
out["seed_article_pk"] = getattr(seed, "pk", None)
# An article from the middle of the scale data: its neighbours, related articles and archives are among thousands.
middle = others.order_by("pk")
out["scale_article"] = middle[middle.count() // 2].url if middle.exists() else None
print("DISCOVER " + json.dumps(out))
"""


def log(message):
    print(f"[bench] {message}", flush=True)


def base_env(database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "FRONTEND_CACHE", "CLOUDFLARE"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "DJANGO_SECRET_KEY": "bench-" + "x7Kq9" * 12,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RECAPTCHA_PUBLIC_KEY": "bench-public-key-not-a-test-key",
            "RECAPTCHA_PRIVATE_KEY": "bench-private-key-not-a-test-key",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_STATIC_ROOT": str(RESULTS_DIR / "static"),
            "DJANGO_MEDIA_ROOT": str(RESULTS_DIR / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "BENCH_QUERY_COUNT": "1",
            "DJANGO_SERVE_MEDIA": "true",
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_MAX_REQUESTS": "0",
        }
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
    if redis_url and redis_url != "none":
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env, *args, capture=False):
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=capture, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout if capture else ''}{result.stderr or ''}")
    return result.stdout if capture else ""


def prepare(name, env):
    if REUSE_DATA:
        log(f"{name}: migrate, static files (BENCH_REUSE_DATA=1: the data of the previous run)")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        output = manage(env, "shell", "-c", DISCOVER, capture=True)
        return json.loads(output.split("DISCOVER ", 1)[1].strip().splitlines()[0])
    log(f"{name}: migrate, demo content, scale data, static files")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    commands = manage(env, "help", "--commands", capture=True).split()
    scale_command = os.environ.get("BENCH_SCALE_COMMAND")
    if scale_command:
        subprocess.run(shlex.split(scale_command), cwd=BASE_DIR, env=env, check=True)
    elif "load_scale_data" in commands:
        # The command counts articles per language and comments per article.
        per_language = str(max(1, ARTICLES // 2))
        manage(env, "load_scale_data", "--articles", per_language, "--comments", str(COMMENTS // max(1, ARTICLES)))
    else:
        log("load_scale_data is not available: measuring the demo content only")
    manage(env, "collectstatic", "--noinput", "-v0")
    output = manage(env, "shell", "-c", DISCOVER, capture=True)
    return json.loads(output.split("DISCOVER ", 1)[1].strip().splitlines()[0])


class Gunicorn:
    def __init__(self, env):
        self.env = env
        self.process = None
        self.peak_pss_kib = 0
        self.peak_worker_pss_kib = 0
        self._sampling = False

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "site_project.wsgi"], cwd=BASE_DIR, env=self.env
        )
        # Workers render the home page and the newest article before they answer (site_project/warmup.py): on a
        # busy machine with 10,000 articles that takes a while.
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(ORIGIN + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            self.__exit__()
            raise SystemExit(f"gunicorn did not become healthy within {STARTUP_TIMEOUT} s")
        self._sampling = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._sampling = False
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def pids(self):
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children")
        workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        return master, workers

    @staticmethod
    def pss_kib(pid):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            return 0
        match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
        return int(match.group(1)) if match else 0

    def _sample(self):
        while self._sampling:
            try:
                master, workers = self.pids()
            except OSError:
                break
            sizes = [self.pss_kib(pid) for pid in workers]
            self.peak_pss_kib = max(self.peak_pss_kib, self.pss_kib(master) + sum(sizes))
            self.peak_worker_pss_kib = max(self.peak_worker_pss_kib, *sizes, 0)
            time.sleep(0.5)


def fetch(path, headers=None):
    request = urllib.request.Request(ORIGIN + path, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def wrk(path, connections, headers=None, duration=DURATION, origin=None):
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, (origin or ORIGIN) + path], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)

    def percentile(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    return {
        "requests_per_second": round(rps, 1),
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def scenario(name, path, connections, cached):
    headers = None if cached else UNCACHED
    status, response_headers, _ = fetch(path, headers)
    cold_queries = int(response_headers.get("X-Query-Count", "-1"))
    # The queries of a request like those measured: the first fills the caches.
    _, response_headers, _ = fetch(path, headers)
    result = {
        "path": path,
        "status": status,
        "concurrency": connections,
        "cache": response_headers.get("X-Page-Cache"),
        "queries_per_request": int(response_headers.get("X-Query-Count", "-1")),
        "queries_first_request": cold_queries,
        **wrk(path, connections, headers),
    }
    log(
        f"  {name:<26} c={connections:<3} {result['requests_per_second']:>8} req/s  p50 {result['p50_ms']:>7} ms  "
        f"p99 {result['p99_ms']:>7} ms  {result['queries_per_request']:>3} queries  [{result['cache']}]"
    )
    return result


def cold(path, env, count=10):
    """Render ``path`` ``count`` times, each after ``manage.py refresh_page_cache`` (what a publish does to the caches,
    so the page cache and the render caches hold nothing for it): the cost of the first reader after a publish."""
    if not env.get("REDIS_URL"):
        return None  # Without a shared cache the server's processes would not see the change.
    timings, queries = [], []
    for _ in range(count):
        manage(env, "refresh_page_cache", capture=True)
        time.sleep(1.1)  # Each process reads the generation at most once a second.
        started = time.perf_counter()
        _, headers, _ = fetch(path, UNCACHED)
        timings.append((time.perf_counter() - started) * 1000)
        queries.append(int(headers.get("X-Query-Count", "-1")))
    timings.sort()
    result = {
        "path": path,
        "requests": count,
        "p50_ms": round(timings[len(timings) // 2], 2),
        "max_ms": round(timings[-1], 2),
        "queries_per_request": max(queries),
    }
    log(
        f"  {'seed_article_cold':<26} n={count:<3} p50 {result['p50_ms']:>7} ms  max {result['max_ms']:>7} ms  "
        f"{result['queries_per_request']:>3} queries  [after a content change each]"
    )
    return result


WAVE_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hits = 0; misses = 0; other = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  local value = headers["X-Page-Cache"]
  if value == "hit" then hits = hits + 1 elseif value == "miss" then misses = misses + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits"); m = m + thread:get("misses"); o = o + thread:get("other")
  end
  io.write(string.format("WAVE hits=%%d misses=%%d other=%%d\\n", h, m, o))
end
"""

HELD_COMMENTS = """
import sys, time
from blog.models import ReaderComment
# Django's start takes seconds on a busy machine: the wave begins when this says so.
print("READY", flush=True)
deadline = time.monotonic() + float(sys.argv[-1])
count = 0
while time.monotonic() < deadline:
    # What a reader's comment that waits for moderation saves; the signals that follow are the same.
    ReaderComment.objects.create(
        article_id=int(sys.argv[-2]), name="Welle", email="welle@example.org",
        text=f"Ein Kommentar, der auf Freischaltung wartet ({count}).", status=ReaderComment.Status.PENDING,
    )
    count += 1
    time.sleep(max(0.0, 1.0 - (time.monotonic() % 1.0)))
print(f"HELD {count}")
"""


def comment_wave(env, info):
    """wrk over the home page and five articles (page cache on) while one held comment a second is saved."""
    paths = ["/", *info.get("wave_articles", [])[:5]]
    if len(paths) < 2 or not info.get("seed_article_pk"):
        log("  comment wave: no articles found, skipped")
        return None
    for path in paths:
        fetch(path)  # Fill the page cache first: the wave measures what a steady site keeps.
    script = RESULTS_DIR / "comment-wave.lua"
    script.write_text(WAVE_SCRIPT % {"paths": ", ".join(json.dumps(path) for path in paths)})
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, sys; django.setup(); exec(sys.argv[1])",
            HELD_COMMENTS,
            str(info["seed_article_pk"]),
            str(DURATION),
        ],
        cwd=BASE_DIR,
        env={**env, "PYTHONPATH": str(BASE_DIR)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        if writer.stdout.readline().strip() != "READY":
            raise SystemExit("the held-comment writer did not start")
        command = ["wrk", "-t2", "-c8", f"-d{DURATION}s", "--latency", "-s", str(script), ORIGIN]
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=DURATION + 60).stdout
    finally:
        held = (writer.communicate(timeout=DURATION + 60)[0] or "").strip()
    match = re.search(r"WAVE hits=(\d+) misses=(\d+) other=(\d+)", output)
    hits, misses, other = (int(group) for group in match.groups())
    total = hits + misses + other
    result = {
        "paths": paths,
        "held_comments": int(held.split()[-1]) if held.startswith("HELD") else None,
        "hits": hits,
        "misses": misses,
        "other": other,
        "hit_rate_percent": round(100 * hits / total, 2) if total else 0.0,
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
    }
    log(
        f"  {'comment_wave':<26} c=8   {result['requests_per_second']:>8} req/s  page cache hit rate "
        f"{result['hit_rate_percent']} % ({hits} hits, {misses} misses, {other} other; "
        f"{result['held_comments']} held comments)"
    )
    return result


def cold_side_by_side(env, info):
    """Every cache off: ours against Debian's WordPress on the seed article, and a scale-data article at c=1.

    Ours and WordPress are measured in turn, ``COLD_ROUNDS`` times each, and the medians compared: gunicorn keeps
    wrk's connections with the worker that accepted them, so from one run to the next the load falls more or less
    evenly on its workers (one run alone gave 68 to 133 req/s)."""
    from .wordpress import WORKERS, WordPress, missing_parts

    # As many gunicorn workers as PHP-FPM workers, as in the measurement.
    cold_env = {**env, "PAGE_CACHE_ENABLED": "false", "GUNICORN_WORKERS": str(WORKERS)}
    results = {}
    scale_article = info.get("scale_article")
    with Gunicorn(cold_env):
        for path in (SEED_PATH, scale_article):
            if path:
                for _ in range(3):
                    fetch(path)  # The first requests of each worker import and compile templates.
        if scale_article:
            _, headers, _ = fetch(scale_article)
            article = {"path": scale_article, "queries_per_request": int(headers.get("X-Query-Count", "-1"))}
            article.update(wrk(scale_article, 1))
            results["cold_article_c1"] = article
            log(
                f"  {'cold_article_c1':<26} c=1   {article['requests_per_second']:>8} req/s  p50 "
                f"{article['p50_ms']:>7} ms  {article['queries_per_request']:>3} queries  [every cache off, "
                f"{info.get('articles')} articles]"
            )
        _, headers, _ = fetch(SEED_PATH)
        queries = int(headers.get("X-Query-Count", "-1"))

        def measure_ours(round_number):
            run = {"path": SEED_PATH, "queries_per_request": queries, **wrk(SEED_PATH, 8)}
            log(
                f"  {'seed_article_no_cache_c8':<26} c=8   {run['requests_per_second']:>8} req/s  "
                f"p50 {run['p50_ms']:>7} ms  {queries:>3} queries  [every cache off, round {round_number}]"
            )
            return run

        ours_runs, theirs_runs = [], []
        skip = bool(os.environ.get("BENCH_SKIP_WORDPRESS"))
        missing = None if skip else missing_parts()
        if missing:
            log(f"  WordPress not measured: missing {missing} (apt-get install wordpress php-fpm php-mysql nginx)")
            results["wordpress_error"] = f"missing {missing}"
        if not skip and not missing:
            try:
                with WordPress(log=lambda message: log("  " + message)) as wordpress:
                    for _ in range(3):
                        urllib.request.urlopen(wordpress.origin + wordpress.seed_path, timeout=60).read()
                    version = wordpress.version()
                    for round_number in range(1, COLD_ROUNDS + 1):
                        ours_runs.append(measure_ours(round_number))
                        theirs = {"path": wordpress.seed_path, "version": version}
                        theirs.update(wrk(wordpress.seed_path, 8, origin=wordpress.origin))
                        theirs_runs.append(theirs)
                        log(
                            f"  {'wordpress_seed_article_c8':<26} c=8   {theirs['requests_per_second']:>8} req/s  "
                            f"p50 {theirs['p50_ms']:>7} ms  [WordPress {version}, PHP-FPM, MariaDB, no page cache, "
                            f"round {round_number}]"
                        )
            except (RuntimeError, OSError, subprocess.CalledProcessError) as error:
                log(f"  WordPress not measured: {error}")
                results["wordpress_error"] = str(error)[:2000]
                theirs_runs = []  # Rounds cut short are not compared.
        if not ours_runs:
            ours_runs.append(measure_ours(1))
    ours = median_run(ours_runs)
    results["seed_article_no_cache_c8"] = {**ours, "gunicorn_workers": WORKERS, "rounds": ours_runs}
    if not theirs_runs:
        return results
    theirs = median_run(theirs_runs)
    results["wordpress_seed_article_c8"] = {**theirs, "rounds": theirs_runs}
    ratio = ours["requests_per_second"] / theirs["requests_per_second"] if theirs["requests_per_second"] else 0
    results["ratio_vs_wordpress"] = round(ratio, 2)
    results["ratio_per_round"] = [
        round(a["requests_per_second"] / b["requests_per_second"], 2) if b["requests_per_second"] else 0
        for a, b in zip(ours_runs, theirs_runs, strict=True)
    ]
    log(
        f"  every cache off vs WordPress: {ratio:.2f} × (target ≥ 3; medians of {len(ours_runs)} rounds, ours "
        f"{ours['requests_per_second']} and WordPress {theirs['requests_per_second']} req/s; per round "
        f"{', '.join(f'{value:.2f}' for value in results['ratio_per_round'])})"
    )
    return results


def median_run(runs):
    """The run with the median requests per second (the lower middle one of an even number)."""
    ordered = sorted(runs, key=lambda run: run["requests_per_second"])
    return ordered[(len(ordered) - 1) // 2]


def run_part(name, database_url, part):
    """One part of the site's benchmark alone: ``wave`` (the comment wave) or ``cold`` (every cache off)."""
    env = base_env(database_url)
    info = prepare(name, env)
    log(f"{name}: {info.get('articles')} articles, {info.get('comments', 'no')} comments; only the {part} part")
    results = {"data": info, "scenarios": {}}
    if part == "wave":
        if not env.get("REDIS_URL"):
            raise SystemExit("the comment wave needs the shared cache: BENCH_REDIS_URL")
        with Gunicorn(env):
            results["scenarios"]["comment_wave"] = comment_wave(env, info)
    else:
        results["no_cache"] = cold_side_by_side(env, info)
    results["targets_met"] = verdicts(name, results)
    for target, met in results["targets_met"].items():
        log(f"  target {target}: {'met' if met else 'NOT met'} ({TARGETS[target]})")
    return results


def run_database(name, database_url):
    env = base_env(database_url)
    info = prepare(name, env)
    log(f"{name}: {info.get('articles')} articles, {info.get('comments', 'no')} comments; starting gunicorn")
    results = {"data": info, "scenarios": {}}
    scenarios = [
        ("seed_article_uncached", SEED_PATH, 1, False),
        ("seed_article_uncached_c8", SEED_PATH, 8, False),
        ("seed_article_cached", SEED_PATH, 32, True),
        ("home_uncached", "/", 1, False),
        ("home_cached", "/", 32, True),
        ("blog_index_page_50", (info.get("blog_index") or "/artikel/") + "?page=50", 1, False),
        ("search", "/suche/?q=" + urllib.parse.quote("Kunden lieben"), 1, False),
    ]
    category_path = os.environ.get("BENCH_CATEGORY_PATH") or info.get("category_url")
    if category_path:
        scenarios.append(("category_archive", category_path, 1, False))
    else:
        log("no category archive URL (the article list's `category` route, or BENCH_CATEGORY_PATH): skipped")
    for key in ("comments_2", "comments_200"):
        if info.get(key):
            scenarios.append((f"article_{key}", info[key]["url"], 1, False))
    with Gunicorn(env) as server:
        for scenario_name, path, connections, cached in scenarios:
            results["scenarios"][scenario_name] = scenario(scenario_name, path, connections, cached)
        results["scenarios"]["seed_article_cold"] = cold(SEED_PATH, env)
        if env.get("REDIS_URL"):
            results["scenarios"]["comment_wave"] = comment_wave(env, info)
        results["gunicorn"] = {
            "workers": len(server.pids()[1]),
            "peak_total_pss_mib": round(server.peak_pss_kib / 1024, 1),
            "peak_worker_pss_mib": round(server.peak_worker_pss_kib / 1024, 1),
        }
        if name == "postgresql" or os.environ.get("BENCH_DATABASES", "").strip() == name:
            results["page_weight"] = page_weight(SEED_PATH)
            if not os.environ.get("BENCH_SKIP_LIGHTHOUSE"):
                results["lighthouse"] = {"home": lighthouse("/"), "seed_article": lighthouse(SEED_PATH)}
    log(f"  gunicorn: {results['gunicorn']}")
    if name == "postgresql" or os.environ.get("BENCH_DATABASES", "").strip() == name:
        results["no_cache"] = cold_side_by_side(env, info)
    scenarios_done = results["scenarios"]
    if "article_comments_2" in scenarios_done and "article_comments_200" in scenarios_done:
        ratio = scenarios_done["article_comments_200"]["p50_ms"] / scenarios_done["article_comments_2"]["p50_ms"]
        results["comments_200_vs_2_ratio"] = round(ratio, 2)
        log(f"  200 vs 2 comments: {ratio:.2f} × (target ≤ 1.5)")
    results["targets_met"] = verdicts(name, results)
    for target, met in results["targets_met"].items():
        log(f"  target {target}: {'met' if met else 'NOT met'} ({TARGETS[target]})")
    return results


def verdicts(name, results):
    """Each of the issue's targets that this run measured: met or not."""
    done = results["scenarios"]
    out = {}
    if "seed_article_uncached" in done:
        out["seed_article_uncached"] = (
            done["seed_article_uncached"]["requests_per_second"] >= 150 and done["seed_article_uncached"]["p50_ms"] < 20
        )
    if "seed_article_cached" in done:
        out["seed_article_cached"] = done["seed_article_cached"]["requests_per_second"] >= 1500
    if "comments_200_vs_2_ratio" in results:
        out["comments_200_vs_2"] = results["comments_200_vs_2_ratio"] <= 1.5
    if name == "postgresql" and "search" in done:
        out["search"] = done["search"]["p50_ms"] < 50
    no_cache = results.get("no_cache") or {}
    if "ratio_vs_wordpress" in no_cache:
        out["cold_vs_wordpress"] = no_cache["ratio_vs_wordpress"] >= 3
    if "cold_article_c1" in no_cache:
        out["cold_article_p50"] = no_cache["cold_article_c1"]["p50_ms"] < 20
    if done.get("comment_wave"):
        out["comment_wave_hit_rate"] = done["comment_wave"]["hit_rate_percent"] >= 99
    return out


def page_weight(path):
    """HTML, CSS and JS of a page, each gzip-compressed as WhiteNoise/the proxy serves them."""
    _, _, html = fetch(path, UNCACHED)
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.decode()) + re.findall(
        r'<script[^>]+src="(/[^"]+)"', html.decode()
    )
    sizes = {"html": len(gzip.compress(html, 9))}
    for asset in assets:
        sizes[asset] = len(gzip.compress(fetch(asset)[2], 9))
    total = sum(sizes.values())
    log(f"  {path}: {total / 1024:.1f} KiB compressed (HTML, CSS, JS; target < 30 KiB) {sizes}")
    return {"bytes": sizes, "total_kib": round(total / 1024, 1)}


def lighthouse(path):
    binary = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        log("  installing Lighthouse (npm ci in tests/bench)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH_DIR, check=True)
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    output = RESULTS_DIR / f"lighthouse{path.strip('/').replace('/', '_') or '_home'}.json"
    subprocess.run(
        [
            str(binary),
            ORIGIN + path,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        check=True,
    )
    report = json.loads(output.read_text())
    scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    log(f"  Lighthouse {path}: {scores}" + (f" failing: {failed}" if failed else ""))
    return {"scores": scores, "failing_audits": failed}


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "?",
    )
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mib": memory, "python": sys.version.split()[0]}


def main():
    if not shutil.which("wrk") and "import" not in sys.argv:
        raise SystemExit("wrk is needed: apt-get install wrk")
    RESULTS_DIR.mkdir(exist_ok=True)
    databases = {
        "postgresql": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/blog_bench"),
        "sqlite": f"sqlite:///{RESULTS_DIR / 'bench.sqlite3'}",
    }
    wanted = [name.strip() for name in os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")]
    # Every run measures the same data: a database of its own, made afresh (the scale data adds to what is there).
    if "postgresql" in wanted and not REUSE_DATA and "import" not in sys.argv:
        url = urllib.parse.urlparse(databases["postgresql"])
        if "bench" not in url.path:
            raise SystemExit("BENCH_POSTGRES_URL must name a database with 'bench' in its name: it is dropped first.")
        server = ["-h", url.hostname or "127.0.0.1", "-U", url.username or "postgres"]
        subprocess.run(["dropdb", *server, "--if-exists", "--force", url.path.lstrip("/")], check=True)
        subprocess.run(["createdb", *server, url.path.lstrip("/")], check=True)
    if "sqlite" in wanted and not REUSE_DATA:
        for suffix in ("", "-wal", "-shm"):
            (RESULTS_DIR / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    results = {"machine": machine(), "duration_s": DURATION, "targets": TARGETS, "databases": {}}
    log(f"machine: {results['machine']}")
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv[:-1] else ""
    if only in ("wave", "cold"):
        results["databases"][wanted[0]] = run_part(wanted[0], databases[wanted[0]], only)
    if only in ("", "site"):
        for name in wanted:
            results["databases"][name] = run_database(name, databases[name])
    if only in ("", "import"):
        from . import wordpress_import

        import_databases = {
            "postgresql": os.environ.get("BENCH_IMPORT_POSTGRES_URL", databases["postgresql"] + "_import"),
            "sqlite": f"sqlite:///{RESULTS_DIR / 'bench-import.sqlite3'}",
        }
        results["wordpress_import"] = wordpress_import.run(
            {name: import_databases[name] for name in wanted}, RESULTS_DIR, log=log
        )
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    log(f"saved {path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
