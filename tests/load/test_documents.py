"""Documents: the stored file's name is the content's digest and an extension, never a cut."""

from migration.load.documents import storage_suffix


def test_the_storage_suffix_is_an_extension_or_nothing():
    assert storage_suffix(".JPG") == ".jpg"
    assert storage_suffix(".2023 copia final de la radiografia") == ""
