from . import Route

ROUTES = {
    # Anyone signed in may enrol an authenticator app.
    "accounts:two_factor_setup": Route(allowed="practitioner_a", everyone_signed_in=True),
    # Without an enrolled device the verify step sends people to enrolment.
    "accounts:two_factor_verify": Route(
        allowed="practitioner_a", expect=302, everyone_signed_in=True
    ),
}
