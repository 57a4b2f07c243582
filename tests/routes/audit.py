from . import COMMUNITY_A, Route

ROUTES = {
    # Administrators only: every other role is refused.
    "audit:search": Route(
        allowed="administrator", wrong_role=(*COMMUNITY_A, "oversight_member", "cochair")
    ),
}
