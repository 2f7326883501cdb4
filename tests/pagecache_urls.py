"""Test-only URLs: a page with a comment-like form, an inline script and reCAPTCHA, as the comments app renders it."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from site_project import urls as site_urls

FORM_PAGE = engines["django"].from_string(
    """{% load comment_tags %}{% allow_recaptcha %}<!DOCTYPE html><html lang="de"><head><title>Formular</title></head>
<body><h1>Kommentar schreiben</h1><p id="counter">{{ counter }}</p>
<form method="post" action="/test-form/">{% csrf_token %}
<textarea name="comment"></textarea><button>Senden</button></form>
<script nonce="{{ request.csp_nonce }}">document.body.dataset.inline = "ran";</script>
<script nonce="{{ request.csp_nonce }}">
window.loadRecaptcha = () => {
  const script = document.createElement("script");
  script.src = "https://www.google.com/recaptcha/api.js";
  script.onload = () => window.grecaptcha.render(document.body);
  document.head.append(script);
};
</script>
</body></html>"""
)
COUNTER = {"renders": 0}


def form_page(request):
    if request.method == "POST":
        return HttpResponse("Danke", content_type="text/plain")
    COUNTER["renders"] += 1
    return HttpResponse(FORM_PAGE.render({"counter": COUNTER["renders"]}, request))


urlpatterns = [path("test-form/", form_page), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
