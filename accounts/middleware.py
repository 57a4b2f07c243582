"""Request-wide rules about people: session limits and the second factor.

Token users, response headers and JSON API errors are project-wide plumbing in
``core.middleware``.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from core.errors import error_body
from core.forms import rescue_posted_form
from core.middleware import is_api_request, is_token_request

from . import two_factor
from .models import ApiTokenVerification

SIGNED_IN_AT_SESSION_KEY = "cwsp_signed_in_at"
LAST_SEEN_SESSION_KEY = "cwsp_last_seen"
SIGNED_OUT_REASON_SESSION_KEY = "cwsp_signed_out_reason"
FORM_KEPT_SESSION_KEY = "cwsp_form_kept"


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
            user_id = request.user.pk
            logout(request)
            request.session[SIGNED_OUT_REASON_SESSION_KEY] = reason
            # A form being sent when the session ran out is kept for the same person, in
            # the new session, to be shown filled after signing in (never saved by itself).
            if not is_api_request(request) and rescue_posted_form(request, user_id=user_id):
                request.session[FORM_KEPT_SESSION_KEY] = True
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
        if user.is_authenticated:
            # Whether the path is exempt is asked only of a request that would be refused:
            # resolving the path again on every request cost each page its own URL lookup.
            refusal = self._refusal(request, user)
            if refusal is not None and not self._exempt(request):
                return refusal
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        path = request.path_info
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        if any(path == reverse(name) for name in self.EXEMPT_URL_NAMES):
            return True
        try:
            return resolve(path).view_name == "accounts:two_factor_enrol_link"
        except Resolver404:
            return False

    def _refusal(self, request, user):
        token = getattr(request, "cwsp_api_token", None)
        if token is not None:
            if two_factor.second_factor_needed(user) and not (
                ApiTokenVerification.objects.filter(token_id=token.pk).exists()
            ):
                return JsonResponse(
                    error_body(
                        detail="This account uses two-factor sign-in: request a new token "
                        "with the current one-time code (field 'otp').",
                        code="second_factor_required",
                    ),
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
                error_body(
                    detail="Verify your two-factor code before using the API.",
                    code="second_factor_required",
                ),
                status=403,
            )
        target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
