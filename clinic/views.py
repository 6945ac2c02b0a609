"""Server-rendered pages: the staff's pet history, the owner's own pets. The staff's search is
``clinic.search``."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clinic.chart import render_chart
from clinic.history import owner_of
from clinic.models import Pet


@staff_member_required
def staff_pet(request: HttpRequest, pk: int) -> HttpResponse:
    pet = get_object_or_404(Pet.objects.select_related("owner__user"), pk=pk)
    return render_chart(request, pet, for_owner=False)


@login_required
def my_pets(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request.user)
    pets = owner.pets.order_by("name") if owner else Pet.objects.none()
    return render(request, "clinic/my_pets.html", {"owner": owner, "pets": pets})


@login_required
def my_pet(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner reaches their own pets only: anyone else's is "not found", not "forbidden"."""
    owner = owner_of(request.user)
    if owner is None:
        raise Http404
    pet = get_object_or_404(Pet.objects.select_related("owner"), pk=pk, owner=owner)
    return render_chart(request, pet, for_owner=True)
