"""Pages that keep the registry: add a property, edit it, add a photograph, change its
confidentiality. Each writes through ``shield.registry.services`` (one transaction, one audit
entry, the same refusals as the API) and shows only to those the services let write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shield.accounts import roles
from shield.core.errors import NotAllowed, RecordInvalid
from shield.monitoring import evidence
from shield.parties.models import State
from shield.registry import services
from shield.registry.disclosure import find_visible
from shield.registry.models import CulturalProperty
from shield.registry.records import identifiers_of

from .property_errors import place, translated
from .property_forms import (
    OBJECT_ID_FIELDS,
    ClaimFormSet,
    ConfidentialityForm,
    DeleteForm,
    IdentifierFormSet,
    MeasurementFormSet,
    NameFormSet,
    PhotographForm,
    PropertyForm,
    ProtectionEventForm,
)

EXTRA_ROWS = {"names": 3, "claims": 1, "measurements": 1, "identifiers": 1}


def creatable_states(user):
    """The States whose inventory the user may add to (``roles.can_create_property``)."""
    if roles.is_staff_role(user):
        return list(State.objects.filter(historical=False))
    state = roles.state_of(user) if roles.has_role(user, roles.PARTY_OFFICER) else None
    return [state] if state is not None else []


def forbidden(request, message: str):
    return render(request, "web/property_forbidden.html", {"message": message}, status=403)


def _editable(request, ref: str) -> CulturalProperty:
    prop = find_visible(request.user, ref)
    if prop is None:
        raise Http404(_("No such property"))
    return prop


def _refusal(prop: CulturalProperty) -> str:
    return _(
        "You may not change %(code)s: it is in the inventory of %(state)s. Only that State's "
        "officers and the Secretariat keep it."
    ) % {"code": prop.code, "state": prop.inventory_state.name_in(_lang())}


def _lang() -> str:
    from shield.core.language import reader_lang

    return reader_lang()


class Editor:
    """The record's form and its three formsets, bound to a POST or filled from a record."""

    def __init__(self, request, prop: CulturalProperty | None = None, states=()):
        post = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        if post is not None and request.POST.get("more") in EXTRA_ROWS:
            post = post.copy()  # "Add a row" without JavaScript: one more blank row
            key = f"{request.POST['more']}-TOTAL_FORMS"
            post[key] = str(int(post.get(key) or 0) + 1)
        self.adding_row = post is not None and request.POST.get("more") in EXTRA_ROWS
        names = list(prop.names.all()) if prop else []
        initial = _initial(prop) if prop else {}
        self.form = PropertyForm(post, files, states=states, editing=prop, initial=initial)
        langs = [n.lang for n in names]
        self.names = NameFormSet(
            post,
            prefix="names",
            initial=[_plain(n, ["text", "lang", "script", "kind", "source"]) for n in names],
            form_kwargs={"langs": langs, "scripts": [n.script for n in names]},
        )
        self.claims = ClaimFormSet(
            post,
            prefix="claims",
            initial=[
                {
                    **_plain(c, ["role", "valid_from", "valid_to", "basis", "source"]),
                    "state": c.state.code,
                }
                for c in (prop.claims.select_related("state") if prop else [])
            ],
        )
        self.measurements = MeasurementFormSet(
            post, prefix="measurements", initial=list(prop.measurements or []) if prop else []
        )
        # A post without the identifiers' rows (a client written before they were on the
        # form) leaves the record's identifiers as they are.
        self.with_identifiers = post is None or "identifiers-TOTAL_FORMS" in post
        self.identifiers = IdentifierFormSet(
            post if self.with_identifiers else None,
            prefix="identifiers",
            initial=identifiers_of(prop) if prop else [],
        )
        if post is None:
            for name, formset in self.formsets().items():
                formset.extra = EXTRA_ROWS[name] if prop is None or name != "names" else 1
        self.section_errors: dict[str, list[str]] = {name: [] for name in EXTRA_ROWS}

    def formsets(self) -> dict:
        sets = {"names": self.names, "claims": self.claims, "measurements": self.measurements}
        if self.with_identifiers:
            sets["identifiers"] = self.identifiers
        return sets

    def is_valid(self) -> bool:
        valid = [self.form.is_valid()] + [f.is_valid() for f in self.formsets().values()]
        return all(valid) and not self.adding_row

    def record(self) -> dict:
        out = self.form.fields_of()
        out["names"] = [
            _row(f, ["text", "lang", "script", "kind", "source"]) for f in self.names.kept()
        ]
        out["claims"] = [
            _row(f, ["state", "role", "valid_from", "valid_to", "basis", "source"])
            for f in self.claims.kept()
        ]
        out["measurements"] = [
            _row(f, ["dimension", "value", "unit"]) for f in self.measurements.kept()
        ]
        if self.with_identifiers:
            out["identifiers"] = [
                _row(f, ["scheme", "value", "state", "source"]) for f in self.identifiers.kept()
            ]
        return out

    def show(self, errors) -> None:
        """Each refusal of the services beside its field."""
        for error in errors:
            message = translated(error.message)
            if error.refused is not None:
                message = error.refused.message(_lang())
            formset_name, row, field = place(error.field)
            if formset_name in EXTRA_ROWS:
                rows = self.formsets()[formset_name].kept()
                if row is not None and row < len(rows):
                    target = rows[row]
                    target.add_error(field if field in target.fields else None, message)
                else:
                    self.section_errors[formset_name].append(message)
            elif field in EXTRA_ROWS:
                self.section_errors[field].append(message)
            elif field == "boundary":
                self.form.add_error("boundary_file", message)
            elif field in self.form.fields:
                self.form.add_error(field, message)
            else:
                self.form.add_error(None, message)

    def context(self) -> dict:
        return {
            "form": self.form,
            "formsets": [
                ("names", _("Names"), self.names),
                ("claims", _("Jurisdiction and claims"), self.claims),
                ("measurements", _("Measurements"), self.measurements),
                ("identifiers", _("Identifiers in other registers"), self.identifiers),
            ],
            "section_errors": self.section_errors,
            "has_errors": self.form.is_bound
            and not self.adding_row
            and (
                bool(self.form.errors)
                or any(self.section_errors.values())
                or any(not f.is_valid() for f in self.formsets().values())
            ),
            "object_id_fields": [self.form[f] for f in OBJECT_ID_FIELDS],
        }


