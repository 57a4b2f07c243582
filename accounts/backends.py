from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for every sign-in that comes with a request.

    Every door a person can knock on (the sign-in page, the API token exchange, the
    operators' admin) passes the request. Code that checks a password without one,
    such as the test client's ``login()``, is not a sign-in attempt from outside and is
    neither counted nor refused here (axes would raise instead).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
