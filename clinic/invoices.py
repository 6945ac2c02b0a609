"""Invoices where they belong: on the pet they name, otherwise only on the owner's page.

An invoice belongs to an owner; OkVet's and Siigo's invoice exports have no pet column, so an
invoice is a pet's only when its row named one in a column the import kept verbatim::

    legacy_extras={"Mascota": "Firulais"}  or  {"pet_id": "201"}

names pet 201 "Firulais" of that owner. Every other invoice of the owner (the usual case) is
shown once, on the owner's page, never repeated on each of their pets.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from clinic.display import folded, money, number
from clinic.entries import Field
from clinic.models import Invoice, OwnerProfile, Pet

PET_COLUMNS = frozenset(
    ("mascota", "paciente", "pet", "pet id", "id mascota", "id paciente", "nombre mascota")
)
"""Headers (folded, ``_`` as a space) of a kept column that names the invoice's pet."""


def named_pets(invoice: Invoice) -> set[str]:
    """What the invoice's row wrote in a pet column: names and OkVet ids, folded."""
    found = set()
    for key, value in (invoice.legacy_extras or {}).items():
        header = re.sub(r"[\W_]+", " ", folded(str(key))).strip()
        if header in PET_COLUMNS and str(value).strip():
            found.add(folded(str(value)))
    return found


def names_pet(invoice: Invoice, pet: Pet) -> bool:
    keys = {folded(pet.name), folded(pet.legacy_id)} - {""}
    return bool(keys & named_pets(invoice))


def _of_owner(owner_id: int | None):
    return Invoice.objects.filter(owner_id=owner_id).prefetch_related("lines")


def pet_invoices(pet: Pet) -> list[Invoice]:
    """The owner's invoices that name this pet."""
    candidates = _of_owner(pet.owner_id).exclude(legacy_extras={})
    return [invoice for invoice in candidates if names_pet(invoice, pet)]


def owner_invoices(owner: OwnerProfile) -> list[Invoice]:
    """The owner's invoices that name none of their pets: the owner's page shows these."""
    pets = list(owner.pets.all())
    return [i for i in _of_owner(owner.pk) if not any(names_pet(i, pet) for pet in pets)]


def invoice_fields(invoice: Invoice) -> tuple[list[Field], list[tuple[str, list[Field]]]]:
    """The invoice's amounts (``"94.744 COP"``) and its current lines, labelled."""
    currency = invoice.currency
    amounts = [
        Field(label, money(value, currency))
        for label, value in (
            (_("subtotal"), invoice.subtotal),
            (_("discount"), invoice.discount if invoice.discount else None),
            (_("VAT"), invoice.tax),
            (_("total"), invoice.total),
            (_("balance"), invoice.balance),
        )
        if value is not None
    ]
    if invoice.status:
        amounts.append(Field(_("status"), invoice.status))
    rows = []
    for line in invoice.lines.all():
        if not line.is_active:
            continue
        parts = [
            Field(label, text)
            for label, text in (
                (_("quantity"), number(line.quantity)),
                (_("unit price"), money(line.unit_price, currency)),
                (_("line total"), money(line.total, currency)),
            )
            if text
        ]
        rows.append((line.description or _("line"), parts))
    return amounts, rows
