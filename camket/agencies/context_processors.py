from camket.agencies.permissions import scope_of


def membership(request):
    """Expose the user's scope to templates (e.g. to show coordinator-only buttons)."""
    return {"camket_scope": scope_of(request.user)}
