import pytest

from migration.convert.identity import name_words, placeholder_document, similar_names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("María Pérez Gómez", "PEREZ MARIA"),  # accents, case, order, missing second surname
        ("MARIA PEREZ GOMEZ", "María Pérez Gómez"),
        ("Maria Fernanda Perez Gomez", "Maria Perez"),  # second given name missing too
        ("María de los Ángeles Pérez", "Maria Angeles Perez"),  # particles
        ("Jose Rodriguez", "José Rodrígues"),  # z read as s
        ("Ana Valderrama", "Ana Balderrama"),  # a typo in a long word
        ("MARIA", "maría"),  # one word each, the same
    ],
)
def test_similar_names(a, b):
    assert similar_names(a, b)
    assert similar_names(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Juan Perez", "Juana Perez"),  # given names of one family
        ("Mario Perez", "Maria Perez"),
        ("Daniel Gomez", "Daniela Gomez"),
        ("Francisco Lopez", "Francisca Lopez"),
        ("Maximiliano Rojas", "Maximiliana Rojas"),  # long, one letter: the ending
        ("Carlos Perez Gomez", "Carlos Perez Ruiz"),  # father and son
        ("Maria", "Maria Perez"),  # one word is not enough
        ("Maria Perez", "Ana Torres"),
        ("Ana Valderrama", "Ana Valderramo"),
        ("", "Maria Perez"),
    ],
)
def test_different_names(a, b):
    assert not similar_names(a, b)
    assert not similar_names(b, a)


def test_a_word_meets_one_word_only():
    assert not similar_names("Perez Perez", "Maria Perez")
    assert similar_names("Perez Perez Maria", "Maria Perez Perez")


def test_name_words_are_sorted_plain_and_without_particles():
    assert name_words("María de los Ángeles PÉREZ") == ("angeles", "maria", "peres")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "0",
        "1111111",
        "222222222",
        "102*******",
        "******1234",
        "102XXXXXXX",
        "52.###.###",
        "123456",
        "1234567890",
        "0123456",
        "987654321",
    ],
)
def test_placeholder_documents(raw):
    normalized = "".join(ch for ch in raw.upper() if ch.isalnum())
    assert placeholder_document(raw, normalized)


@pytest.mark.parametrize(
    "raw", ["52.123.456", "1020304050", "123", "E-12345", "X1234567L", "AX1234", "900.123.456-7"]
)
def test_real_documents(raw):
    normalized = "".join(ch for ch in raw.upper() if ch.isalnum())
    assert not placeholder_document(raw, normalized)
