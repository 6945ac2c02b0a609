"""Server-rendered pages for the staff: a pet's chart. The staff's search is ``clinic.search``,
the owner's side ``clinic.portal``."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from clinic.chart import render_chart
from clinic.models import Pet


@staff_member_required
def staff_pet(request: HttpRequest, pk: int) -> HttpResponse:
    pet = get_object_or_404(Pet.objects.select_related("owner__user"), pk=pk)
    return render_chart(request, pet, for_owner=False)
