"""*Einstellungen → Datenschutz-Anfragen*: an editor enters an e-mail address and chooses export or erasure, the
person confirms by mail, then the editor downloads the export or carries out the erasure. Every request is kept with
its dates and who acted, and the dashboard warns about open requests older than 25 days (the law gives a month)."""

import datetime
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from blog.models import DataRequest

from . import personal_data
from .forms import SafeEmailField

PERMISSION = "blog.manage_datarequest"
WARN_AFTER = datetime.timedelta(days=25)


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


class DataRequestForm(forms.Form):
    email = SafeEmailField(label=gettext_lazy("E-mail address of the person"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Request"), choices=DataRequest.Kind.choices, widget=forms.RadioSelect)
    erasure_mode = forms.ChoiceField(
        label=gettext_lazy("For an erasure"),
        choices=DataRequest.ErasureMode.choices,
        initial=DataRequest.ErasureMode.ANONYMISE,
        widget=forms.RadioSelect,
    )


class DataRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def index_view(request):
    _check(request)
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            data_request = DataRequest.objects.create(
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                erasure_mode=form.cleaned_data["erasure_mode"]
                if form.cleaned_data["kind"] == DataRequest.Kind.ERASE
                else "",
                created_by=request.user,
            )
            personal_data.send_confirmation(data_request)
        messages.success(
            request,
            _("The request has been saved and a confirmation mail sent to %(email)s.") % {"email": data_request.email},
        )
        return redirect("data_requests")
    return TemplateResponse(
        request,
        "blog/comments/admin/data_requests.html",
        {"form": form, "requests": DataRequest.objects.select_related("created_by", "completed_by")[:200]},
    )


def _confirmed_request(pk, kind):
    data_request = get_object_or_404(DataRequest, pk=pk, kind=kind)
    if not data_request.confirmed_at:
        raise PermissionDenied
    return data_request


def _complete(data_request, user, result):
    DataRequest.objects.filter(pk=data_request.pk, completed_at__isnull=True).update(
        completed_at=timezone.now(), completed_by=user, result=result
    )


def export_view(request, pk, fmt):
    _check(request)
    data_request = _confirmed_request(pk, DataRequest.Kind.EXPORT)
    data = personal_data.collect(data_request.email)
    _complete(
        data_request,
        request.user,
        _("Exported %(comments)d comments and %(subscriptions)d subscriptions.")
        % {"comments": len(data["comments"]), "subscriptions": len(data["subscriptions"])},
    )
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(personal_data.export_html(data), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{data_request.pk}.{fmt}"'
    return response


@require_POST
def erase_view(request, pk):
    _check(request)
    data_request = _confirmed_request(pk, DataRequest.Kind.ERASE)
    if data_request.completed_at:
        return redirect("data_requests")
    delete = data_request.erasure_mode == DataRequest.ErasureMode.DELETE
    count = personal_data.erase(data_request.email, delete=delete)
    if delete:
        result = _("Deleted %(count)d comments and the subscriptions.") % {"count": count}
    else:
        result = _("Anonymised %(count)d comments and deleted the subscriptions.") % {"count": count}
    _complete(data_request, request.user, result)
    messages.success(request, result)
    return redirect("data_requests")


class OverdueDataRequestsPanel(Component):
    """The dashboard's warning about data-protection requests open for more than 25 days."""

    name = "overdue_data_requests"
    template_name = "blog/comments/admin/overdue_requests_panel.html"
    order = 80

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context):
        return {"requests": self.requests}


def overdue_requests(now=None):
    now = now or timezone.now()
    return list(DataRequest.objects.filter(completed_at__isnull=True, created_at__lt=now - WARN_AFTER)[:20])
