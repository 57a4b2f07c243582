from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.throttles import SignInRateThrottle
from partnerships import selectors as partnership_selectors

from . import two_factor
from .forms import EnrolmentForm, OneTimeCodeForm, SignInForm
from .home import panels_for as home_panels
from .middleware import FORM_KEPT_SESSION_KEY, SIGNED_OUT_REASON_SESSION_KEY
from .signin import sign_in_refused

SIGNED_OUT_REASONS = {
    "idle": "You were signed out after a period without activity. Please sign in again.",
    "session_limit": "Your session reached its time limit. Please sign in again.",
}


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # The first sign-in after the welcome link set the password may enrol a device.
        first_sign_in = form.get_user().last_login is None
        response = super().form_valid(form)
        if first_sign_in:
            two_factor.grant_enrolment(self.request, form.get_user())
        return response

    def post(self, request, *args, **kwargs):
        if not SignInRateThrottle().allow_request(request, self):
            form = self.get_form_class()(request, data=None)
            context = self.get_context_data(form=form, rate_limited=True)
            return render(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(SIGNED_OUT_REASON_SESSION_KEY, None)
        context["signed_out_reason"] = SIGNED_OUT_REASONS.get(reason)
        if context["signed_out_reason"] and self.request.session.pop(FORM_KEPT_SESSION_KEY, None):
            context["signed_out_reason"] += (
                " What you were sending was not saved yet: it is kept, and you will see it "
                "filled in again once you sign in."
            )
        context["sign_in_refused"] = sign_in_refused()
        return context


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """While locked out, answer as a wrong password would: the same page or the same 400.

    django-axes calls this (``AXES_LOCKOUT_CALLABLE``) instead of its own lockout page.
    """
    if original_response is not None:
        return original_response
    form = SignInForm(request, data=request.POST or None)
    form.is_valid()
    return render(request, SignInView.template_name, {"form": form})


def _safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@login_required
def home(request):
    """A starting page that shows each role what needs doing, then points at its work."""
    communities = partnership_selectors.communities_for_user(actor=request.user)
    panels = home_panels(request.user, timezone.localdate())
    return render(request, "accounts/home.html", {"communities": communities, "panels": panels})


@never_cache
@sensitive_post_parameters("code", "password")
@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: QR code and secret, then the first code confirms it.

    Only with an enrolment grant (first sign-in, an administrator's link) or, for people
    whose role does not require a second factor, their password typed again.
    """
    if two_factor.confirmed_device(request.user) is not None:
        return render(request, "accounts/two_factor_enrolled.html", {"next": _safe_next(request)})
    if not two_factor.may_enrol(request):
        return render(request, "accounts/two_factor_needs_link.html", status=403)
    device = two_factor.pending_device(request)
    form = EnrolmentForm(
        request.POST or None,
        user=request.user,
        needs_password=two_factor.enrolment_needs_password(request),
    )
    if request.method == "POST" and form.is_valid():
        if two_factor.device_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        ):
            messages.success(request, _("Two-factor sign-in is set up."))
            return HttpResponseRedirect(_safe_next(request))
        form.add_error(
            _("code"), _("That code did not match. Check the time on your phone and retry.")
        )
    context = {
        "form": form,
        "qr_svg": two_factor.device_qr_svg(device),
        "secret": two_factor.device_secret(device),
        "required": two_factor.mfa_required(request.user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
def two_factor_enrol_link(request, uidb64: str, token: str):
    """An administrator's enrolment link: lets this browser enrol, after signing in."""
    try:
        uid = urlsafe_base64_decode(uidb64).decode()
        person = get_user_model()._default_manager.get(pk=uid, is_active=True)
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        person = None
    if person is None or not two_factor.enrolment_token_generator.check_token(person, token):
        return render(request, "accounts/two_factor_link_invalid.html")
    two_factor.grant_enrolment(request, person)
    setup = reverse("accounts:two_factor_setup")
    if request.user.is_authenticated and request.user.pk == person.pk:
        # Redirect at once: the token leaves the address bar (and any Referer).
        return redirect(setup)
    if request.user.is_authenticated:
        logout(request)
        two_factor.grant_enrolment(request, person)
    return redirect(f"{reverse('login')}?{urlencode({'next': setup})}")


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor_verify(request):
    """The step after the password: a code from the enrolled authenticator app."""
    if two_factor.confirmed_device(request.user) is None:
        setup = reverse("accounts:two_factor_setup")
        next_url = request.GET.get("next")
        return redirect(f"{setup}?{urlencode({'next': next_url})}" if next_url else setup)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.session_verify(request=request, code=form.cleaned_data["code"]):
            return HttpResponseRedirect(_safe_next(request))
        form.add_error(
            _("code"), _("That code did not match. Check the time on your phone and retry.")
        )
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context)
