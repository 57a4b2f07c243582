from django.utils.functional import SimpleLazyObject
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class TokenAuthenticationMiddleware:
    """Resolve ``Authorization: Token ...`` before the community fence opens.

    DRF authenticates inside the view, after middleware; without this the fence
    would see an anonymous user on token calls and open an empty scope. A bad
    token is left for DRF to reject with 401.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.authenticator = TokenAuthentication()

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Token ") and not request.user.is_authenticated:
            request.user = SimpleLazyObject(lambda: self._user(request))
        return self.get_response(request)

    def _user(self, request):
        from django.contrib.auth.models import AnonymousUser

        try:
            result = self.authenticator.authenticate(request)
        except AuthenticationFailed:
            return AnonymousUser()
        return result[0] if result else AnonymousUser()
