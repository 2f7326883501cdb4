"""Routing a URL to its page in one query per path segment instead of Wagtail's two."""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page


class OneQueryChildRouteMixin:
    """Find the child page of a URL segment with its specific row in one query.

    Wagtail's ``Page.route`` reads the child's page row, then its specific row (``.specific``): two queries and two
    model instances per segment. Here the page row comes with the specific rows of the types allowed below this
    page (``subpage_types``), joined. Anything else (another type, no such child) is left to Wagtail's own route,
    which also checks ``live``. Put it after ``RoutablePageMixin`` in the bases, so that sub-URLs still win.
    """

    def route(self, request, path_components):
        if path_components:
            child = self._specific_child(path_components[0])
            if child is not None:
                # As Wagtail's route does: the parent is known, treebeard's get_parent() needs no query.
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    @classmethod
    def _child_models(cls):
        return [model for model in cls.allowed_subpage_models() if Page in model._meta.parents]

    def _specific_child(self, slug):
        models = {model._meta.model_name: model for model in self._child_models()}
        if not models:
            return None
        page = self.get_children().filter(slug=slug).select_related(*models).first()
        if page is None:
            return None
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        name = model._meta.model_name if model is not None else None
        if models.get(name) is not model:
            return None
        return getattr(page, name)
