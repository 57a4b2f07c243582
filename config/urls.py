import json
from pathlib import Path

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views

from .health import healthz

SERVICE_WORKER_SHELL = (
    "css/app.css",
    "css/casework.css",
    "js/offline-store.js",
    "js/offline-sync.js",
    "js/capture.js",
    "js/forms.js",
    "favicon.svg",
)


def service_worker(request: HttpRequest) -> HttpResponse:
    """The offline service worker, served from the root so that its scope is the whole site.

    It names the device store's script by its static URL (hashed in production).
    """
    source = Path(finders.find("js/sw.js")).read_text(encoding="utf-8")
    shell = [static(name) for name in SERVICE_WORKER_SHELL]
    script = source.replace("__STORE_URL__", static("js/offline-store.js")).replace(
        "__SHELL__", json.dumps(shell)
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request: the hashed static name exists only once static files are collected.
    return HttpResponsePermanentRedirect(static("favicon.ico"))


urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links: answer it, never a 404.
    path("favicon.ico", favicon, name="favicon"),
    path("sw.js", service_worker, name="service_worker"),
    path("account/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("", include("partnerships.urls")),
    path("casework/", include("casework.urls")),
    path("escalations/", include("escalations.urls")),
    path("oversight/", include("oversight.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page runs under the CSP.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="accounts/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("ops/admin/", admin.site.urls),
]
