"""Builders for localisation tests: an English tree made through wagtail-localize, as translators make it."""

from wagtail.models import Locale

from blog.translation import translate

from .utils import build_site


def build_bilingual_site():
    """German home and article list, and their English translations; return (home, blog_index, en_home, en_index)."""
    home, blog_index = build_site()
    en = Locale.objects.get(language_code="en")
    en_home = translate(home, en, {"title": "The office services blog", "tagline": "Office blog"})
    en_index = translate(blog_index, en, {"title": "Articles", "slug": "articles"})
    return home, blog_index, en_home, en_index


def english(instance):
    return instance.get_translation(Locale.objects.get(language_code="en"))
