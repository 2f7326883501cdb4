"""Categories and tags in the article editor: Wagtail's tag field (type, pick a suggestion or make a new one), over
our translatable ``Category`` and ``Tag`` snippets instead of django-taggit tags.

Wagtail's ``AdminTagWidget`` and its ``w-tag`` controller do the typing, suggesting and chip display; they speak
comma-separated names. This module supplies the two things taggit would: the suggestions for the article's language
(``autocomplete``) and the form field that turns the names back into snippets, making the new ones when the editor
may add them (Editors may, blog migration 0006).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taggit.utils import edit_string_for_tags, parse_tags
from wagtail.admin.widgets import AdminTagWidget

from site_project.slugs import german_slugify

from .models.snippets import Category, Tag

SUGGESTIONS = 10
MODELS = {"category": Category, "tag": Tag}


class SnippetNamesWidget(AdminTagWidget):
    """Wagtail's tag input, suggesting names of one snippet model in one language."""

    def __init__(self, *args, model_name, locale_id=None, may_create=True, **kwargs):
        self.model_name = model_name
        self.locale_id = locale_id
        super().__init__(*args, free_tagging=may_create, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse("blog_snippet_name_autocomplete", args=[self.model_name])
        if self.locale_id:
            url += f"?locale={self.locale_id}"
        context["widget"]["attrs"]["data-w-tag-url-value"] = url
        return context


class SnippetNamesField(forms.ModelMultipleChoiceField):
    """Names in, snippets out: an existing one of the language is reused (case does not matter), a new name makes a
    new snippet when the form saves; ``may_create=False`` rejects unknown names instead."""

    default_error_messages = {
        "unknown": _(
            "“%(name)s” does not exist yet, and you may not create new entries here. Please pick a suggestion."
        ),
        "too_long": _("“%(name)s” is too long: at most %(max)d characters."),
    }

    def __init__(self, queryset, *, locale_id=None, may_create=True, **kwargs):
        self.locale_id = locale_id
        self.may_create = may_create
        model_name = queryset.model._meta.model_name
        kwargs.setdefault(
            "widget", SnippetNamesWidget(model_name=model_name, locale_id=locale_id, may_create=may_create)
        )
        super().__init__(queryset, **kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        items = list(value)
        if items and not all(isinstance(item, self.queryset.model) for item in items):
            items = list(self.queryset.filter(pk__in=[getattr(item, "pk", item) for item in items]))
        return edit_string_for_tags(items)

    def clean(self, value):
        names = split_names(value)
        if self.required and not names:
            raise ValidationError(self.error_messages["required"], code="required")
        max_length = self.queryset.model._meta.get_field("name").max_length
        chosen = []
        for name in names:
            existing = self.queryset.filter(name__iexact=name).first()
            if existing is not None:
                chosen.append(existing)
            elif not self.may_create:
                raise ValidationError(self.error_messages["unknown"], code="unknown", params={"name": name})
            elif len(name) > max_length:
                raise ValidationError(
                    self.error_messages["too_long"], code="too_long", params={"name": name, "max": max_length}
                )
            else:
                chosen.append(self.queryset.model(name=name, locale_id=self.locale_id))
        return chosen

    def has_changed(self, initial, data):
        initial_names = {name.lower() for name in split_names(self.prepare_value(initial))}
        return initial_names != {name.lower() for name in split_names(data)}


def split_names(value):
    """The names in the field's text: comma-separated, multi-word names in double quotes as the widget writes them
    (taggit's rules); without quotes only commas separate, so that "Telefon (englisch)" stays one name."""
    value = value or ""
    names = parse_tags(value) if '"' in value else [name.strip() for name in value.split(",")]
    return list(dict.fromkeys(name for name in names if name))


def save_new_snippets(items):
    """Save the snippets that ``SnippetNamesField`` made for new names, each with a slug unique in its language.

    Wagtail's editor autosaves while the editor types, so the same new name can arrive in two requests at once (the
    autosave and the publish). A name another request has saved since the form was cleaned is reused, and an insert
    that loses the race for its slug is tried again: the article gets the one snippet, never an error page. The list
    is changed in place, because the form saves the article's relations from it."""
    for index, item in enumerate(items):
        if item.pk is None:
            items[index] = _save_new_snippet(item)


def _save_new_snippet(item, attempts=5):
    model = type(item)
    for _attempt in range(attempts):
        existing = model.objects.filter(locale_id=item.locale_id, name__iexact=item.name).first()
        if existing is not None:
            return existing
        base = german_slugify(item.name)[:70] or item._meta.model_name
        taken = taken_slugs(model, item.locale_id, base)
        item.slug, number = base, 1
        while item.slug in taken:
            number += 1
            item.slug = f"{base}-{number}"
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            item.pk = None
            continue
        return item
    raise IntegrityError(f"No free slug for the new {model._meta.verbose_name} {item.name!r}")


def taken_slugs(model, locale_id, base):
    """The slugs of one language that start like a new snippet's."""
    return set(model.objects.filter(locale_id=locale_id, slug__startswith=base).values_list("slug", flat=True))


def autocomplete(request, model_name):
    """Names containing what was typed, in the article's language: the suggestions under the field. (An admin URL:
    Wagtail lets only users with admin access reach it.)"""
    model = MODELS.get(model_name)
    if model is None:
        raise Http404
    term = request.GET.get("term", "").strip()
    if not term:
        return JsonResponse([], safe=False)
    items = model.objects.filter(name__icontains=term)
    locale = request.GET.get("locale", "")
    if locale.isdigit():
        items = items.filter(locale_id=int(locale))
    names = items.order_by("name").values_list("name", flat=True).distinct()[:SUGGESTIONS]
    return JsonResponse(list(names), safe=False)
