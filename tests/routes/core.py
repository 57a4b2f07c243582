from . import Route

ROUTES = {
    "home": Route(allowed="practitioner_a", everyone_signed_in=True),
    "login": Route(allowed=None, anonymous="public"),
    "logout": Route(allowed="practitioner_a", method="post", expect=302, everyone_signed_in=True),
    "favicon": Route(allowed=None, anonymous="public", expect=301),
    "healthz": Route(allowed=None, anonymous="public", expect=(200, 503)),
    "api-token": Route(allowed=None, anonymous="public", method="post", expect=400),
    "schema": Route(allowed="practitioner_a", anonymous="api", everyone_signed_in=True),
    "api-docs": Route(allowed="practitioner_a", anonymous="api", everyone_signed_in=True),
}

# The offline service worker, at the root for its scope: the same script for everyone.
ROUTES["service_worker"] = Route(allowed=None, anonymous="public")
