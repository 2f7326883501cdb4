"""Debian's WordPress (PHP-FPM, MariaDB, nginx, no page cache plugin) serving the seed article, for `make bench`.

Everything runs on loopback and is removed afterwards: a database of its own on the MariaDB at BENCH_MYSQL_HOST
(root, empty password by default), a host config file /etc/wordpress/config-<name>.php (Debian's wp-config.php reads
it), a PHP-FPM and an nginx on free ports with their files in a temporary directory. The seed article and its
comments come from the WordPress export (WXR) through WordPress's own wp_insert_post()/wp_insert_comment().

Needs: apt-get install wordpress php-fpm php-mysql nginx (and a MariaDB/MySQL server). What is missing is said.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

WORDPRESS_ROOT = Path("/usr/share/wordpress")
EXPORT = Path(os.environ.get("BENCH_WXR", "/work/shared/fixtures/wordpress/buero-blog.wordpress.xml"))
SEED_SLUG = "muss-man-seine-kunden-lieben"
# Two PHP workers, as gunicorn runs two: the same CPU for both.
WORKERS = int(os.environ.get("BENCH_WORDPRESS_WORKERS", "2"))

INSTALL = r"""<?php
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = getenv('WP_BENCH_HOST');
$_SERVER['WORDPRESS_CONFIG'] = getenv('WP_BENCH_CONFIG');
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
// No mail about the new site: there is no mail server here.
function wp_new_blog_notification() {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Das Blog rund ums Büro', 'admin', 'admin@example.org', true, '', wp_generate_password(24));
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules(false);
update_option('WPLANG', '');
// The export is read by bench (Python's XML parser, which does not resolve entities) and handed over as JSON.
$item = json_decode(file_get_contents(getenv('WP_BENCH_ITEM')), true);
{
    $terms = array('category' => array(), 'post_tag' => array());
    foreach ($item['terms'] as $category) {
        $term = term_exists($category['slug'], $category['domain'])
            ?: wp_insert_term($category['name'], $category['domain'], array('slug' => $category['slug']));
        $terms[$category['domain']][] = (int) $term['term_id'];
    }
    $post = wp_insert_post(array(
        'post_title' => $item['title'],
        'post_name' => $item['slug'],
        'post_content' => $item['content'],
        'post_excerpt' => $item['excerpt'],
        'post_date' => $item['date'],
        'post_status' => 'publish',
        'post_type' => 'post',
        'post_category' => $terms['category'],
        'tags_input' => $terms['post_tag'],
    ), true);
    if (is_wp_error($post)) { fwrite(STDERR, $post->get_error_message()); exit(1); }
    $ids = array();
    foreach ($item['comments'] as $comment) {
        $ids[$comment['id']] = wp_insert_comment(array(
            'comment_post_ID' => $post,
            'comment_author' => $comment['author'],
            'comment_author_email' => $comment['email'],
            'comment_author_url' => $comment['url'],
            'comment_date' => $comment['date'],
            'comment_content' => $comment['content'],
            'comment_approved' => $comment['approved'],
            'comment_type' => $comment['type'],
            'comment_parent' => $ids[$comment['parent']] ?? 0,
        ));
    }
    echo 'WP_BENCH_POST ' . get_permalink($post) . "\n";
}
"""


WXR = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
}


def seed_item(path=EXPORT, slug=SEED_SLUG):
    """The seed article of a WordPress export, with its terms and comments, as plain data."""
    from xml.etree import ElementTree

    for item in ElementTree.parse(path).getroot().iter("item"):
        if item.findtext("wp:post_name", namespaces=WXR) != slug:
            continue
        return {
            "title": item.findtext("title"),
            "slug": slug,
            "content": item.findtext("content:encoded", namespaces=WXR) or "",
            "excerpt": item.findtext("excerpt:encoded", namespaces=WXR) or "",
            "date": item.findtext("wp:post_date", namespaces=WXR),
            "terms": [
                {"domain": term.get("domain"), "slug": term.get("nicename"), "name": term.text}
                for term in item.findall("category")
            ],
            "comments": [
                {
                    key: comment.findtext(f"wp:comment_{field}", default="", namespaces=WXR)
                    for key, field in (
                        ("id", "id"),
                        ("author", "author"),
                        ("email", "author_email"),
                        ("url", "author_url"),
                        ("date", "date"),
                        ("content", "content"),
                        ("approved", "approved"),
                        ("type", "type"),
                        ("parent", "parent"),
                    )
                }
                for comment in item.findall("wp:comment", namespaces=WXR)
            ],
        }
    raise LookupError(f"{slug} is not in {path}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing_parts():
    """What is needed and not installed, as a sentence; empty when WordPress can run."""
    missing = []
    if not (WORDPRESS_ROOT / "wp-load.php").exists():
        missing.append("Debian's wordpress package (/usr/share/wordpress)")
    if not php_fpm_binary():
        missing.append("php-fpm")
    for binary in ("php", "nginx", "mysql"):
        if not shutil.which(binary):
            missing.append(binary)
    if not EXPORT.exists():
        missing.append(f"the WordPress export {EXPORT}")
    return ", ".join(missing)


def php_fpm_binary():
    for name in ("php-fpm", "php-fpm8.2", "php-fpm8.3", "php-fpm8.1"):
        path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
        if path:
            return path
    return None


class WordPress:
    """A context manager: WordPress with the seed article at ``self.origin + self.seed_path``."""

    def __init__(self, name="coldpages", log=print):
        self.name = name
        self.database = os.environ.get("BENCH_WORDPRESS_DATABASE", f"wp_bench_{name}")
        if "wp_bench" not in self.database or not self.database.replace("_", "").isalnum():
            raise SystemExit("BENCH_WORDPRESS_DATABASE must be a plain name containing 'wp_bench': it is dropped.")
        self.mysql_host = os.environ.get("BENCH_MYSQL_HOST", "127.0.0.1")
        self.mysql_port = os.environ.get("BENCH_MYSQL_PORT", "3306")
        self.config_name = f"wpbench-{name}"
        self.config_file = Path(f"/etc/wordpress/config-{self.config_name}.php")
        self.log = log
        self.processes = []
        self.directory = None

    def mysql(self, statement):
        subprocess.run(
            ["mysql", "-h", self.mysql_host, "-P", self.mysql_port, "-u", "root", "-e", statement],
            check=True,
            capture_output=True,
            text=True,
        )

    def __enter__(self):
        try:
            return self._start()
        except BaseException:
            self.__exit__()
            raise

    def _start(self):
        self.directory = Path(tempfile.mkdtemp(prefix=f"wp-bench-{self.name}-"))
        # BENCH_WORDPRESS_PORT: nginx there and PHP-FPM on the next port, else two free ones.
        fixed = os.environ.get("BENCH_WORDPRESS_PORT")
        self.port = int(fixed) if fixed else free_port()
        fpm_port = self.port + 1 if fixed else free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.mysql(f"DROP DATABASE IF EXISTS `{self.database}`")
        self.mysql(f"CREATE DATABASE `{self.database}` CHARACTER SET utf8mb4")
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(
            "<?php\n"
            f"define('DB_NAME', '{self.database}');\n"
            "define('DB_USER', 'root');\n"
            "define('DB_PASSWORD', '');\n"
            f"define('DB_HOST', '{self.mysql_host}:{self.mysql_port}');\n"
            f"define('WP_HOME', '{self.origin}');\n"
            f"define('WP_SITEURL', '{self.origin}');\n"
            # No loopback requests of WP-Cron during the measurement, and no page cache (WordPress has none built in).
            "define('DISABLE_WP_CRON', true);\n"
            "define('WP_CACHE', false);\n"
            "define('AUTOMATIC_UPDATER_DISABLED', true);\n"
        )
        env = {
            **os.environ,
            "WP_BENCH_HOST": f"127.0.0.1:{self.port}",
            "WP_BENCH_CONFIG": self.config_name,
        }
        (self.directory / "item.json").write_text(json.dumps(seed_item()))
        env["WP_BENCH_ITEM"] = str(self.directory / "item.json")
        script = self.directory / "install.php"
        script.write_text(INSTALL)
        result = subprocess.run(["php", str(script)], env=env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or "WP_BENCH_POST " not in result.stdout:
            raise RuntimeError(f"WordPress installation failed: {result.stdout[-2000:]} {result.stderr[-2000:]}")
        permalink = result.stdout.split("WP_BENCH_POST ", 1)[1].split()[0]
        self.seed_path = "/" + permalink.split("/", 3)[3]
        (self.directory / "php-fpm.conf").write_text(
            "[global]\n"
            f"pid = {self.directory}/php-fpm.pid\n"
            f"error_log = {self.directory}/php-fpm.log\n"
            "daemonize = no\n"
            "[bench]\n"
            "user = www-data\n"
            "group = www-data\n"
            f"listen = 127.0.0.1:{fpm_port}\n"
            "pm = static\n"
            f"pm.max_children = {WORKERS}\n"
            "catch_workers_output = yes\n"
        )
        (self.directory / "nginx.conf").write_text(
            "daemon off;\n"
            "worker_processes 1;\n"
            f"pid {self.directory}/nginx.pid;\n"
            f"error_log {self.directory}/nginx-error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            "  access_log off;\n"
            f"  client_body_temp_path {self.directory}/body;\n"
            f"  fastcgi_temp_path {self.directory}/fastcgi;\n"
            f"  proxy_temp_path {self.directory}/proxy;\n"
            f"  uwsgi_temp_path {self.directory}/uwsgi;\n"
            f"  scgi_temp_path {self.directory}/scgi;\n"
            "  server {\n"
            f"    listen 127.0.0.1:{self.port};\n"
            f"    root {WORDPRESS_ROOT};\n"
            "    index index.php;\n"
            "    location / { try_files $uri $uri/ /index.php?$args; }\n"
            "    location ~ \\.php$ {\n"
            "      include /etc/nginx/fastcgi_params;\n"
            "      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n"
            # Debian's fastcgi_params passes the host without its port; WordPress would redirect to its home URL.
            "      fastcgi_param HTTP_HOST $host:$server_port;\n"
            f"      fastcgi_param WORDPRESS_CONFIG {self.config_name};\n"
            f"      fastcgi_pass 127.0.0.1:{fpm_port};\n"
            "    }\n"
            "  }\n"
            "}\n"
        )
        self.processes.append(
            subprocess.Popen(
                [php_fpm_binary(), "--nodaemonize", "--fpm-config", str(self.directory / "php-fpm.conf")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        self.processes.append(
            subprocess.Popen(
                ["nginx", "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.origin + self.seed_path, timeout=10) as response:
                    body = response.read().decode()
                if response.status == 200 and "Muss man seine Kunden lieben" in body:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or any(process.poll() is not None for process in self.processes):
                logs = " ".join(p.read_text()[-1000:] for p in self.directory.glob("*.log"))
                raise RuntimeError(f"WordPress did not serve the seed article within 60 s. {logs}")
            time.sleep(0.5)
        self.log(f"WordPress {self.version()} serves {self.origin}{self.seed_path} ({WORKERS} PHP-FPM workers)")
        return self

    def version(self):
        text = (WORDPRESS_ROOT / "wp-includes" / "version.php").read_text()
        return text.split("$wp_version = '", 1)[1].split("'", 1)[0]

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes = []
        self.config_file.unlink(missing_ok=True)
        try:
            self.mysql(f"DROP DATABASE IF EXISTS `{self.database}`")
        except (OSError, subprocess.CalledProcessError) as error:
            self.log(f"could not drop the WordPress database {self.database}: {error}")
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)
