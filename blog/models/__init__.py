from .comments import CommentSettings, ReaderComment, with_comment_count
from .pages import ArticlePage, BlogIndexPage, paginate
from .snippets import Author, Category, Tag

__all__ = [
    "ArticlePage",
    "Author",
    "BlogIndexPage",
    "Category",
    "CommentSettings",
    "ReaderComment",
    "Tag",
    "paginate",
    "with_comment_count",
]
