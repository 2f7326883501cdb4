from .comments import (
    CommentFloodMark,
    CommentSettings,
    CommentSubscription,
    DataRequest,
    PendingMail,
    ReaderComment,
    with_comment_count,
)
from .pages import ArticlePage, BlogIndexPage
from .related import ExcludedRelatedArticle, PinnedRelatedArticle, StoredRelatedArticle
from .settings import FeedSettings
from .snippets import Author, Category, Tag
from .wordpress import WordPressObject
from .wordpress_runs import WordPressImportRun

__all__ = [
    "ArticlePage",
    "Author",
    "BlogIndexPage",
    "Category",
    "CommentFloodMark",
    "CommentSettings",
    "CommentSubscription",
    "DataRequest",
    "ExcludedRelatedArticle",
    "FeedSettings",
    "PendingMail",
    "PinnedRelatedArticle",
    "ReaderComment",
    "StoredRelatedArticle",
    "Tag",
    "WordPressImportRun",
    "WordPressObject",
    "with_comment_count",
]
