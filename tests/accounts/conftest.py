import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def no_failed_logins_counted():
    """The failed sign-ins of one test never count in the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    """A password hash that takes microseconds: these tests check who signs in, not PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
