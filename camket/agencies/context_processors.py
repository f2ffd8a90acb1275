from camket.agencies.permissions import scope_of


def membership(request):
    """Expose the user's scope to templates (e.g. to show coordinator-only buttons)."""
    # No user on a request refused before authentication (e.g. a bad Host header: the 400 page).
    return {"camket_scope": scope_of(getattr(request, "user", None))}
