"""Request-wide security: token users, response headers, session limits, second factor."""

import secrets
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import two_factor

SIGNED_IN_AT_SESSION_KEY = "cwsp_signed_in_at"
LAST_SEEN_SESSION_KEY = "cwsp_last_seen"
SIGNED_OUT_REASON_SESSION_KEY = "cwsp_signed_out_reason"


def is_token_request(request) -> bool:
    return request.META.get("HTTP_AUTHORIZATION", "").startswith("Token ")


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


class TokenAuthenticationMiddleware:
    """Resolve ``Authorization: Token ...`` before the community fence opens.

    DRF authenticates inside the view, after middleware; without this the fence
    would see an anonymous user on token calls and open an empty scope. The token
    wins over any session cookie sent alongside, so the fence, the second-factor
    check and the view all see the same user. A bad token is left for DRF to
    reject with 401.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.authenticator = TokenAuthentication()

    def __call__(self, request):
        if is_token_request(request):
            request.user = SimpleLazyObject(lambda: self._user(request))
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


class SessionLimitsMiddleware:
    """Sign out after ``CWSP_SESSION_IDLE_MINUTES`` idle or ``CWSP_SESSION_MAX_HOURS`` in all.

    The sign-in time is written at sign-in (accounts.auth_events) and the last request's
    time at most once a minute (writing the session on every request would cost each page
    a database write); both live in the server-side session, so the limits hold even if a
    browser keeps its cookie.
    """

    LAST_SEEN_RESOLUTION_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_token_request(request) and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        session = request.session
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT_SESSION_KEY)
        last_seen = session.get(LAST_SEEN_SESSION_KEY)
        reason = None
        if signed_in_at is None:
            session[SIGNED_IN_AT_SESSION_KEY] = now
        elif now - signed_in_at > settings.CWSP_SESSION_MAX_HOURS * 3600:
            reason = "session_limit"
        idle_limit = settings.CWSP_SESSION_IDLE_MINUTES * 60
        if reason is None and last_seen is not None and now - last_seen > idle_limit:
            reason = "idle"
        if reason:
            request.cwsp_sign_out_reason = reason
            logout(request)
            request.session[SIGNED_OUT_REASON_SESSION_KEY] = reason
            return
        if (
            last_seen is None
            or now - last_seen >= SessionLimitsMiddleware.LAST_SEEN_RESOLUTION_SECONDS
        ):
            session[LAST_SEEN_SESSION_KEY] = now


class TwoFactorRequiredMiddleware:
    """No page or API call until the second factor is verified, for those who need one.

    Exempt: enrolment, verification, sign-in, sign-out, the health check and static files.
    Token calls pass only with a token issued against a valid code.
    """

    EXEMPT_URL_NAMES = (
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "login",
        "logout",
        "healthz",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self._exempt(request):
            refusal = self._refusal(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        path = request.path_info
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return any(path == reverse(name) for name in self.EXEMPT_URL_NAMES)

    def _refusal(self, request, user):
        from .models import ApiTokenVerification

        token = getattr(request, "cwsp_api_token", None)
        if token is not None:
            if two_factor.second_factor_needed(user) and not (
                ApiTokenVerification.objects.filter(token_id=token.pk).exists()
            ):
                return JsonResponse(
                    {
                        "detail": "This account uses two-factor sign-in: request a new token "
                        "with the current one-time code (field 'otp')."
                    },
                    status=403,
                )
            return None
        if user.is_verified():
            return None
        has_device = two_factor.session_has_device(request)
        if not (has_device or two_factor.mfa_required(user)):
            return None
        if is_api_request(request):
            return JsonResponse(
                {"detail": "Verify your two-factor code before using the API."}, status=403
            )
        target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class ApiJsonErrorsMiddleware:
    """API paths answer in JSON even when Django, not DRF, produced the error page.

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
            detail = {404: "Not found.", 405: "Method not allowed.", 403: "Forbidden."}.get(
                response.status_code, "Server error." if response.status_code >= 500 else "Error."
            )
            return JsonResponse({"detail": detail}, status=response.status_code)
        return response
