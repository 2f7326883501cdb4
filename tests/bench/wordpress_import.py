"""The WordPress import benchmark: a ~100 MB export built from the real-world files, dry run and real run.

Run on its own with ``python -m tests.bench --only import`` (or as part of ``make bench``). For each database the
export is analysed and then imported by ``manage.py import_wordpress`` in a child process of its own (the site is
built, migrations and demo content, in another one before, and DEBUG is off as on production settings); its peak
memory (maximum resident set size) and its items per second are printed and checked against the issue's targets
(< 200 MB, >= 50 items/s). BENCH_IMPORT_MB sets the export's size (default 100), BENCH_IMPORT_MODES the runs
(default ``dry,real``).
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
REAL_WORLD = BASE_DIR.parent / "shared" / "fixtures" / "wordpress" / "real-world"
SOURCES = ["themeunittestdata.wordpress.xml", "a11y-theme-unit-test-data.xml", "64-block-test-data.xml"]
TARGETS = {"peak_memory_mb": 200, "items_per_second": 50}
ITEM = re.compile(r"<item>.*?</item>", re.DOTALL)
NUMBERED = re.compile(
    r"<(wp:post_id|wp:post_parent|wp:comment_id|wp:comment_parent)>(?:<!\[CDATA\[)?(\d+)(?:\]\]>)?</\1>"
)
SLUG = re.compile(r"<wp:post_name>(?:<!\[CDATA\[)?([^<\]]*)(?:\]\]>)?</wp:post_name>")
LINK = re.compile(r"<link>([^<]*?)/?</link>")


def build_export(path, megabytes):
    """Repeat the items of the real-world files with new ids until the file has about ``megabytes`` MB."""
    first = (REAL_WORLD / SOURCES[0]).read_text(encoding="utf-8")
    head = first[: first.index("<item>")]
    items = []  # (index of its file, item)
    for index, name in enumerate(SOURCES):
        text = (REAL_WORLD / name).read_text(encoding="utf-8")
        # The same namespace as the head's, so that every copy is read the same way.
        text = text.replace("http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/")
        items.extend((index, item) for item in ITEM.findall(text))
    target = megabytes * 1024 * 1024
    written = count = copy = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        written += len(head.encode())
        while written < target:
            copy += 1
            for index, item in items:
                # Each file of each copy has ids of its own, as one WordPress site's posts have: the files' ids
                # overlap, and the same offset for all three made a third of the items updates of others.
                # (Ids that one file itself repeats stay repeated, as in the real-world export.)
                offset = (copy * len(SOURCES) + index) * 1_000_000

                def renumber(match, offset=offset):
                    number = int(match.group(2))
                    return f"<{match.group(1)}>{number + offset if number else 0}</{match.group(1)}>"

                item = NUMBERED.sub(renumber, item)
                item = SLUG.sub(lambda m, c=copy: f"<wp:post_name><![CDATA[{m.group(1)}-{c}]]></wp:post_name>", item)
                item = LINK.sub(lambda m, c=copy: f"<link>{m.group(1)}-{c}/</link>", item)
                out.write(item + "\n")
                written += len(item.encode()) + 1
                count += 1
                if written >= target:
                    break
        out.write("</channel>\n</rss>\n")
    return count


def measure(database_url, export, items, mode):
    """One run in a fresh interpreter, so the peak memory is this run's alone."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "site_project.settings.dev"}
    # The site is built in a process of its own: its peak (migrations, demo content) is not the import's.
    setup = [sys.executable, "-m", "tests.bench.wordpress_import", "--child", "setup", str(export)]
    result = subprocess.run(setup, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"import benchmark (setup) failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    command = [sys.executable, "-m", "tests.bench.wordpress_import", "--child", mode, str(export)]
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"import benchmark ({mode}) failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    seconds, peak_mb, cpu_seconds = map(float, result.stdout.strip().splitlines()[-1].split())
    return {
        "seconds": round(seconds, 1),
        "peak_memory_mb": round(peak_mb, 1),
        "items_per_second": round(items / seconds, 1),
        # The import process's own CPU time (user + system): on a shared machine a truer figure of its cost than
        # the wall clock (PostgreSQL's server time is not in it; SQLite's is).
        "cpu_seconds": round(cpu_seconds, 1),
        "items_per_cpu_second": round(items / cpu_seconds, 1) if cpu_seconds else None,
    }


def child(mode, export):
    """Inside a fresh interpreter: ``setup`` migrates and builds the site (not measured); ``dry`` or ``real`` runs
    ``import_wordpress`` as an operator would, in a process of its own (measured: time and peak memory)."""
    import django

    django.setup()
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    if mode == "setup":
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo_content", stdout=StringIO())
        return
    # As an operator's run on production settings: the development settings' DEBUG would keep a log of the last
    # 9,000 queries (revisions' JSON included) in memory.
    settings.DEBUG = False
    args = ["import_wordpress", export] + (["--dry-run"] if mode == "dry" else [])
    started, cpu_before = time.monotonic(), _cpu_seconds()
    # The report goes to a file, as an operator's redirected run writes it: held in a StringIO, its lines (tens of
    # thousands for a 100 MB export, four bytes a character once one has an umlaut) were the run's peak.
    with tempfile.TemporaryFile("w", encoding="utf-8") as report:
        call_command(*args, stdout=report, stderr=report)
    seconds, cpu = time.monotonic() - started, _cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"{seconds} {peak / 1024} {cpu}")


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def fresh_database(url):
    """Each run imports into an empty database: a PostgreSQL one (named with "bench") is recreated."""
    import urllib.parse

    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    parsed = urllib.parse.urlparse(url)
    if "bench" not in parsed.path:
        raise SystemExit("The import benchmark's PostgreSQL database must have 'bench' in its name: it is dropped.")
    server = ["-h", parsed.hostname or "127.0.0.1", "-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", *server, "--if-exists", "--force", parsed.path.lstrip("/")], check=True)
    subprocess.run(["createdb", *server, parsed.path.lstrip("/")], check=True)


def run(databases, work_dir, log=print):
    megabytes = int(os.environ.get("BENCH_IMPORT_MB", "100"))
    export = Path(work_dir) / f"wordpress-{megabytes}mb.xml"
    items = build_export(export, megabytes)
    log(f"import: built {export.name}: {export.stat().st_size / 1e6:.1f} MB, {items} items")
    results = {"export_mb": round(export.stat().st_size / 1e6, 1), "items": items, "targets": TARGETS}
    for name, url in databases.items():
        for mode in [mode.strip() for mode in os.environ.get("BENCH_IMPORT_MODES", "dry,real").split(",")]:
            fresh_database(url)
            figures = measure(url, export, items, mode)
            figures["meets_targets"] = (
                figures["peak_memory_mb"] < TARGETS["peak_memory_mb"]
                and figures["items_per_second"] >= TARGETS["items_per_second"]
            )
            results[f"{name}_{mode}"] = figures
            log(
                f"import {name} {mode} run: {figures['items_per_second']} items/s, peak memory "
                f"{figures['peak_memory_mb']} MB ({figures['seconds']} s; {figures['cpu_seconds']} s of CPU, "
                f"{figures['items_per_cpu_second']} items per CPU second) "
                f"{'OK' if figures['meets_targets'] else 'MISSES TARGET'}"
            )
    return results


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit("Run through python -m tests.bench --only import")
