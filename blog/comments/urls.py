from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("comments/<int:article_id>/"), views.post_comment, name="post_comment"),
    path(_("comments/form-token/"), views.form_token, name="comment_form_token"),
]
