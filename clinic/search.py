"""The staff's patient search (``/historia/``): one box for whatever the clinic has at hand.

A name (the pet's or the owner's, any accents, any case: "maria perez", "MARÍA Pérez"), an
identity document as written ("52.123.456"), a phone as people say it ("300 111 2233", or
"+57 300 111 2233"), an email, a microchip, an OkVet id, or a clinic code. Names are matched
word by word against the folded names the database keeps (``search_name``): every word must be
in the pet's name or its owner's ("firulais perez"). The other keys are compared whole, through
their indexes: a document, phone or chip is never guessed from a part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from unidecode import unidecode

from clinic.display import age, number
from clinic.models import DatePrecision, OwnerProfile, Pet, Species
from clinic.models.folding import fold

PAGE_SIZE = 20
MAX_WORDS = 6
"""More words than a name has narrow nothing and cost a subquery each."""
MIN_PHONE_DIGITS = 7
User = get_user_model()
BREAKS = re.compile(r"([.@_/-])")
CODE = re.compile(r"[\w-]{1,40}")


@dataclass(frozen=True)
class Terms:
    """What a query can be: the words of a name, and the whole-value keys it may be."""

    text: str
    words: tuple[str, ...]
    document: str
    phones: tuple[str, ...]

    @property
    def key(self) -> str:
        """The query as an OkVet id or a microchip (``"#203"`` → ``"203"``)."""
        return self.text.lstrip("#")

    @property
    def code(self) -> bool:
        """Whether it may be an OkVet id or a clinic code: one word of letters and digits."""
        return CODE.fullmatch(self.key) is not None

    @property
    def named(self) -> bool:
        """Whether it may be a name: a document, phone or email is none."""
        return any(ch.isalpha() for ch in self.text) and "@" not in self.text


def terms_of(query: str) -> Terms | None:
    """``"María 300-111-2233"`` → words ``("maria", "300-111-2233")``, document
    ``"MARIA3001112233"``, no phone (the text is not one phone). ``None`` for an empty query."""
    text = " ".join(query.split())
    if not text:
        return None
    words = tuple(dict.fromkeys(fold(text).split()))[:MAX_WORDS]
    document = re.sub(r"[^A-Z0-9]", "", unidecode(text).upper())
    return Terms(text, words, document, _phones(text))


def _phones(text: str) -> tuple[str, ...]:
    """The E.164 forms a typed phone may have: as given with its country code, else in the
    clinic's country (``PHONE_REGION``, Colombia by default)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_PHONE_DIGITS or re.search(r"[^\d\s()+.\-]", text):
        return ()
    region = getattr(settings, "PHONE_REGION", "CO")
    found = {f"+{digits}"} if text.lstrip().startswith("+") else set()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return tuple(sorted(found))
    found.add(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    return tuple(sorted(found))


def pets_matching(query: str) -> QuerySet[Pet]:
    """The pets a query finds, active ones first, by name (folded)."""
    terms = terms_of(query)
    if terms is None:
        return Pet.objects.none()
    pets, owners = _pets_by_key(terms), _owners_by_key(terms)
    match = Q(pk__in=pets) | Q(owner_id__in=owners)
    if terms.named:
        match |= _by_name(terms.words)
    if terms.code and (terms.named or not (pets or owners)):
        match |= Q(clinic_code=terms.key)  # unindexed: read with the names, or when all else failed
    return (
        Pet.objects.filter(match)
        .select_related("owner", "owner__user")
        .order_by("-is_active", "search_name", "pk")
    )


def _by_name(words: tuple[str, ...]) -> Q:
    """Every word in the pet's name or in its owner's."""
    match = Q()
    for word in words:
        owners = OwnerProfile.objects.filter(search_name__contains=word).values("pk")
        match &= Q(search_name__contains=word) | Q(owner__in=owners)
    return match


def _ids(rows: QuerySet) -> set[int]:
    return set(rows.order_by().values_list("pk", flat=True))


def _pets_by_key(terms: Terms) -> list[int]:
    """Pets by microchip, and by OkVet id when the query is one word (both indexed)."""
    found = _ids(Pet.objects.filter(microchip__in={terms.key, terms.document} - {""}))
    if terms.code:  # a query of its own: SQLite reads an OR of two indexes as a whole scan
        found |= _ids(Pet.objects.filter(legacy_id=terms.key))
    return sorted(found)


def _owners_by_key(terms: Terms) -> list[int]:
    """Owners by identity document, phone or email, or by their OkVet id (all indexed)."""
    match = Q(pk__in=[])
    if terms.document:
        match |= Q(ident_number_normalized=terms.document)
    if terms.phones:
        match |= Q(mobile__in=terms.phones) | Q(phone__in=terms.phones)
        match |= Q(phone2__in=terms.phones)
    if "@" in terms.text:
        users = _ids(User.objects.filter(email__in={terms.text, terms.text.lower()}))
        match |= Q(user_id__in=users)
    found = _ids(OwnerProfile.objects.filter(match))
    if terms.code:
        found |= _ids(OwnerProfile.objects.filter(legacy_id=terms.key))
    return sorted(found)


@dataclass(frozen=True)
class Found:
    """One pet as a result line shows it."""

    pet: Pet
    species: str
    breed: str
    age: str
    owner: str
    contacts: tuple[SafeString, ...]


def found(pet: Pet, today: date) -> Found:
    owner = pet.owner
    email = owner.user.email if owner.user_id else ""
    contacts = tuple(
        breakable(c) for c in (owner.ident_number, owner.mobile or owner.phone, email) if c
    )
    breed = pet.breed or pet.breed_original
    return Found(pet, species_of(pet), breed, age_of(pet, today), str(owner), contacts)


def breakable(text: str) -> SafeString:
    """An email or a document that may wrap after its dots and at signs, never inside a word:
    ``maria.fernanda@correo.com`` on a phone is ``maria.``/``fernanda@``/``correo.com``."""
    return mark_safe(BREAKS.sub(r"\1<wbr>", str(escape(text))))  # noqa: S308 - escaped first


def species_of(pet: Pet) -> str:
    """The species' name; "Otra" with what OkVet called it when it is none of the list."""
    label = pet.get_species_display()
    if pet.species == Species.OTHER and pet.species_original:
        return f"{label} ({pet.species_original})"
    return str(label)


def age_of(pet: Pet, today: date) -> str:
    """The age as precisely as the birth date is known: "unos 3 años" for an estimated one;
    a deceased pet's age is the one it reached."""
    if pet.birth_date is None:
        return ""
    until = pet.deceased_at if pet.is_deceased and pet.deceased_at else today
    text = age(pet.birth_date, until)
    if text and pet.birth_date_precision in (DatePrecision.MONTH, DatePrecision.YEAR):
        return _("about {age}").format(age=text)
    return text


@dataclass(frozen=True)
class Results:
    query: str
    page: Page | None
    found: list[Found]

    @property
    def searched(self) -> bool:
        return self.page is not None

    @property
    def count(self) -> str:
        return number(self.page.paginator.count) if self.page is not None else ""


def pets_search(query: str, *, page: str | int | None = None) -> Results:
    """One page of the pets a query finds, with their total: the matching ids are read once
    (in order), the page's pets fetched by id."""
    if terms_of(query) is None:
        return Results(query, None, [])
    ids = list(pets_matching(query).values_list("pk", flat=True))  # one scan: count and page
    current = Paginator(ids, PAGE_SIZE).get_page(page)
    pets = Pet.objects.select_related("owner", "owner__user").in_bulk(current.object_list)
    today = timezone.localdate()
    return Results(query, current, [found(pets[pk], today) for pk in current.object_list])


@staff_member_required
def staff_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = pets_search(query, page=request.GET.get("page"))
    return render(request, "clinic/search.html", {"query": query, "results": results})
