from django.conf import settings

from shield.accounts import roles


def site(request):
    user = getattr(request, "user", None)
    return {
        "tile_url": settings.SHIELD_TILE_URL,
        "user_roles": sorted(roles.roles_of(user)),
        "user_state": roles.state_of(user),
    }
