"""The django-import-export peer writes what it says: a user and an owner profile per row."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from import_export.exceptions import ImportError as RowImportError

from bench.peers.resources import import_owners, read_dataset
from clinic.models import OwnerProfile

pytestmark = pytest.mark.django_db

HEADER = (
    "id,name,ident_type,number_doc,phone,phone2,mobile,email,address,city,region,country,"
    "conctact,kind_person,regime,habeas_at,created_at,updated_at,deleted_at\n"
)
ROWS = (
    "1,ROCÍO AYALA RUIZ,cc,21.643.368,(606) 251 0904,,+573202995097,rocio@gmail.com,"
    "Cr. 30K # 8-98,Bogotá,Bogotá D.C.,Colombia,Emilio,natural,simplificado,"
    "2017-01-18 00:09:01,2017-01-02 01:24:01,2017-04-27 17:37:01,\n"
    "2,Esneider,mobile,3043834497,,,,,,Cali,,Colombia,,natural,,,2017-01-14 17:53:13,,"
    "2018-01-01 00:00:00\n"
)


@pytest.fixture
def owners_file(tmp_path):
    path = tmp_path / "propietarios.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


@pytest.mark.parametrize("tuned", [False, True])
def test_each_row_becomes_a_user_and_an_owner_profile_with_its_columns_as_written(
    owners_file, tuned
):
    totals = import_owners(owners_file, tuned=tuned)

    assert totals["accounts.User"]["new"] == 2
    assert totals["clinic.OwnerProfile"]["new"] == 2
    rocio = OwnerProfile.objects.select_related("user").get(legacy_id="1")
    assert (rocio.user.username, rocio.user.first_name, rocio.user.last_name) == (
        "okvet-1",
        "ROCÍO",
        "AYALA RUIZ",
    )
    assert not rocio.user.has_usable_password()
    assert rocio.user.email == "rocio@gmail.com"
    assert (rocio.full_name, rocio.ident_type, rocio.ident_number) == (
        "ROCÍO AYALA RUIZ",
        "cc",
        "21.643.368",
    )
    assert (rocio.mobile, rocio.mobile_raw, rocio.phone_raw) == (
        "",
        "+573202995097",
        "(606) 251 0904",
    )
    assert (rocio.authorized_contact, rocio.person_kind, rocio.tax_regime) == (
        "Emilio",
        "natural",
        "simplificado",
    )
    assert rocio.habeas_at == datetime(2017, 1, 18, 0, 9, 1, tzinfo=ZoneInfo("America/Bogota"))
    assert rocio.source_system == "okvet"
    soft_deleted = OwnerProfile.objects.get(legacy_id="2")  # imported like the others
    assert soft_deleted.user.username == "okvet-2"
    assert (soft_deleted.user.first_name, soft_deleted.user.last_name) == ("Esneider", "")
    assert soft_deleted.habeas_at is None and soft_deleted.updated_at is None


def test_a_failed_row_rolls_back_both_passes(owners_file):
    with owners_file.open("a", encoding="utf-8") as fh:
        fh.write("3,Rosa,cc,1,,,,,,,,Colombia,,,,not a date,,,\n")

    with pytest.raises(RowImportError, match="not a date"):
        import_owners(owners_file, tuned=False)

    assert not get_user_model().objects.exists()  # the users' pass had succeeded
    assert not OwnerProfile.objects.exists()


def test_the_file_is_read_as_utf8_or_windows_1252(tmp_path):
    path = tmp_path / "propietarios.csv"
    path.write_bytes((HEADER + ROWS).encode("cp1252"))

    assert read_dataset(path)["name"][0] == "ROCÍO AYALA RUIZ"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"))
    assert read_dataset(path).headers[0] == "id"
