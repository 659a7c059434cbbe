from units.roles import Role, roles_of


def user_roles(request):
    """Expose the user's roles to templates, so navigation shows only what they can use."""
    roles = roles_of(getattr(request, "user", None))
    return {"user_roles": roles, "is_office": Role.OFFICE in roles}
