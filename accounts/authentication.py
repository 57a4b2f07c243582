"""API token authentication: tokens that end, and one answer for every token refused."""

from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import tokens

INVALID_TOKEN = "Invalid token."  # noqa: S105 — a message, not a secret


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused once older than ``CWSP_API_TOKEN_DAYS`` or its owner deactivated.

    Unknown, expired and deactivated owners' tokens all answer "Invalid token.": the
    answer says nothing about the account behind a token.
    """

    def authenticate_credentials(self, key):
        token = self.get_model().objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active or tokens.token_expired(token):
            raise AuthenticationFailed(INVALID_TOKEN)
        return (token.user, token)
