"""What we keep about a commenter, and for how long."""

import datetime
import ipaddress
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac

from blog.models.comments import CommentFloodMark, ReaderComment

IP_RETENTION = datetime.timedelta(days=7)
SPAM_RETENTION = datetime.timedelta(days=30)
REMEMBER_MAX_AGE = 365 * 24 * 60 * 60


def client_ip(request):
    """The reader's address: REMOTE_ADDR, or the X-Forwarded-For entry our own proxies added when they are trusted.

    ``COMMENTS_TRUSTED_PROXY_COUNT`` is the number of proxies in front of the app; each appends the address it saw,
    so the entry that many places from the right is the one the outermost proxy saw. Entries further left are
    whatever the client claimed and are never used.
    """
    trusted = settings.COMMENTS_TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def anonymise_ip(address):
    """IPv4 with the last octet zeroed, IPv6 cut to its /64 network; None for anything that is not an address."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def flood_key(address):
    """A keyed hash of the full address for flood control: readers behind one NAT's /24 keep apart, and without the
    secret key the hash cannot be turned back into the address. None without an address."""
    if not address:
        return None
    return salted_hmac("blog.comments.flood", address, algorithm="sha256").hexdigest()


def user_agent(request):
    return request.META.get("HTTP_USER_AGENT", "")[:255] or None


def remember_commenter(response, comment, remember, request):
    """Ticked: keep name, e-mail and website for a year. Unticked: set nothing, and delete what an earlier visit set."""
    secure = settings.COMMENTS_COOKIE_SECURE
    for field, cookie in settings.COMMENTS_REMEMBER_COOKIES.items():
        if remember:
            # Quoted, so that umlauts survive every browser; the front-end script unquotes them.
            response.set_cookie(
                cookie,
                quote(getattr(comment, field), safe=""),
                max_age=REMEMBER_MAX_AGE,
                secure=secure,
                samesite="Lax",
            )
        elif cookie in request.COOKIES:
            response.delete_cookie(cookie, samesite="Lax")


def purge(now=None):
    """Forget IP addresses and browsers after 7 days; delete spam and trash 30 days after it was sorted out.

    Returns (comments whose data was removed, comments deleted).
    """
    now = now or timezone.now()
    scrubbed = (
        ReaderComment.objects.filter(created_at__lt=now - IP_RETENTION)
        .filter(Q(ip__isnull=False) | Q(user_agent__isnull=False))
        .update(ip=None, user_agent=None)
    )
    deleted, _details = (
        ReaderComment.objects.filter(status__in=[ReaderComment.Status.SPAM, ReaderComment.Status.TRASH])
        .annotate(sorted_at=Coalesce("moderated_at", "created_at"))
        .filter(sorted_at__lt=now - SPAM_RETENTION)
        .delete()
    )
    # Flood marks normally go with the next post; a quiet site forgets them here.
    flood_window = datetime.timedelta(seconds=settings.COMMENTS_FLOOD_SECONDS)
    CommentFloodMark.objects.filter(created_at__lt=now - flood_window).delete()
    return scrubbed, deleted
