from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shield.accounts import roles

# Each role by its name in the reader's language, never by its code.
ROLE_LABELS = {
    roles.PARTY_OFFICER: _("Party officer"),
    roles.SECRETARIAT: _("Secretariat"),
    roles.COMMITTEE_MEMBER: _("Committee member"),
    roles.ASSESSOR: _("Assessor"),
    roles.ADMINISTRATOR: _("Administrator"),
}


def site(request):
    user = getattr(request, "user", None)
    return {
        "tile_url": settings.SHIELD_TILE_URL,
        "user_roles": [str(ROLE_LABELS.get(r, r)) for r in sorted(roles.roles_of(user))],
        "user_state": roles.state_of(user),
    }
