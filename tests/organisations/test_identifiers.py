"""A provider's URN, UKPRN, address, postcode and local authority area: each identifier's
shape, one organisation per identifier given (any number with none), the postcode stored upper
case with one space, and all of them on the organisation's page."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organisations.identifiers import (
    BAD_POSTCODE,
    BAD_UKPRN,
    BAD_URN,
    RESERVED_SLUG,
    normalise_postcode,
)
from tests.factories import ProviderFactory


@pytest.mark.parametrize("typed, stored", [
    ("le1 6zg", "LE1 6ZG"), (" LE16ZG ", "LE1 6ZG"), ("sw1a  1aa", "SW1A 1AA"),
    ("M1 1AE", "M1 1AE"), ("gir0aa", "GIR 0AA"), ("not a postcode", "NOT A POSTCODE")])
def test_a_postcode_is_normalised_to_upper_case_with_one_space(typed, stored):
    assert normalise_postcode(typed) == stored


def test_the_model_stores_the_postcode_normalised(db):
    provider = ProviderFactory(urn="100001")
    provider.postcode = "le1 6zg"
    provider.full_clean()
    assert provider.postcode == "LE1 6ZG"


@pytest.mark.parametrize("field, value, message", [
    ("urn", "12345", BAD_URN), ("urn", "1234567", BAD_URN), ("urn", "12345x", BAD_URN),
    ("ukprn", "20012345", BAD_UKPRN), ("ukprn", "1001234", BAD_UKPRN),
    ("postcode", "LE1", BAD_POSTCODE), ("postcode", "12345", BAD_POSTCODE),
    ("slug", "import", RESERVED_SLUG.format(slug="import"))])
def test_identifiers_of_the_wrong_shape_are_refused(db, field, value, message):
    provider = ProviderFactory()
    setattr(provider, field, value)
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert message in refused.value.message_dict[field]


@pytest.mark.parametrize("field, value", [("urn", "100001"), ("ukprn", "10012345")])
def test_one_organisation_per_identifier_and_any_number_without_one(db, field, value):
    ProviderFactory(**{field: value})
    ProviderFactory(), ProviderFactory()  # neither has one: both allowed
    twin = ProviderFactory.build(name="Twin", slug="twin", **{field: value})
    with pytest.raises(ValidationError):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_organisations_page_shows_its_identifiers_and_address(world, client_for):
    provider = world.provider
    provider.urn, provider.ukprn = "100001", "10012345"
    provider.address, provider.postcode = "1 River Lane, Leicester", "LE1 6ZG"
    provider.local_authority_area = "Leicestershire"
    provider.save()
    page = client_for(world.users["la_commissioner"]).get(
        provider.get_absolute_url()).content.decode()
    for text in ("URN", "100001", "UKPRN", "10012345", "1 River Lane, Leicester<br>LE1 6ZG",
                 "Local authority area", "Leicestershire"):
        assert text in page, text
