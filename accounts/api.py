from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import system_actor
from core.errors import error_responses
from core.throttles import SignInRateThrottle

from . import two_factor
from .models import ApiTokenVerification


class ObtainTokenSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        label=_("One-time code"),
        required=False,
        allow_blank=True,
        max_length=12,
        write_only=True,
        help_text="The current six-digit code from the authenticator app. Required for "
        "accounts that use two-factor sign-in (team leaders, co-chairs, administrators, "
        "and anyone who enrolled).",
    )


_REFUSED = error_responses(400, 429)


class ObtainTokenView(APIView):
    """Exchange a username and password (and a one-time code where needed) for an API token.

    Use it as ``Authorization: Token <token>``. Repeated failures lock the account name and
    the address for a while (``CWSP_SIGN_IN_FAILURE_LIMIT`` attempts,
    ``CWSP_SIGN_IN_LOCKOUT_MINUTES``); a locked attempt answers like a wrong password.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [SignInRateThrottle]
    serializer_class = ObtainTokenSerializer

    @extend_schema(
        request=ObtainTokenSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: OpenApiResponse(
                response=_REFUSED[400].response,
                description="Wrong or unknown username or password, a locked account name or "
                "address (same answer), or a missing or wrong one-time code for an account "
                "that uses two-factor sign-in (field errors under `errors`).",
            ),
            429: OpenApiResponse(
                response=_REFUSED[429].response,
                description="Too many sign-in attempts from this address.",
            ),
        },
        examples=[
            OpenApiExample(
                "With a one-time code",
                value={"username": "teamleader.wadeye", "password": "…", "otp": "123456"},
                request_only=True,
            )
        ],
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = ObtainTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        verified = False
        if two_factor.second_factor_needed(user):
            if two_factor.confirmed_device(user) is None:
                raise serializers.ValidationError(
                    {"otp": ["Set up two-factor sign-in on the web pages first."]}
                )
            if not two_factor.code_matches(user, serializer.validated_data.get("otp")):
                audit_record(
                    # Nobody is signed in yet: the door that refused records it.
                    actor=system_actor("sign_in:api_token"),
                    action=AuditEvent.Action.SIGN_IN_FAILED,
                    object_type="accounts.user",
                    object_id=user.pk,
                    detail={"step": "second_factor", "via": "api_token", "user_id": user.pk},
                    request=request,
                )
                raise serializers.ValidationError(
                    {"otp": ["Enter the current code from your authenticator app."]}
                )
            verified = True
        token, _created = Token.objects.get_or_create(user=user)
        if verified:
            ApiTokenVerification.objects.get_or_create(token=token)
        audit_record(
            actor=user,
            action=AuditEvent.Action.SIGN_IN,
            object_type="accounts.user",
            object_id=user.pk,
            detail={"step": "api_token", "second_factor": verified},
            request=request,
        )
        return Response({"token": token.key})
