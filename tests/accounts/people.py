"""Owners, pets and staff made directly, for the account and portal tests: an imported owner
has an unusable password and a generated username, as the import leaves them."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from accounts.backends import normalized_document
from clinic.models import OwnerProfile, Pet, Staff

_numbers = itertools.count(900)


def make_owner(
    name: str = "Ana Torres",
    *,
    email: str = "ana.torres@example.co",
    document: str = "1.020.304.050",
    password: str | None = None,
    active: bool = True,
) -> OwnerProfile:
    """``password=None`` is an imported owner's account: no usable password."""
    user = get_user_model().objects.create_user(
        f"okvet-{next(_numbers)}", email=email, password=password, is_active=active
    )
    return OwnerProfile.objects.create(
        user=user,
        full_name=name,
        ident_type="cc" if document else "",
        ident_number=document,
        ident_number_normalized=normalized_document(document),
        source_system="okvet",
    )


def make_pet(owner: OwnerProfile, name: str, **fields) -> Pet:
    return Pet.objects.create(
        owner=owner, name=name, species=fields.pop("species", "dog"), **fields
    )


def make_staff(username: str = "vet", name: str = "Dra. Laura Gómez"):
    user = get_user_model().objects.create_user(
        username, password="Clave-de-prueba-9", is_staff=True
    )
    Staff.objects.create(user=user, name=name)
    return user
