"""Failed sign-ins counted in Django's cache, so nobody can try password after password.

Two counters, each over a fixed window from the first failure: one per sign-in name *and*
address (5 by default: a person mistyping is not locked out by someone else elsewhere), one per
address whatever the name (20: one machine trying many accounts). A successful sign-in clears
its name's counter. The counts live in the ``default`` cache: with several server processes it
must be a shared one (database, Redis, memcached), or each process counts on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return f"login-failures:{digest}"


def client_address(request) -> str:
    """The address the request came from as the server saw it (``REMOTE_ADDR``); a proxy in
    front must pass the client's address there, a forwarded header is not trusted."""
    return (getattr(request, "META", None) or {}).get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class LoginThrottle:
    limit: int
    address_limit: int
    window: int

    @classmethod
    def from_settings(cls) -> LoginThrottle:
        return cls(
            settings.LOGIN_FAILURE_LIMIT,
            settings.LOGIN_FAILURE_ADDRESS_LIMIT,
            settings.LOGIN_FAILURE_WINDOW,
        )

    @property
    def minutes(self) -> int:
        return max(1, -(-self.window // 60))

    def _counters(self, name: str, address: str) -> list[tuple[str, int]]:
        return [
            (_key("name", name.strip().casefold(), address), self.limit),
            (_key("address", address), self.address_limit),
        ]

    def blocked(self, name: str, address: str) -> bool:
        counters = self._counters(name, address)
        counts = cache.get_many([key for key, _limit in counters])
        return any(counts.get(key, 0) >= limit for key, limit in counters)

    def failed(self, name: str, address: str) -> None:
        for key, _limit in self._counters(name, address):
            if not cache.add(key, 1, self.window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between the two calls
                    cache.set(key, 1, self.window)

    def succeeded(self, name: str, address: str) -> None:
        cache.delete(self._counters(name, address)[0][0])
