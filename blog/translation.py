"""Create real wagtail-localize translations from content written in both languages."""

import copy

from django.db import transaction

from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def translate(source_instance, locale, translated_fields, publish=True):
    """Translate ``source_instance`` into ``locale`` through wagtail-localize and return the translation.

    ``translated_fields`` holds the target language's values of the translatable fields, with StreamFields given as
    ``(block_type, value)`` lists in the source's block order. Each translated string is stored as a
    ``StringTranslation`` of the source's segment at the same path, so translators find a complete translation in
    wagtail-localize's editor, and a later change of the source shows up there as a new segment.
    """
    # A fresh copy from the database: an instance held since before its children were added has a stale tree state.
    if isinstance(source_instance, Page):
        source_instance = Page.objects.get(pk=source_instance.pk).specific
    else:
        source_instance = type(source_instance).objects.get(pk=source_instance.pk)
    existing = source_instance.get_translation_or_none(locale)
    if existing is not None:
        return existing

    target_values = _target_instance(source_instance, translated_fields)
    with transaction.atomic():
        source, _created = TranslationSource.update_or_create_from_instance(source_instance)
        translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
        targets = {(segment.path, index): segment.string.data for index, segment in _string_segments(target_values)}
        counters = {}
        for segment in source.stringsegment_set.select_related("string", "context").order_by("order"):
            path = segment.context.path
            index = counters[path] = counters.get(path, -1) + 1
            data = targets.get((path, index))
            if data is not None:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={"data": data},
                )
        # wagtail-localize publishes pages on commit, from a revision holding the page's tree state of that moment;
        # a build that adds children in the same transaction would be overwritten then. Publish here instead.
        is_page = isinstance(source_instance, Page)
        translation.save_target(publish=publish and not is_page)
        if publish and is_page:
            source_instance.get_translation(locale).get_latest_revision().publish()
    return source_instance.get_translation(locale)


def _target_instance(source_instance, translated_fields):
    """A copy of the source with the translated values, keeping the StreamField block ids so that paths match."""
    target = copy.copy(source_instance)
    for name, value in translated_fields.items():
        current = getattr(source_instance, name)
        if hasattr(current, "raw_data") and isinstance(value, list):
            raw = []
            for source_block, (block_type, block_value) in zip(current.raw_data, value, strict=True):
                if source_block["type"] != block_type:
                    raise ValueError(f"Block order differs: {source_block['type']} != {block_type}")
                raw.append({"type": block_type, "value": block_value, "id": source_block["id"]})
            stream_block = current.stream_block
            setattr(target, name, stream_block.to_python(raw))
        else:
            setattr(target, name, value)
    return target


def _string_segments(instance):
    seen = {}
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            index = seen.get(segment.path, 0)
            seen[segment.path] = index + 1
            yield index, segment
