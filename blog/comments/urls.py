from django.urls import path
from django.utils.translation import gettext_lazy as _

from blog.feeds import SiteCommentsRssFeed

from . import reader_views, views

urlpatterns = [
    path(_("comments/<int:article_id>/"), views.post_comment, name="post_comment"),
    path(_("comments/form-token/"), views.form_token, name="comment_form_token"),
    path(_("comments/feed/"), SiteCommentsRssFeed(), name="site_comments_feed"),
    path(
        _("comments/subscription/confirm/<str:token>/"),
        reader_views.confirm_subscription,
        name="comment_subscription_confirm",
    ),
    path(_("comments/unsubscribe/<str:key>/"), reader_views.unsubscribe, name="comment_unsubscribe"),
    path(_("comments/edit/<str:token>/"), reader_views.edit_own_comment, name="comment_edit_own"),
    path(_("privacy-request/confirm/<str:token>/"), reader_views.confirm_data_request, name="data_request_confirm"),
]
