from .comments import CommentSettings, ReaderComment, with_comment_count
from .pages import (
    ArticlePage,
    BlogIndexPage,
    ExcludedRelatedArticle,
    PinnedRelatedArticle,
    StoredRelatedArticle,
    paginate,
)
from .settings import FeedSettings
from .snippets import Author, Category, Tag

__all__ = [
    "ArticlePage",
    "Author",
    "BlogIndexPage",
    "Category",
    "CommentSettings",
    "ExcludedRelatedArticle",
    "FeedSettings",
    "PinnedRelatedArticle",
    "ReaderComment",
    "StoredRelatedArticle",
    "Tag",
    "paginate",
    "with_comment_count",
]
