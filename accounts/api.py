from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import system_actor
from core.errors import LIST_ERRORS, WRITE_ERRORS, error_responses
from core.throttles import SignInRateThrottle
from partnerships import selectors as partnership_selectors

from . import services, tokens, two_factor

# One answer for every refusal, so that it never tells a correct password from a wrong
# one: an unknown name, a wrong password, a deactivated or locked account, and for
# accounts that use two-factor sign-in a missing or wrong code or no device yet.
SIGN_IN_REFUSED = (
    "Unable to sign in with these details. Accounts that use two-factor sign-in also "
    "need the current six-digit code in the field 'otp'."
)


class ObtainTokenSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        label=_("One-time code"),
        required=False,
        allow_blank=True,
        max_length=12,
        write_only=True,
        help_text=_(
            "The current six-digit code from the authenticator app. Required for "
            "accounts that use two-factor sign-in (team leaders, co-chairs, administrators, "
            "and anyone who enrolled)."
        ),
    )

    def validate(self, attrs):
        try:
            attrs = super().validate(attrs)
        except serializers.ValidationError:
            raise serializers.ValidationError(SIGN_IN_REFUSED, code="authorization") from None
        user = attrs["user"]
        attrs["second_factor"] = False
        if two_factor.second_factor_needed(user):
            if not two_factor.code_matches(user, attrs.get("otp")):
                audit_record(
                    # Nobody is signed in yet: the door that refused records it.
                    actor=system_actor("sign_in:api_token"),
                    action=AuditEvent.Action.SIGN_IN_FAILED,
                    object_type="accounts.user",
                    object_id=user.pk,
                    detail={"step": "second_factor", "via": "api_token", "user_id": user.pk},
                    request=self.context.get("request"),
                )
                raise serializers.ValidationError(SIGN_IN_REFUSED, code="authorization")
            attrs["second_factor"] = True
        return attrs


_REFUSED = error_responses(400, 429)


class ObtainTokenView(APIView):
    """Exchange a username and password (and a one-time code where needed) for an API token.

    Use it as ``Authorization: Token <token>``, on the API only. The token ends after
    ``CWSP_API_TOKEN_DAYS`` days (``expires``), and when the password changes, the account
    is deactivated or the second factor is reset. Repeated failures lock the account name
    for a while (``CWSP_SIGN_IN_FAILURE_LIMIT`` attempts, ``CWSP_SIGN_IN_LOCKOUT_MINUTES``);
    a locked attempt answers like a wrong password.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [SignInRateThrottle]
    serializer_class = ObtainTokenSerializer

    @extend_schema(
        request=ObtainTokenSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expires": serializers.DateTimeField()},
            ),
            400: OpenApiResponse(
                response=_REFUSED[400].response,
                description="One answer for a wrong or unknown username or password, a "
                "deactivated or locked account, and a missing or wrong one-time code for an "
                "account that uses two-factor sign-in: it never confirms a password.",
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
        verified = serializer.validated_data["second_factor"]
        token = tokens.token_issue(user=user, second_factor=verified)
        audit_record(
            actor=user,
            action=AuditEvent.Action.SIGN_IN,
            object_type="accounts.user",
            object_id=user.pk,
            detail={"step": "api_token", "second_factor": verified},
            request=request,
        )
        return Response({"token": token.key, "expires": tokens.token_expires(token)})


class TokenInfoSerializer(serializers.Serializer):
    token_id = serializers.CharField(help_text=_("A digest naming the token; never the key."))
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField()
    second_factor = serializers.BooleanField(help_text=_("Issued against a one-time code."))


class OwnTokenListView(APIView):
    """The caller's own API tokens (at most one), with when each ends."""

    @extend_schema(responses={200: TokenInfoSerializer(many=True), **LIST_ERRORS})
    def get(self, request):
        infos = tokens.tokens_of(actor=request.user, user=request.user)
        return Response(TokenInfoSerializer(infos, many=True).data)


class OwnTokenDetailView(APIView):
    """Revoke one of the caller's own tokens; calls with it answer 401 from then on."""

    @extend_schema(responses={204: None, **error_responses(401, 403, 404)})
    def delete(self, request, token_id: str):
        tokens.token_revoke(
            actor=request.user, user=request.user, public_id=token_id, request=request
        )
        return Response(status=204)


class SecondFactorActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            ("enrolment_link", _("Issue an enrolment link")),
            ("reset", _("Remove the devices (and API tokens), then issue an enrolment link")),
        ]
    )


class SecondFactorAdminView(APIView):
    """Administrators: reset a person's second factor or issue them an enrolment link."""

    @extend_schema(
        request=SecondFactorActionSerializer,
        responses={
            200: inline_serializer("EnrolmentLink", {"link": serializers.CharField()}),
            **WRITE_ERRORS,
        },
    )
    def post(self, request, pk: int):
        person = partnership_selectors.user_for_administration(actor=request.user, pk=pk)
        serializer = SecondFactorActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issue = (
            services.second_factor_reset
            if serializer.validated_data["action"] == "reset"
            else services.enrolment_link_issue
        )
        link = issue(
            actor=request.user,
            user=person,
            link_base=request.build_absolute_uri("/"),
            request=request,
        )
        return Response({"link": link})
