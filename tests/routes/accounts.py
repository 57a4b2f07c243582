from rest_framework.authtoken.models import Token

from accounts.tokens import token_id

from . import COMMUNITY_A, Route

NOT_ADMINISTRATORS = (*COMMUNITY_A, "oversight_member", "cochair")


def _own_token(w) -> dict:
    token, _created = Token.objects.get_or_create(user=w.practitioner_a)
    return {"token_id": token_id(token)}


def _public_link(_what: str, **kwargs) -> Route:
    return Route(allowed=None, anonymous="public", outsiders=(), **kwargs)


ROUTES = {
    # Anyone signed in may enrol an authenticator app.
    "accounts:two_factor_setup": Route(allowed="practitioner_a", everyone_signed_in=True),
    # Without an enrolled device the verify step sends people to enrolment.
    "accounts:two_factor_verify": Route(
        allowed="practitioner_a", expect=302, everyone_signed_in=True
    ),
    # Links that carry a secret: open to anyone holding them; a bad one says so (200).
    "accounts:two_factor_enrol_link": _public_link(
        "enrol", kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "accounts:password_reset": _public_link("reset"),
    "accounts:password_reset_done": _public_link("sent"),
    "accounts:password_reset_confirm": _public_link(
        "confirm", kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "accounts:password_reset_complete": _public_link("complete"),
    # Everyone's own password and tokens.
    "accounts:password_change": Route(allowed="practitioner_a", everyone_signed_in=True),
    "accounts:password_change_done": Route(allowed="practitioner_a", everyone_signed_in=True),
    "accounts:tokens": Route(allowed="practitioner_a", everyone_signed_in=True),
    "api-token-list": Route(allowed="practitioner_a", anonymous="api", everyone_signed_in=True),
    # Only the caller's own tokens are found: anyone else's id is 404.
    "api-token-detail": Route(
        allowed="practitioner_a",
        anonymous="api",
        method="delete",
        expect=204,
        kwargs=_own_token,
        outsiders=(),
        everyone_signed_in=True,
    ),
    # Administrators reset second factors; on community A's people A's roles get 403.
    "accounts:admin_second_factor": Route(
        allowed="administrator",
        kwargs=lambda w: {"pk": w.practitioner_a.pk},
        foreign_kwargs=lambda w: {"pk": w.practitioner_b.pk},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "api-second-factor": Route(
        allowed="administrator",
        anonymous="api",
        method="post",
        data=lambda w: {"action": "enrolment_link"},
        kwargs=lambda w: {"pk": w.practitioner_a.pk},
        foreign_kwargs=lambda w: {"pk": w.practitioner_b.pk},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
}
