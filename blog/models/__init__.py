from .pages import ArticlePage, BlogIndexPage, paginate
from .snippets import Author, Category, Tag

__all__ = ["ArticlePage", "Author", "BlogIndexPage", "Category", "Tag", "paginate"]
