"""Account recovery and the person's own credentials: no operator's shell needed.

Forgotten password by email (Django's reset: the link expires after
``PASSWORD_RESET_TIMEOUT`` and works once), password change, the person's own API
tokens, and the administrator's second-factor reset and enrolment links.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.forms import form_page, posted
from core.throttles import SignInRateThrottle
from partnerships import selectors as partnership_selectors

from . import services, tokens, two_factor
from .forms import RevokeTokenForm, SecondFactorActionForm
from .permissions import require_second_factor_manager


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email. The answer is the same whether the address is known."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not SignInRateThrottle().allow_request(request, self):
            form = self.get_form_class()()
            context = self.get_context_data(form=form, rate_limited=True)
            return render(request, self.template_name, context, status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; this session stays signed in, API tokens are revoked."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


@never_cache
@login_required
def own_tokens(request):
    """The person's API tokens: when each was issued and ends; revoke with one button."""
    here = reverse("accounts:tokens")
    return form_page(
        request,
        form=RevokeTokenForm(*posted(request)),
        template="accounts/tokens.html",
        context={"tokens": tokens.tokens_of(actor=request.user, user=request.user)},
        save=lambda data: tokens.token_revoke(
            actor=request.user, user=request.user, public_id=data["token_id"], request=request
        ),
        success=_("Token revoked: calls made with it are refused from now on."),
        next_url=here,
    )


@never_cache
@login_required
def admin_second_factor(request, pk: int):
    """Administrators: issue an enrolment link, or reset the second factor and issue one.

    The result is shown on the page (not carried in a message), once.
    """
    person = partnership_selectors.user_for_administration(actor=request.user, pk=pk)
    require_second_factor_manager(request.user, person)
    form = SecondFactorActionForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        issue = (
            services.second_factor_reset
            if form.cleaned_data["action"] == "reset"
            else services.enrolment_link_issue
        )
        link = issue(
            actor=request.user,
            user=person,
            link_base=request.build_absolute_uri("/"),
            request=request,
        )
        messages.success(request, _("Done. Give the link below to the person."))
    elif request.method not in ("GET", "HEAD", "POST"):
        return redirect(request.path)
    context = {
        "person": person,
        "form": form,
        "link": link,
        "has_device": two_factor.has_confirmed_device(person),
    }
    return render(request, "accounts/admin_second_factor.html", context)
