"""Casework pages: fetch through selectors, call one service, render.

Who may open each page is declared on it: ``requires(...)`` names the permission of a
page about no one record (a caseload, adding a child); a page about one record fetches it
through a selector, which answers 404 outside the user's communities and 403 inside them
to a role that does no casework; a decision page also names its predicate. Forms go
through ``core.forms.form_page``, which keeps what was typed beside the service's messages.
"""
