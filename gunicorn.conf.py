"""gunicorn settings for production; every value can be changed from the environment.

Run: gunicorn site_project.wsgi  (gunicorn reads ./gunicorn.conf.py from the working directory).
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threaded workers: pages render in a few milliseconds, but a comment post may wait up to
# COMMENTS_RECAPTCHA_DEADLINE_SECONDS for Google; the other thread goes on serving readers meanwhile. Two, not
# more: rendering is CPU work under one interpreter lock, and four threads contending for it served about 10 % fewer
# uncached pages than two (docs/deployment.md).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
# Load the app once in the master: workers share its memory pages and start fast.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Keep-alive for the proxy in front. A kept connection stays with the worker that accepted it, and one worker uses one
# core (Python's interpreter lock): with few kept connections the load can fall unevenly on the workers
# (docs/deployment.md). Without keep-alive it is even, but each request opens a connection: page-cache hits went from
# 5,950 to 3,670 a second on two workers.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then, so that a slow leak never grows into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Only the reverse proxy on this host may set X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs to stdout/stderr, collected by systemd's journal or the container runtime.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def when_ready(server):
    """In the master, before the workers fork: parse the templates once for all of them (site_project/warmup.py)."""
    from site_project.warmup import compile_templates

    compile_templates()


def pre_fork(server, worker):
    """In the master, just before a worker forks: leave what the master loaded (the app, the parsed templates) out of
    the workers' garbage collections. Python's collector writes to every object it looks at, which copies the page it
    sits on into the worker (memory the workers would otherwise share), and every full collection goes through all of
    them again (a fifth of a million objects). The master and two workers took 222 MB instead of 288 MB."""
    gc.freeze()


def post_worker_init(worker):
    """In each worker, before it accepts connections: render the home page and the newest article once, so that no
    reader waits for the first."""
    from site_project.warmup import warm_up

    warm_up(worker.wsgi)
    # What the first renders loaded stays for the worker's life too (compiled queries, translations, URL resolvers).
    gc.freeze()
