from .pages import ArticlePage, BlogIndexPage, ExcludedRelatedArticle, PinnedRelatedArticle, paginate
from .settings import FeedSettings
from .snippets import Author, Category, Tag

__all__ = [
    "ArticlePage",
    "Author",
    "BlogIndexPage",
    "Category",
    "ExcludedRelatedArticle",
    "FeedSettings",
    "PinnedRelatedArticle",
    "Tag",
    "paginate",
]
