"""The admin action "Asignar a otra mascota": records of a placeholder pet, to the right pet.

A page first: the records chosen, each with the OkVet pet id the export gave it, and a search
for the pet they belong to (by name, owner, document, phone or OkVet id); then the move itself
(``clinic.reassign.records_reassign``), written to the audit trail.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.models import Pet
from clinic.reassign import NotATarget, okvet_pet_id, orphaned, placeholder_pets, records_reassign
from clinic.search import pets_matching

CANDIDATES = 20


class OrphanFilter(admin.SimpleListFilter):
    """Records whose pet OkVet's export did not have (under a placeholder pet)."""

    title = _("pet in OkVet's export")
    parameter_name = "orphan"

    def lookups(self, request, model_admin):
        return (("yes", _("Not found: placeholder pet")), ("no", _("Found")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(orphaned())
        if self.value() == "no":
            return queryset.exclude(orphaned())
        return queryset


class ReassignAdmin(admin.ModelAdmin):
    """Adds the action to a pet's history admin (consults, vaccinations, appointments, …)."""

    actions = ["reassign"]

    @admin.display(description=_("OkVet pet id"))
    def okvet_pet(self, obj) -> str:
        return okvet_pet_id(obj) or "—"

    @admin.action(description=_("Assign to another pet"), permissions=["change"])
    def reassign(self, request, queryset):
        if "confirm" in request.POST:
            target = request.POST.get("target", "")
            pet = Pet.objects.filter(pk=int(target)).first() if target.isdigit() else None
            if pet is None:
                self.message_user(request, gettext("Choose the pet first."), messages.ERROR)
            elif self._move(request, queryset, pet):
                return None
        return self._page(request, queryset)

    def _move(self, request, queryset, pet: Pet) -> bool:
        try:
            done = records_reassign(records=queryset, pet=pet, by=request.user)
        except NotATarget:
            refused = gettext("Choose a real patient, not a placeholder pet.")
            self.message_user(request, refused, messages.ERROR)
            return False
        message = gettext("Records assigned to %(pet)s: %(count)d.") % {
            "pet": pet,
            "count": done.moved,
        }
        if done.documents:
            message += " " + gettext("Attachments moved with them: %(count)d.") % {
                "count": done.documents
            }
        if done.skipped:
            message += " " + gettext(
                "Left as they were, their pet being in OkVet's export: %(count)d."
            ) % {"count": done.skipped}
        self.message_user(request, message, messages.SUCCESS if done.moved else messages.WARNING)
        return True

    def _page(self, request, queryset) -> TemplateResponse:
        query = request.POST.get("pet_query", "").strip()
        candidates = []
        if query:
            candidates = list(pets_matching(query).exclude(placeholder_pets())[:CANDIDATES])
        records = list(queryset.select_related("pet"))
        orphans = set(queryset.filter(orphaned()).values_list("pk", flat=True))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Assign to another pet"),
            "opts": self.model._meta,
            "rows": [(r, okvet_pet_id(r), r.pk in orphans) for r in records],
            "orphans": len(orphans),
            "query": query,
            "candidates": candidates,
            "searched": bool(query),
        }
        return TemplateResponse(request, "admin/clinic/reassign.html", context)
