"""Request-wide plumbing every app relies on: token users, response headers, JSON API errors.

The middlewares about people (session limits, the second factor) live in
``accounts.middleware``; the community fence in ``partnerships.middleware``.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings

from .errors import error_body


def is_token_request(request: HttpRequest) -> bool:
    return request.META.get("HTTP_AUTHORIZATION", "").startswith("Token ")


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class TokenAuthenticationMiddleware:
    """Resolve ``Authorization: Token ...`` before the community fence opens.

    DRF authenticates inside the view, after middleware; without this the fence
    would see an anonymous user on token calls and open an empty scope. The token
    wins over any session cookie sent alongside, so the fence, the second-factor
    check and the view all see the same user. A bad token is left for DRF to
    reject with 401.

    Tokens are for the API only: on any other path (the operators' admin above all) a
    request that presents a token is anonymous, whatever cookie comes with it, so a
    superuser's token never opens ``/ops/admin/``. The token class is the API's own
    (the first ``TokenAuthentication`` in DRF's settings), so expiry rules are one.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.authenticator = _token_authenticator()

    def __call__(self, request):
        if is_token_request(request):
            if is_api_request(request):
                request.user = SimpleLazyObject(lambda: self._user(request))
            else:
                request.user = AnonymousUser()
        return self.get_response(request)

    def _user(self, request):
        try:
            result = self.authenticator.authenticate(request)
        except AuthenticationFailed:
            return AnonymousUser()
        if not result:
            return AnonymousUser()
        user, token = result
        request.cwsp_api_token = token
        return user


def _token_authenticator() -> TokenAuthentication:
    classes: list[type] = list(api_settings.DEFAULT_AUTHENTICATION_CLASSES)  # type: ignore[arg-type]  # DRF imports the dotted paths
    for authentication_class in classes:
        if issubclass(authentication_class, TokenAuthentication):
            return authentication_class()
    return TokenAuthentication()


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy with a per-request nonce, and no caching of pages.

    Templates that need a script give it ``nonce="{{ request.csp_nonce }}"``. Static files
    are served above this middleware and keep their long cache lifetime; every other
    response (pages for signed-in people, the API) may carry personal data and is
    marked ``no-store``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        response.headers["Content-Security-Policy"] = content_security_policy(request.csp_nonce)
        response.headers.setdefault("Permissions-Policy", settings.CWSP_PERMISSIONS_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        add_never_cache_headers(response)
        return response


# Errors Django (not DRF) answers on API paths, in the API's one error body.
_DJANGO_ERRORS = {
    403: ("Forbidden.", "permission_denied"),
    404: ("Not found.", "not_found"),
    405: ("Method not allowed.", "method_not_allowed"),
}


class ApiJsonErrorsMiddleware:
    """API paths answer in the API's error body even when Django produced the error page.

    A URL under /api/ that matches no route (a malformed id, say) would otherwise get
    the HTML "not found" page, which API clients and the schema cannot describe.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_api_request(request)
            and response.status_code >= 400
            and response.get("Content-Type", "").startswith("text/html")
        ):
            status = response.status_code
            detail, code = _DJANGO_ERRORS.get(
                status, ("Server error.", "server_error") if status >= 500 else ("Error.", "error")
            )
            return JsonResponse(error_body(detail=detail, code=code), status=status)
        return response
