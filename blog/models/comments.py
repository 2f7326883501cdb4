"""Reader comments on articles, and the site-wide rules for moderating them."""

from django.conf import settings
from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

MAX_TEXT_LENGTH = 10_000


class ReaderCommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReaderComment.Status.APPROVED)

    def pending(self):
        return self.filter(status=ReaderComment.Status.PENDING)


class ReaderComment(models.Model):
    """A comment a reader wrote under an article (not Wagtail's editor comments on page drafts)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    # ForeignKey, not ParentalKey: comments must stay out of page revisions and translation copies.
    article = models.ForeignKey(
        "blog.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="reader_comments"
    )
    # Deleting a comment keeps its replies; they become threads of their own.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    name = models.CharField(_("name"), max_length=245)
    email = models.EmailField(_("e-mail"), max_length=100)
    url = models.URLField(_("website"), max_length=200, blank=True)
    text = models.TextField(_("comment"), max_length=MAX_TEXT_LENGTH)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    ip = models.GenericIPAddressField(_("IP address (anonymised)"), null=True, blank=True, editable=False)
    user_agent = models.CharField(_("browser"), max_length=255, null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_author_reply = models.BooleanField(_("reply by the editors"), default=False)
    # Sent without Google's check (declined, blocked, no JavaScript, Google down or slow): never published unseen.
    unverified = models.BooleanField(_("without reCAPTCHA check"), default=False, editable=False)
    # Set once the confirmed subscribers have been told about this approved comment: never twice.
    subscribers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the writer changed their text after sending it (within the edit window): shown as „bearbeitet“.
    edited_at = models.DateTimeField(_("edited by the writer at"), null=True, blank=True, editable=False)

    objects = ReaderCommentQuerySet.as_manager()

    panels = [
        FieldPanel("text"),
        FieldPanel("status"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("name"), FieldPanel("email")]), FieldPanel("url")],
            heading=_("Author"),
        ),
        FieldPanel("article", read_only=True),
        FieldPanel("created_at", read_only=True),
    ]

    class Meta:
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="readercomment_article_status"),
            models.Index(fields=["status", "created_at"], name="readercomment_status_created"),
            models.Index(fields=["ip", "created_at"], name="readercomment_ip_created"),
            models.Index(fields=["email", "created_at"], name="readercomment_email_created"),
            models.Index(fields=["unverified", "created_at"], name="readercomment_unverified"),
        ]

    def __str__(self):
        return Truncator(" ".join(self.text.split())).chars(60)

    @property
    @admin.display(description=_("Comment"))
    def excerpt(self):
        return Truncator(" ".join(self.text.split())).chars(120)

    @property
    def spam_check_label(self):
        # The moderator's cue in the queue: nobody but a moderator may publish such a comment.
        return _("without reCAPTCHA check") if self.unverified else ""

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    # The admin's inspect view reads get_<field>_display: what a reply answers, and times in the site's time zone.
    def get_parent_display(self):
        if self.parent_id is None:
            return "–"
        parent = self.parent
        return f"{parent.name}: {parent.excerpt} ({_local(parent.created_at)})"

    def get_created_at_display(self):
        return _local(self.created_at)

    def get_moderated_at_display(self):
        return _local(self.moderated_at) if self.moderated_at else "–"

    def get_edited_at_display(self):
        return _local(self.edited_at) if self.edited_at else "–"

    def get_ip_display(self):
        return self.ip or "–"


def _local(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def with_comment_count(queryset):
    """Annotate articles with ``approved_comment_count``: one subquery, so a listing costs no query per card."""
    counts = (
        ReaderComment.objects.approved()
        .filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return queryset.annotate(approved_comment_count=Coalesce(models.Subquery(counts), 0))


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """WordPress's discussion settings: when a comment is held, refused or closed."""

    class ModerationMode(models.TextChoices):
        HOLD_ALL = "hold_all", _("Hold every comment for moderation")
        APPROVE_KNOWN = "approve_known", _("Approve authors who already have an approved comment")

    moderation_mode = models.CharField(
        _("moderation"), max_length=20, choices=ModerationMode.choices, default=ModerationMode.APPROVE_KNOWN
    )
    link_hold_threshold = models.PositiveSmallIntegerField(
        _("hold at this many links"),
        default=2,
        help_text=_("A comment with this many links or more is held for moderation. 0 turns this rule off."),
    )
    hold_keywords = models.TextField(
        _("hold keywords"),
        blank=True,
        help_text=_(
            "One word, name, e-mail address, web address or IP address per line. A comment containing one of them "
            "in its name, e-mail, website or text is held for moderation. An IP address (203.0.113.5) or range "
            "(203.0.113.0/24, 2001:db8::/48) matches the writer's full address, which is checked as the comment "
            "arrives and never stored; an anonymised address from the comment list matches its whole range."
        ),
    )
    block_keywords = models.TextField(
        _("block keywords"),
        blank=True,
        help_text=_("As above, but such a comment goes straight to the trash."),
    )
    close_after_days = models.PositiveIntegerField(
        _("close comments after days"),
        default=0,
        help_text=_("Days after an article's publication date. 0 keeps comments open."),
    )
    max_depth = models.PositiveSmallIntegerField(
        _("maximum reply depth"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 allows no replies; replies deeper than this are attached at this depth."),
    )
    edit_minutes = models.PositiveSmallIntegerField(
        _("minutes for the writer's own edits"),
        default=15,
        validators=[MaxValueValidator(1440)],
        help_text=_(
            "For this many minutes after sending, writers may edit or delete their own comment. 0 turns this off."
        ),
    )
    moderator_emails = models.TextField(
        _("moderators' e-mail addresses"),
        blank=True,
        help_text=_(
            "One address per line; they are told about each held comment. Empty: the administrators' addresses."
        ),
    )

    unverified_hourly_limit = models.PositiveIntegerField(
        _("comments without reCAPTCHA check per hour"),
        default=30,
        help_text=_(
            "Comments sent without Google's spam check (the reader declined it, it could not load, or Google did not "
            "answer) are held for moderation. Beyond this many in an hour, across the site, readers are asked to try "
            "again later or to load the spam check. 0 accepts none."
        ),
    )

    panels = [
        FieldPanel("moderation_mode"),
        FieldPanel("link_hold_threshold"),
        FieldPanel("hold_keywords"),
        FieldPanel("block_keywords"),
        FieldPanel("close_after_days"),
        FieldPanel("max_depth"),
        FieldPanel("edit_minutes"),
        FieldPanel("moderator_emails"),
        FieldPanel("unverified_hourly_limit"),
    ]

    class Meta:
        verbose_name = _("comment settings")

    @staticmethod
    def keyword_list(value):
        return [line.strip().lower() for line in value.splitlines() if line.strip()]

    @property
    def hold_keyword_list(self):
        return self.keyword_list(self.hold_keywords)

    @property
    def block_keyword_list(self):
        return self.keyword_list(self.block_keywords)

    @property
    def moderator_email_list(self):
        return [address for address in self.moderator_emails.replace(",", "\n").split() if address]


class CommentSubscription(models.Model):
    """A reader's wish to hear by e-mail about replies to their comment, or about every new comment on an article.

    Nothing is sent before ``confirmed_at`` is set by the signed link of the confirmation mail (double opt-in); that
    time is kept as proof of consent.
    """

    class Scope(models.TextChoices):
        REPLIES = "replies", _("Replies to my comment")
        ALL = "all", _("All new comments on the article")

    email = models.EmailField(_("e-mail"), max_length=100)
    article = models.ForeignKey(
        "blog.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comment_subscriptions"
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    # The comment whose replies are wanted (scope "replies"); the subscription ends with it.
    comment = models.ForeignKey(
        ReaderComment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Random, so that an unsubscribe link stays valid for as long as the subscription exists.
    key = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("comment subscription")
        verbose_name_plural = _("comment subscriptions")
        indexes = [models.Index(fields=["email"], name="commentsubscription_email")]

    def __str__(self):
        return f"{self.email} – {self.get_scope_display()}"


class PendingMail(models.Model):
    """A mail to a reader that the mail server refused: kept and sent again by the daily ``purge_comment_data``."""

    to = models.EmailField(max_length=100)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=1)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pending mail")
        verbose_name_plural = _("pending mails")

    def __str__(self):
        return f"{self.to}: {self.subject}"


class DataRequest(models.Model):
    """A commenter's data-protection request (export or erasure), handled by an editor in the admin and confirmed by
    the person by mail, as in WordPress. Kept as the log of who asked, who acted and when."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export personal data")
        ERASE = "erase", _("Erase personal data")

    class ErasureMode(models.TextChoices):
        ANONYMISE = "anonymise", _("Anonymise comments (the text stays under „Anonym“)")
        DELETE = "delete", _("Delete comments")

    email = models.EmailField(_("e-mail"), max_length=100)
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    erasure_mode = models.CharField(
        _("erasure"), max_length=10, choices=ErasureMode.choices, default=ErasureMode.ANONYMISE, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed by the person at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_datarequest", _("Can handle data-protection requests"))]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"

    @property
    def is_open(self):
        return self.completed_at is None


class CommentFloodMark(models.Model):
    """A keyed hash of a commenter's full IP address, kept only for the flood window (COMMENTS_FLOOD_SECONDS).

    Flood control must tell apart readers behind one company NAT, which the anonymised address on the comment cannot;
    the full address itself is never stored, and this hash is never linked to a comment.
    """

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("flood mark")

    def __str__(self):
        return self.key[:12]
