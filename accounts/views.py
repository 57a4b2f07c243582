from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partnerships import selectors as partnership_selectors


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """A starting page that points each role at its work."""
    communities = partnership_selectors.communities_for_user(actor=request.user)
    return render(request, "accounts/home.html", {"communities": communities})
