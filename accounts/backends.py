"""Signing in with what people know: their email, their document number, or the username.

Owners brought over from OkVet got a generated username (``okvet-539``) nobody told them; what
they know is the email and the document (cédula) the clinic has on file. Both are looked up
here, the username still works, and permissions stay Django's (``ModelBackend``).
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from unidecode import unidecode

MAX_CANDIDATES = 5
"""A family may share an email; more accounts than this for one sign-in name is not a family,
and checking a password costs a hash each."""
MIN_DOCUMENT_LENGTH = 4


def normalized_document(text: str) -> str:
    """``"1.020.304-5"`` → ``"10203045"``: the document as the owner profile keeps it for
    lookups (letters upper-cased, accents, dots, dashes and spaces gone)."""
    return re.sub(r"[^A-Z0-9]", "", unidecode(text).upper())


def accounts_for(identifier: str):
    """The active accounts a sign-in name may mean: the username exactly, the email in any
    case, or the owner's document number however it is punctuated."""
    text = identifier.strip()
    if not text:
        return get_user_model()._default_manager.none()
    match = Q(username=text)
    if "@" in text:
        match |= Q(email__iexact=text)
    else:
        document = normalized_document(text)
        if len(document) >= MIN_DOCUMENT_LENGTH:
            match |= Q(owner_profile__ident_number_normalized=document)
    users = get_user_model()._default_manager.filter(match, is_active=True)
    return users.distinct().order_by("pk")


class EmailOrDocumentBackend(ModelBackend):
    """``authenticate(username=<email, document or username>, password=…)``.

    When several accounts share the email (a couple with one address), the one whose password
    matches signs in; if more than one matched, nobody does rather than a guess.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        candidates = list(accounts_for(str(username))[: MAX_CANDIDATES + 1])
        usable = [user for user in candidates if user.has_usable_password()]
        if not usable or len(candidates) > MAX_CANDIDATES:
            get_user_model()().set_password(password)  # as long as a real check takes
            return None
        matched = [
            user
            for user in usable
            if user.check_password(password) and self.user_can_authenticate(user)
        ]
        return matched[0] if len(matched) == 1 else None
