from . import Route

ROUTES = {
    # Administrators only; everyone else gets 404 (tests/audit/test_search.py).
    "audit:search": Route(allowed="administrator"),
}
