# Varnish in front of the app servers (Debian: apt install varnish varnish-modules). See docs/deployment.md.
#
# Caches what the app's page cache would share: anonymous GET/HEAD responses that carry cache tags (the xkey
# header). Passes the admin, previews, POSTs and readers with a session. Purges come from the app servers only:
# by tag (``xkey-purge`` header, site_project.caching.backends.frontend.XkeyHTTPBackend) or by URL.
vcl 4.1;

import std;
import xkey;

# The app servers (or the load balancer in front of them). Set host and port for your installation.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers' addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    # A commenter's own view of their held comment is always rendered for them.
    if (req.url ~ "[?&]unapproved=") {
        return (pass);
    }
    # Ports never multiply entries; the app keys on the host without its port too.
    set req.http.host = std.tolower(regsub(req.http.host, ":[0-9]+$", ""));
    # Tracking parameters share the cached page (the app ignores every parameter a page does not read).
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);
    # Cookies the server never reads (CSRF, language, the comment form's remembered name) do not make a page
    # personal; any other cookie (a session: editor, page password, held comment) does.
    if (req.http.Cookie) {
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|;\s*)(csrftoken|django_language|comment_author[a-z_]*)=[^;]*", "");
        set req.http.Cookie = regsub(req.http.Cookie, "^;\s*", "");
        if (req.http.Cookie ~ "^\s*$") {
            unset req.http.Cookie;
        } else {
            return (pass);
        }
    }
    return (hash);
}

sub vcl_backend_response {
    # Only what the page cache shares: it carries cache tags and no cookie. Everything else is passed.
    if (!beresp.http.xkey || beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Purges by tag keep pages right; the lifetime only bounds a page whose purge failed (the app retries those).
    if (beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.ttl = 1h;
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
    unset resp.http.xkey;
    unset resp.http.Via;
}
