"""`make bench`, frontend part: Varnish in front of two app servers behind nginx, sharing PostgreSQL and Redis.

Measures Varnish-hit throughput on the seed article next to nginx serving a saved copy of the same page (the
static limit; target: at least 50 % of it), then checks that a change made on the site is seen through each app
server and through Varnish on the next request. Ports: BENCH_FRONTEND_PORT and the four after it.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.bench.__main__ import BASE_DIR, DURATION, RESULTS_DIR, SEED_PATH, base_env, log, manage

FIRST_PORT = int(os.environ.get("BENCH_FRONTEND_PORT", "8160"))
APP_PORTS = (FIRST_PORT, FIRST_PORT + 1)
VARNISH_PORT, BALANCER_PORT, STATIC_PORT = FIRST_PORT + 2, FIRST_PORT + 3, FIRST_PORT + 4

NGINX = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream app {{ server 127.0.0.1:{app1}; server 127.0.0.1:{app2}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{balancer};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
    server {{
        listen 127.0.0.1:{static};
        root {dir}/static;
        location / {{ default_type text/html; try_files /page.html =404; }}
    }}
}}
"""


def get(port, path, host="localhost"):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_until(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {timeout} s")


def wrk(port, path, connections=32):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}s", "-H", "Host: localhost", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main():
    for tool in ("wrk", "nginx", "varnishd"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            log(f"frontend: {tool} is missing, skipped (apt-get install wrk nginx varnish varnish-modules)")
            return
    database_url = os.environ.get(
        "BENCH_FRONTEND_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/blog_bench_frontend"
    )
    url = urllib.parse.urlparse(database_url)
    if "bench" not in url.path:
        raise SystemExit("BENCH_FRONTEND_POSTGRES_URL must name a database with 'bench' in its name: it is dropped.")
    server = ["-h", url.hostname or "127.0.0.1", "-U", url.username or "postgres"]
    subprocess.run(["dropdb", *server, "--if-exists", "--force", url.path.lstrip("/")], check=True)
    subprocess.run(["createdb", *server, url.path.lstrip("/")], check=True)
    env = base_env(database_url)
    env.update(
        {
            "FRONTEND_CACHE_URL": f"http://127.0.0.1:{VARNISH_PORT}",
            "PAGE_CACHE_SHARED_MAX_AGE": "3600",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "GUNICORN_WORKERS": os.environ.get("BENCH_FRONTEND_WORKERS", "2"),
        }
    )
    env.pop("BENCH_QUERY_COUNT", None)
    log("frontend: migrate, demo content, static files")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "refresh_page_cache", capture=True)

    work = Path(tempfile.mkdtemp(prefix="bench-frontend-"))
    processes = []
    try:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        for port in APP_PORTS:
            processes.append(
                subprocess.Popen(
                    [str(gunicorn), "-c", "gunicorn.conf.py", "site_project.wsgi"],
                    cwd=BASE_DIR,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                )
            )
        for port in APP_PORTS:
            wait_until(lambda port=port: get(port, "/healthz")[0] == 200, f"gunicorn on {port}")
        (work / "static").mkdir()
        (work / "static" / "page.html").write_text(get(APP_PORTS[0], SEED_PATH)[2])
        (work / "nginx.conf").write_text(
            NGINX.format(dir=work, app1=APP_PORTS[0], app2=APP_PORTS[1], balancer=BALANCER_PORT, static=STATIC_PORT)
        )
        processes.append(
            subprocess.Popen(["nginx", "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
        )
        wait_until(lambda: get(BALANCER_PORT, "/healthz")[0] == 200, "nginx")
        vcl = (BASE_DIR / "deploy" / "varnish" / "default.vcl").read_text().replace('"8000"', f'"{BALANCER_PORT}"')
        (work / "default.vcl").write_text(vcl)
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        processes.append(
            subprocess.Popen(
                [varnishd, "-F", "-j", "none", "-a", f"127.0.0.1:{VARNISH_PORT}", "-f", str(work / "default.vcl")]
                + ["-n", str(work / "varnish"), "-s", "malloc,128m"],
                stdout=subprocess.DEVNULL,
            )
        )
        wait_until(lambda: get(VARNISH_PORT, SEED_PATH)[0] == 200, "varnishd")
        state = get(VARNISH_PORT, SEED_PATH)[1].get("X-Varnish-Cache")
        static_rps = wrk(STATIC_PORT, "/")
        varnish_rps = wrk(VARNISH_PORT, SEED_PATH)
        share = varnish_rps / static_rps
        log(f"  nginx static copy of the seed article: {static_rps:,.0f} req/s")
        log(
            f"  Varnish hit [{state}]: {varnish_rps:,.0f} req/s = {share:.0%} of the static limit "
            f"(target ≥ 50 %: {'met' if share >= 0.5 else 'NOT met'})"
        )

        # A change on the site: seen through each app server and through Varnish on the next request.
        title = f"Muss man seine Kunden lieben? ({int(time.time())})"
        manage(
            env,
            "shell",
            "-c",
            "from blog.models import ArticlePage\n"
            f"page = ArticlePage.objects.get(url_path__endswith='{SEED_PATH.strip('/').split('/')[-1]}/', "
            "locale__language_code='de')\n"
            f"page.title = {title!r}\npage.save_revision().publish()",
            capture=True,
        )
        seen = {
            "app server 1": title in get(APP_PORTS[0], SEED_PATH)[2],
            "app server 2": title in get(APP_PORTS[1], SEED_PATH)[2],
            "nginx (both)": title in get(BALANCER_PORT, SEED_PATH)[2],
            "Varnish": title in get(VARNISH_PORT, SEED_PATH)[2],
        }
        log(
            "  two app servers: change seen on the next request through "
            + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in seen.items())
        )
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)
    (RESULTS_DIR).mkdir(exist_ok=True)


if __name__ == "__main__":
    main()
