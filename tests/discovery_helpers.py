"""Builders for the discovery tests: the English side of the site, translated snippets and small images."""

import io

from django.core.files.images import ImageFile

from wagtail.images.models import Image
from wagtail.models import Locale

from PIL import Image as PILImage

from blog.models import Tag


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def translate_page(page, **fields):
    """Publish an English translation of ``page`` with the given field values."""
    translation = page.copy_for_translation(english())
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific


def build_english_site(home, blog_index):
    home_en = translate_page(home, title="The office services blog", slug="home-en")
    index_en = translate_page(blog_index, title="Articles", slug="articles")
    return home_en, index_en


def translate_snippet(snippet, **fields):
    translation = snippet.copy_for_translation(english())
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def make_tag(name="Kommunikation", slug="kommunikation"):
    return Tag.objects.create(name=name, slug=slug)


def make_small_image(title="Bild", colour=(11, 90, 122)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), colour).save(buffer, format="JPEG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def english_category(category, name, slug):
    return translate_snippet(category, name=name, slug=slug)
