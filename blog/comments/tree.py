"""The comments under an article: one query, a tree built in Python, and the form's starting state."""

from dataclasses import dataclass, field

from django.core import signing

from blog.models import CommentSettings, ReaderComment

from .forms import CommentForm
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


def comment_context(article, request, form=None):
    comment_settings = CommentSettings.for_request(request)
    # An article being previewed before its first save has no comments (and cannot be filtered on).
    approved = (
        list(
            ReaderComment.objects.approved()
            .filter(article=article)
            .only("pk", "parent_id", "name", "url", "text", "created_at", "is_author_reply")
            .order_by("created_at", "pk")
        )
        if article.pk
        else []
    )
    count = len(approved)
    by_pk = {comment.pk: comment for comment in approved}
    held = held_comment(article, request.GET.get("unapproved")) if article.pk else None
    shown = approved + [held] if held else approved
    tree = build_tree(shown, comment_settings.max_depth)
    if held:
        _mark_held(tree, held.pk)
    is_open = comments_open(article, comment_settings)
    reply_to = None
    if form is not None:
        reply_to = by_pk.get(_as_int(form["parent"].value()))
    elif is_open:
        reply_to = by_pk.get(_as_int(request.GET.get("replytocom")))
        form = CommentForm(initial={"parent": reply_to.pk if reply_to else None})
    article.approved_comment_count = count
    return {
        "comments": {
            "count": count,
            "tree": tree,
            "is_open": is_open,
            "form": form if is_open else None,
            "reply_to": reply_to,
            "max_depth": comment_settings.max_depth,
        }
    }


def _mark_held(nodes, pk):
    for node in nodes:
        if node.comment.pk == pk:
            node.is_held = True
            return True
        if _mark_held(node.children, pk):
            return True
    return False


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
