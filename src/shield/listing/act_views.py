"""The acts of the procedure on its pages, each with the date it happened (never after today:
refused by the act's name) beside the time it is recorded. Irreversible steps (a withdrawal, a
vote on a motion) first show what follows and ask for confirmation: one click never does them."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shield.core.language import reader_lang
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid
from shield.treaty import procedure as P
from shield.treaty.refusals import Refused

from . import committee, labels, services
from .forms import ActDateForm
from .models import Request, Session
from .present import request_for, session_for

FAILURES = (RecordInvalid, Refused, NotAllowed)
DATED = {"register": services.register, "notify": services.notify, "withdraw": services.withdraw}
CONFIRMED = "yes"


def _submission_data(post) -> dict:
    data = {
        k: post.get(k, "") for k in ("state", "criterion", "facts", "organisation", "submitted_on")
    }
    if post.get("attachment_title"):
        data["attachments"] = [
            {"title": post["attachment_title"], "ref": post.get("attachment_ref", "")}
        ]
    return data


def _other_step(user, req: Request, step: str, post) -> None:
    data = _submission_data(post)
    if step == "represent":
        services.represent(user, req, data)
    elif step == "respond":
        services.respond(user, req, data)
    elif step == "advise":
        services.advise(user, req, data)
    elif step == "agenda":
        committee.add_to_agenda(user, session_for(post.get("session", "")), req)
    elif step == "views":
        committee.open_views(
            user,
            req,
            post.get("proposal", ""),
            post.getlist("grounds"),
            post.get("on") or None,
            post.get("closes_on") or None,
            post.get("note", ""),
        )
    elif step == "assert":
        evidence = (
            [{"title": post["evidence_title"], "ref": post.get("evidence_ref", "")}]
            if post.get("evidence_title")
            else []
        )
        committee.assert_military_use(
            user,
            req,
            {
                "asserted_by_state": post.get("asserted_by_state", ""),
                "asserted_by_organisation": post.get("asserted_by_organisation", ""),
                "asserted_on": post.get("asserted_on") or None,
                "period_from": post.get("period_from") or None,
                "period_to": post.get("period_to") or None,
                "facts": post.get("facts", ""),
                "evidence": evidence,
            },
        )
    else:
        raise Http404(step)


def _failed(request, req: Request, step: str, exc, form=None):
    from .views import error_text, field_errors, request_page_response, status_of

    req.refresh_from_db()
    errors = field_errors(exc)
    if form is not None:
        form.apply_failure(exc)
        if "on" in form.errors:
            errors["on"] = " ".join(form.errors["on"])
    return request_page_response(
        request,
        req,
        error_text(exc),
        status_of(exc),
        errors,
        {"step": step, **request.POST.dict()},
    )


@require_POST
def request_step(request, ref: str, step: str):
    req = request_for(request.user, ref)
    user, post = request.user, request.POST
    if step in DATED:
        form = ActDateForm(post)
        if not form.is_valid():
            from .views import request_page_response

            return request_page_response(
                request,
                req,
                " ".join(map(str, form.errors["on"])),
                422,
                {"on": " ".join(map(str, form.errors["on"]))},
                {"step": step, **post.dict()},
            )
        day = form.cleaned_data["on"]
        if step == "withdraw" and post.get("confirmed") != CONFIRMED:
            try:  # the act's own checks first: no one confirms what would be refused
                _trial(lambda: services.withdraw(user, req, day))
            except FAILURES as exc:
                return _failed(request, req, step, exc, form)
            req.refresh_from_db()
            return render(
                request,
                "listing/confirm_withdraw.html",
                {"r": req, "on": day, "what_follows": labels.consequence("withdraw")},
            )
        try:
            DATED[step](user, req, day)
        except FAILURES as exc:
            return _failed(request, req, step, exc, form)
        return redirect("listing:request", ref=req.ref)
    try:
        _other_step(user, req, step, post)
    except FAILURES as exc:
        return _failed(request, req, step, exc)
    return redirect("listing:request", ref=req.ref)


def _ballot(s: Session, post) -> dict[str, str]:
    return {m: post.get(f"vote_{m}", "") for m in s.present}


class _DryRun(Exception):
    """Rolls back the trial of a vote that is not yet confirmed."""

    def __init__(self, decision):
        self.decision = decision


def _trial(act):
    """What an irreversible act would do, done by its own service and rolled back: the
    confirmation page shows its outcome, and a refusal is shown before anyone confirms.
    Nothing is written."""
    try:
        with transaction.atomic():
            raise _DryRun(act())
    except _DryRun as trial:
        return trial.decision


def decide(request, s: Session):
    """A vote on a motion: first the summary of what is put to the vote and what follows (the
    outcome the votes as entered give), then, confirmed, the decision (``committee.decide``)."""
    from .views import error_text, field_errors, session_page_response, status_of

    post, user = request.POST, request.user
    cast = {m: post.get(f"vote_{m}", "") for m in s.present}
    motion, grounds = post.get("motion", ""), post.getlist("grounds")
    continuous = post.get("continuous") == "on"
    try:
        req = request_for(user, post.get("request", ""))
    except Http404:
        msg = _("no such request on this session's agenda")
        return session_page_response(request, s, msg, 422, {"request": msg})
    try:
        if post.get("confirmed") == CONFIRMED:
            committee.decide(user, s, req, motion, cast, grounds, continuous=continuous)
            return redirect("listing:session", ref=s.ref)
        trial = _trial(
            lambda: committee.decide(user, s, req, motion, cast, grounds, continuous=continuous)
        )
    except FAILURES as exc:
        return session_page_response(request, s, error_text(exc), status_of(exc), field_errors(exc))
    lang = reader_lang()
    return render(
        request,
        "listing/confirm_vote.html",
        {
            "s": s,
            "r": req,
            "motion": motion,
            "grounds": grounds,
            "ground_text": "; ".join(P.ground_label(g, lang) for g in grounds),
            "continuous": continuous,
            "cast": [(m, v) for m, v in cast.items()],
            "carried": trial.carried,
            "majority": P.majority_kind(
                motion, req.submissions.filter(kind="representation").exists()
            ).value,
            "reason": trial.finding.get("reason", {}).get(lang, ""),
            "citations": trial.citations,
            "what_follows": labels.consequence("vote", motion),
        },
    )