def _plain(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _row(form, fields) -> dict:
    data = form.cleaned_data
    return {f: data.get(f) if data.get(f) is not None else "" for f in fields}


def _initial(prop: CulturalProperty) -> dict:
    fields = ["category", "description", "significance", "lat", "lon", "location_certainty"]
    return {
        **{f: getattr(prop, f) for f in [*fields, "confidentiality", *OBJECT_ID_FIELDS]},
        "external_id": prop.external_id or "",
    }


def property_create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    states = creatable_states(request.user)
    if not states:
        return forbidden(
            request,
            _(
                "Only a Party's national heritage officers and the Secretariat add property to "
                "an inventory."
            ),
        )
    editor = Editor(request, states=states)
    if request.method == "POST" and editor.is_valid():
        try:
            prop = services.create_property(request.user, editor.record())
        except RecordInvalid as exc:
            editor.show(exc.errors)
        except NotAllowed:
            return forbidden(request, _("You may not add to this State's inventory."))
        else:
            messages.success(
                request, _("%(code)s was added to the registry.") % {"code": prop.code}
            )
            return redirect("web:property", ref=prop.code)
    status = 400 if request.method == "POST" and not editor.adding_row else 200
    return render(
        request,
        "web/property_form.html",
        {**editor.context(), "prop": None, "title": _("Add a property")},
        status=status,
    )


def property_edit(request, ref: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    prop = _editable(request, ref)
    if not roles.can_edit_property(request.user, prop):
        return forbidden(request, _refusal(prop))
    editor = Editor(request, prop=prop)
    if request.method == "POST" and editor.is_valid():
        try:
            services.update_property(request.user, prop, editor.record())
        except RecordInvalid as exc:
            editor.show(exc.errors)
        except NotAllowed:
            return forbidden(request, _refusal(prop))
        else:
            messages.success(request, _("The record was saved."))
            return redirect("web:property", ref=prop.code)
    status = 400 if request.method == "POST" and not editor.adding_row else 200
    return render(
        request,
        "web/property_form.html",
        {
            **editor.context(),
            "prop": prop,
            "title": _("Edit %(code)s") % {"code": prop.code},
        },
        status=status,
    )


def property_photograph(request, ref: str):
    """A photograph: received as evidence (hashed, its custody begun, in the audit log), then
    shown on the record by its thumbnail, a copy without the file's metadata."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    prop = _editable(request, ref)
    if not roles.can_edit_property(request.user, prop):
        return forbidden(request, _refusal(prop))
    form = PhotographForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, caption = form.cleaned_data["file"], form.cleaned_data["caption"]
        try:
            with transaction.atomic():
                ev = evidence.add_evidence(
                    request.user,
                    upload.name,
                    upload,
                    {"property": prop.code, "description": caption},
                )
                photos = [{"url": p.url, "caption": p.caption} for p in prop.photographs.all()]
                photos.append({"url": f"/api/evidence/{ev.pk}/thumbnail", "caption": caption})
                services.update_property(request.user, prop, {"photographs": photos})
        except RecordInvalid as exc:
            for error in exc.errors:
                field = error.field if error.field in form.fields else None
                form.add_error(field, translated(error.message))
        except NotAllowed:
            return forbidden(request, _refusal(prop))
        except ValueError as exc:  # the store's size limit (store.TooLarge)
            form.add_error("file", _("The file is too large.") if "limit" in str(exc) else str(exc))
        else:
            messages.success(request, _("The photograph was added."))
            return redirect("web:property", ref=prop.code)
    return render(
        request,
        "web/property_small_form.html",
        {
            "form": form,
            "prop": prop,
            "title": _("Add a photograph to %(code)s") % {"code": prop.code},
            "multipart": True,
            "submit": _("Add the photograph"),
        },
        status=400 if request.method == "POST" else 200,
    )


def property_confidentiality(request, ref: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    prop = _editable(request, ref)
    if not roles.can_edit_property(request.user, prop):
        return forbidden(request, _refusal(prop))
    form = ConfidentialityForm(
        request.POST or None, initial={"confidentiality": prop.confidentiality}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_property(
                request.user, prop, {"confidentiality": form.cleaned_data["confidentiality"]}
            )
        except RecordInvalid as exc:
            for error in exc.errors:
                form.add_error("confidentiality", translated(error.message))
        except NotAllowed:
            return forbidden(request, _refusal(prop))
        else:
            messages.success(request, _("The confidentiality was changed."))
            return redirect("web:property", ref=prop.code)
    return render(
        request,
        "web/property_small_form.html",
        {
            "form": form,
            "prop": prop,
            "title": _("Confidentiality of %(code)s") % {"code": prop.code},
            "submit": _("Save"),
        },
        status=400 if request.method == "POST" else 200,
    )


def property_delete(request, ref: str):
    """Deleting a record: a page that says what follows and asks why, then the act."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    prop = _editable(request, ref)
    if not roles.can_edit_property(request.user, prop):
        return forbidden(request, _refusal(prop))
    if prop.deleted_at is not None:
        return redirect("web:property", ref=prop.code)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_property(request.user, prop, form.cleaned_data["reason"])
        except NotAllowed:
            return forbidden(request, _refusal(prop))
        messages.success(
            request,
            _("%(code)s was deleted. The Secretariat can restore it from its page.")
            % {"code": prop.code},
        )
        if find_visible(request.user, prop.code, include_deleted=True) is None:
            return redirect("web:home")  # a deleted record is the Secretariat's to see
        return redirect("web:property", ref=prop.code)
    return render(
        request,
        "web/property_delete.html",
        {"form": form, "prop": prop, "name": prop.display_name(_lang())},
        status=400 if request.method == "POST" else 200,
    )


def property_restore(request, ref: str):
    """Restoring a deleted record: a page with one button, then the act."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    prop = find_visible(request.user, ref, include_deleted=True)
    if prop is None:
        raise Http404(_("No such property"))
    if not roles.can_edit_property(request.user, prop):
        return forbidden(request, _refusal(prop))
    if prop.deleted_at is None:
        return redirect("web:property", ref=prop.code)
    if request.method == "POST":
        try:
            services.restore_property(request.user, prop)
        except NotAllowed:
            return forbidden(request, _refusal(prop))
        messages.success(request, _("The record was restored."))
        return redirect("web:property", ref=prop.code)
    return render(
        request,
        "web/property_restore.html",
        {"prop": prop, "name": prop.display_name(_lang())},
    )


def property_protection(request, ref: str):
    """Recording one event of a property's special or enhanced protection from a source; a
    step the treaty does not allow is refused beside its field, with its provisions."""
    from shield.treaty.refusals import Refused

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    prop = _editable(request, ref)
    if not roles.can_edit_property(request.user, prop):
        return forbidden(request, _refusal(prop))
    form = ProtectionEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_protection_event(
                request.user,
                prop,
                data["level"],
                data["action"],
                data["effective_date"],
                data["basis"],
                data["note"],
                origin="record",
            )
        except Refused as exc:
            for refusal in exc.all():
                field = refusal.field if refusal.field in form.fields else None
                form.add_error(field, refusal.message("nb" if _lang() == "nb" else "en"))
        except RecordInvalid as exc:
            for error in exc.errors:
                field = error.field if error.field in form.fields else None
                form.add_error(field, translated(error.message))
        except NotAllowed:
            return forbidden(request, _refusal(prop))
        else:
            messages.success(request, _("The protection event was recorded."))
            return redirect("web:property", ref=prop.code)
    return render(
        request,
        "web/property_small_form.html",
        {
            "form": form,
            "prop": prop,
            "title": _("Record a protection event for %(code)s") % {"code": prop.code},
            "submit": _("Record the event"),
        },
        status=400 if request.method == "POST" else 200,
    )


def actions_for(user, prop: CulturalProperty) -> list[tuple[str, str]]:
    """The acts on this page its reader may take: (label, address)."""
    if not roles.can_edit_property(user, prop):
        return []
    if prop.deleted_at is not None:
        return [(_("Restore the record"), reverse("web:property-restore", args=[prop.code]))]
    return [
        (_("Edit the record"), reverse("web:property-edit", args=[prop.code])),
        (_("Add a photograph"), reverse("web:property-photograph", args=[prop.code])),
        (
            _("Change the confidentiality"),
            reverse("web:property-confidentiality", args=[prop.code]),
        ),
        (
            _("Record a protection event"),
            reverse("web:property-protection", args=[prop.code]),
        ),
        (_("Delete the record…"), reverse("web:property-delete", args=[prop.code])),
    ]
