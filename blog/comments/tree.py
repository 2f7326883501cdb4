"""The comments under an article: one query, a tree built in Python, and the form's starting state."""

from dataclasses import dataclass, field
from functools import cached_property

from django.core import signing
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site

from blog.models.comments import CommentSettings, ReaderComment
from site_project.caching.render import cached
from site_project.prepared import PreparedQuery

from .forms import CommentForm, parse_id
from .moderation import comments_open

HELD_SALT = "blog.comments.held"
HELD_MAX_AGE = 7 * 24 * 60 * 60


@dataclass
class Node:
    comment: ReaderComment
    level: int = 1
    children: list = field(default_factory=list)
    is_held: bool = False


def build_tree(comments, max_depth):
    """Nest comments (oldest first) under their parents. A reply deeper than ``max_depth`` is shown at that depth,
    and a reply whose parent is not shown becomes a thread of its own."""
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)

    flat_roots = []

    def place(node, level, holder):
        node.level = level
        holder.append(node)
        children, node.children = node.children, []
        for child in children:
            if level < max_depth:
                place(child, level + 1, node.children)
            else:
                # At the maximum depth, replies line up beside their parent instead of below it.
                place(child, level, holder)

    for root in roots:
        place(root, 1, flat_roots)
    return flat_roots


def held_token(comment):
    return signing.dumps(comment.pk, salt=HELD_SALT, compress=False)


def held_comment(article, token):
    """The writer's own held comment, recognised by the signed token in their redirect; None for anyone else."""
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return ReaderComment.objects.pending().filter(article=article, pk=pk).first()


def comment_settings(request):
    """The site's comment settings, kept in the render cache until they (or any content) change."""
    site = Site.find_for_request(request)
    if site is None:
        return CommentSettings.for_request(request)
    return cached(request, "comment-settings", (site.pk,), lambda: _settings_for(site))


def _settings_for(site):
    # CommentSettings.for_site() (get_or_create) with its read compiled once per process.
    found = COMMENT_SETTINGS.run(site_pk=site.pk)
    return found[0] if found else CommentSettings.for_site(site)


COMMENT_SETTINGS = PreparedQuery(lambda site_pk: CommentSettings.base_queryset().filter(site_id=site_pk), site_pk=int)


def comment_context(article, request, form=None):
    return {"comments": CommentThread(article, request, form=form)}


def _approved_comments(article_pk):
    return (
        ReaderComment.objects.approved()
        .filter(article_id=article_pk)
        .only("pk", "parent_id", "name", "url", "text", "created_at", "edited_at", "is_author_reply")
        .order_by("created_at", "pk")
    )


# Compiled once per process (site_project/prepared.py): read on every render of an article.
APPROVED_COMMENTS = PreparedQuery(_approved_comments, article_pk=int)


class CommentThread:
    """The comments under an article and the form's starting state, for the template as ``comments``.

    The comments are read (in one query) only when the template first asks for them: the article template keeps the
    list in a cached fragment (render_cache_tags), and a hit needs no comment at all.
    """

    def __init__(self, article, request, form=None):
        self.article = article
        self.request = request
        self.settings = comment_settings(request)
        self.max_depth = self.settings.max_depth
        self.is_open = comments_open(article, self.settings)
        self._posted_form = form
        # The article's meta line shows the count; it is read from here, and only if it is shown.
        article.approved_comment_count = SimpleLazyObject(lambda: self.count)

    @cached_property
    def approved(self):
        # An article being previewed before its first save has no comments (and cannot be filtered on).
        if not self.article.pk:
            return []
        return APPROVED_COMMENTS.run(article_pk=self.article.pk)

    @cached_property
    def count(self):
        return len(self.approved)

    @cached_property
    def held(self):
        """The reader's own comment awaiting moderation, when their redirect's token names it."""
        token = self.request.GET.get("unapproved")
        return held_comment(self.article, token) if token and self.article.pk else None

    @cached_property
    def tree(self):
        shown = self.approved + [self.held] if self.held else self.approved
        tree = build_tree(shown, self.max_depth)
        if self.held:
            _mark_held(tree, self.held.pk)
        return tree

    @cached_property
    def reply_to(self):
        if self._posted_form is not None:
            wanted = _as_int(self._posted_form["parent"].value())
        elif self.is_open:
            wanted = _as_int(self.request.GET.get("replytocom"))
        else:
            wanted = None
        if wanted is None:
            return None
        return next((comment for comment in self.approved if comment.pk == wanted), None)

    @cached_property
    def form(self):
        if not self.is_open:
            return None
        if self._posted_form is not None:
            return self._posted_form
        return CommentForm(initial={"parent": self.reply_to.pk if self.reply_to else None})

    @property
    def returned_text(self):
        """What the reader wrote, when comments closed while they wrote: shown for copying."""
        if self.is_open or self._posted_form is None:
            return ""
        return self._posted_form.data.get("text", "")

    @property
    def form_is_blank(self):
        """Whether the form is the same for every reader (its CSRF token and start time are fetched by script).
        Answered without building the form, which a cached fragment then never needs."""
        return self.is_open and self._posted_form is None and self.reply_to is None

    @property
    def shareable(self):
        """Whether the list of comments looks the same for every reader: no held comment of this reader in it, and
        no reply form inside it."""
        return self.held is None and self.reply_to is None


def _mark_held(nodes, pk):
    for node in nodes:
        if node.comment.pk == pk:
            node.is_held = True
            return True
        if _mark_held(node.children, pk):
            return True
    return False


def _as_int(value):
    # ASCII digits only: int() also reads "٣" as 3, and would attach the form to a comment nobody chose.
    return parse_id(value) if isinstance(value, str) else None
