"""Pages for what comes before a request: tentative-list entries (``enhanced.tentative_list``),
recommendations (``enhanced.recommendation``) and the Committee's invitations
(``enhanced.request``). Thin doors onto ``services``: the same rules and audit entries as the
API; a refusal is shown beside its field in the reader's language."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shield.accounts import roles
from shield.registry.disclosure import find_visible
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid
from shield.treaty.refusals import Refused

from . import services
from .forms import InitiativeForm, TentativeForm

FAILURES = (RecordInvalid, Refused, NotAllowed)


def may_propose(user) -> bool:
    """The Secretariat, or a Party's officer with its State."""
    return roles.is_staff_role(user) or (
        roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None
    )


def _status(exc) -> int:
    return getattr(exc, "status", None) or (422 if isinstance(exc, RecordInvalid) else 403)


def _login(request):
    return redirect(f"/login/?next={request.path}")


def _initial(request) -> dict:
    mine = roles.state_of(request.user)
    return {"property": request.GET.get("property", ""), "state": mine.code if mine else ""}


def tentative(request):
    """A Party's tentative-list entry."""
    if not may_propose(request.user):
        return _login(request)
    status = 200
    if request.method == "POST":
        form = TentativeForm(request.user, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            prop = find_visible(request.user, d["property"])
            if prop is None:
                form.add_error("property", _("no such property"))
            else:
                try:
                    services.add_tentative(
                        request.user, prop, d["state"], d["submitted_on"], d["note"]
                    )
                    return redirect("listing:requests")
                except FAILURES as exc:
                    form.apply_failure(exc)
                    status = _status(exc)
        status = status if status != 200 else 422
    else:
        form = TentativeForm(request.user, initial=_initial(request))
    return render(
        request,
        "listing/tentative_form.html",
        {"form": form, "is_staff": roles.is_staff_role(request.user)},
        status=status,
    )


def initiative(request):
    """A recommendation, or (the Secretariat) the Committee's invitation to request."""
    if not may_propose(request.user):
        return _login(request)
    status = 200
    if request.method == "POST":
        form = InitiativeForm(request.user, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            prop = find_visible(request.user, d["property"])
            if prop is None:
                form.add_error("property", _("no such property"))
            else:
                try:
                    services.add_initiative(
                        request.user,
                        prop,
                        d["kind"],
                        d["text"],
                        d["dated"],
                        d.get("by_state") or "",
                        d.get("by_organisation") or "",
                        d.get("invited_state") or "",
                    )
                    return redirect("listing:requests")
                except FAILURES as exc:
                    form.apply_failure(exc)
                    status = _status(exc)
        status = status if status != 200 else 422
    else:
        initial = _initial(request)
        form = InitiativeForm(request.user, initial={**initial, "by_state": initial["state"]})
    return render(
        request,
        "listing/initiative_form.html",
        {"form": form, "is_staff": roles.is_staff_role(request.user)},
        status=status,
    )
