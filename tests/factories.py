"""factory_boy factories shared by the whole suite."""
import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from organisations.models import Commissioning, Membership, Organisation, User

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.PROVIDER
    provider_type = Organisation.ProviderType.INDEPENDENT_AP


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Provider {n}")


class PartnershipFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Partnership {n}")
    kind = Organisation.Kind.PARTNERSHIP
    provider_type = ""


class LocalAuthorityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Local Authority {n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY
    provider_type = ""


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(ProviderFactory)
    role = Membership.Role.PROVIDER_LEAD


class CommissioningFactory(DjangoModelFactory):
    class Meta:
        model = Commissioning

    commissioner = factory.SubFactory(LocalAuthorityFactory)
    provider = factory.SubFactory(ProviderFactory)
    status = Commissioning.Status.ACTIVE
