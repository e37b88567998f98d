"""Organisations (providers, partnerships, local authorities), users, memberships and commissioning."""
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .identifiers import PostcodeField, validate_slug_not_reserved, validate_ukprn, validate_urn
from .kinds import COMMISSIONER_KINDS, COMMISSIONERS_IN_WORDS, OrganisationKind
from .querysets import (
    CommissioningQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
    forget_memberships,
)
from .signin import normalise_email


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no separate username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Only a spelling that normalises to the account's own address signs in, so the
        # lockout (which counts failures per normalised spelling) always counts this account.
        email = normalise_email(username)
        user = self.get(email__iexact=email)
        if normalise_email(user.email) != email:
            raise self.model.DoesNotExist
        return user


class User(AbstractUser):
    """A person who signs in. What they see comes from their memberships (or admin status)."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            # One account per address whatever its case: invitations, sign-in and single
            # sign-on all look an address up without regard to case.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_in_any_case"),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.email

    @property
    def is_admin(self) -> bool:
        """Django staff run the service: they see every organisation."""
        return self.is_active and (self.is_staff or self.is_superuser)


class Area(models.Model):
    """A group of local authorities and partnerships that share their chairs' decisions on
    causes for concern: the Leicestershire record says a decision "will be shared across
    Leicestershire schools and SEIPS". An organisation belongs to at most one."""

    name = models.CharField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A provider, or an organisation that commissions providers: an AP partnership, a local
    authority, a school or a multi-academy trust (``kinds``)."""

    Kind = OrganisationKind

    class ProviderType(models.TextChoices):
        SUPPORTED_INTERNSHIP = "supported_internship", "Supported internship provider / college"
        AP_SCHOOL = "ap_school", "AP school or pupil referral unit"
        INDEPENDENT_AP = "independent_ap", "Independent alternative provider"

    # What an alternative provision setting is for, and how long its placements usually last:
    # the IntegratED toolkit warns that "differences in purpose and function ... pupils' needs
    # and placement lengths" make results incomparable, so they are shown beside them.
    class SettingPurpose(models.TextChoices):
        SHORT_TERM = "short_term", "Short-term or respite placements"
        PART_TIME = "part_time", "Part-time, alongside a school place"
        FULL_TIME = "full_time", "Full-time education"
        MEDICAL = "medical", "Medical: pupils who cannot attend school because of their health"

    class PlacementLength(models.TextChoices):
        WEEKS = "weeks", "A few weeks, up to half a term"
        TERM = "term", "About a term"
        YEAR = "year", "Up to a school year"
        LONGER = "longer", "More than a school year"

    AP_TYPES = (ProviderType.AP_SCHOOL, ProviderType.INDEPENDENT_AP)

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_slug_not_reserved])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider_type = models.CharField(max_length=30, choices=ProviderType.choices, blank=True)
    setting_purpose = models.CharField("what the setting is for", max_length=20,
                                       choices=SettingPurpose.choices, blank=True)
    typical_placement = models.CharField("typical placement length", max_length=20,
                                         choices=PlacementLength.choices, blank=True)
    reference = models.CharField(
        "reference number", max_length=30, blank=True,
        help_text="The local authority's own reference for the organisation, where it has one.",
    )
    # A provider's national identifiers (organisations.identifiers): each names one
    # organisation when given, and the organisations import matches a row by them.
    urn = models.CharField(
        "URN", max_length=6, blank=True, validators=[validate_urn],
        help_text="Unique reference number of a school or setting (6 digits), where it has one.")
    ukprn = models.CharField(
        "UKPRN", max_length=8, blank=True, validators=[validate_ukprn],
        help_text="UK Provider Reference Number (8 digits starting with 1), where it has one.")
    address = models.CharField(
        max_length=300, blank=True,
        help_text="The street address on one line, its parts separated by commas.")
    postcode = PostcodeField(blank=True)
    local_authority_area = models.CharField(
        "local authority area", max_length=100, blank=True,
        help_text="The local authority area the setting is in, for example Leicestershire.")
    email = models.EmailField("contact email", blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="organisations", null=True, blank=True,
        help_text="Partnerships and local authorities in one area see the headline of each "
                  "other's decisions on causes for concern.")
    created_at = models.DateTimeField(auto_now_add=True)
    # Archived: no longer in use. Its records stay, readable as before, but it is left out of
    # lists and no new work starts with it (``OrganisationQuerySet.in_use``, ``in_use`` in
    # organisations.permissions); an administrator archives and restores it.
    archived_at = models.DateTimeField("archived", null=True, blank=True)
    archived_reason = models.TextField("why it was archived", blank=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="provider_type_only_for_providers",
                condition=(Q(kind=OrganisationKind.PROVIDER) & ~Q(provider_type=""))
                | (~Q(kind=OrganisationKind.PROVIDER) & Q(provider_type="")),
                violation_error_message="Providers need a provider type; other organisations have none.",
            ),
            models.CheckConstraint(
                name="setting_described_only_for_ap",
                condition=Q(provider_type__in=["ap_school", "independent_ap"])
                | (Q(setting_purpose="") & Q(typical_placement="")),
                violation_error_message="Only an alternative provision setting says what it is "
                                        "for and how long its placements last.",
            ),
            models.UniqueConstraint(
                fields=["urn"], condition=~Q(urn=""), name="one_organisation_per_urn",
                violation_error_message="Another organisation has this URN."),
            models.UniqueConstraint(
                fields=["ukprn"], condition=~Q(ukprn=""), name="one_organisation_per_ukprn",
                violation_error_message="Another organisation has this UKPRN."),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def has_details(self) -> bool:
        """Whether its page has any of its identifiers, address or contact to show."""
        return any((self.urn, self.ukprn, self.address, self.postcode, self.local_authority_area,
                    self.reference, self.email))

    @property
    def is_alternative_provision(self) -> bool:
        return self.provider_type in self.AP_TYPES

    @property
    def is_provider(self) -> bool:
        return self.kind == self.Kind.PROVIDER

    @property
    def is_partnership(self) -> bool:
        return self.kind == self.Kind.PARTNERSHIP

    @property
    def is_commissioner(self) -> bool:
        """Whether it commissions providers (``kinds.COMMISSIONER_KINDS``)."""
        return self.kind in COMMISSIONER_KINDS


NOT_AN_LA_FOR_DATA_PROTECTION = ("Only a local authority's people can be its data-protection "
                                  "lead.")


class Membership(models.Model):
    """A user's role in one organisation. A user may belong to several organisations."""

    class Role(models.TextChoices):
        PROVIDER_LEAD = "provider_lead", "Provider lead"
        PROVIDER_STAFF = "provider_staff", "Provider staff"
        PARTNERSHIP_OFFICER = "partnership_officer", "Partnership officer"
        PARTNERSHIP_CHAIR = "partnership_chair", "Partnership chair"
        LA_COMMISSIONER = "la_commissioner", "LA commissioner"
        # A school's or a multi-academy trust's people who commission alternative provision.
        AP_COMMISSIONER = "ap_commissioner", "AP commissioner"

    # Which roles each kind of organisation can hold.
    ROLES_BY_KIND = {
        Organisation.Kind.PROVIDER: {Role.PROVIDER_LEAD, Role.PROVIDER_STAFF},
        Organisation.Kind.PARTNERSHIP: {Role.PARTNERSHIP_OFFICER, Role.PARTNERSHIP_CHAIR},
        Organisation.Kind.LOCAL_AUTHORITY: {Role.LA_COMMISSIONER},
        Organisation.Kind.SCHOOL: {Role.AP_COMMISSIONER},
        Organisation.Kind.MULTI_ACADEMY_TRUST: {Role.AP_COMMISSIONER},
    }

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    # In a local authority: reads its records of access to learner-level data (granted by
    # the LA's lead, ``people.services.set_data_protection_lead``).
    data_protection_lead = models.BooleanField("data-protection lead", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._forget_on_user()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._forget_on_user()
        return result

    def _forget_on_user(self):
        """The user object this membership holds no longer knows its memberships
        (``memberships_of`` reads them again)."""
        if Membership.user.is_cached(self):
            forget_memberships(self.user)

    def clean(self):
        from django.core.exceptions import ValidationError

        if (self.organisation_id and self.data_protection_lead
                and self.organisation.kind != Organisation.Kind.LOCAL_AUTHORITY):
            raise ValidationError({"data_protection_lead": NOT_AN_LA_FOR_DATA_PROTECTION})
        if self.organisation_id and self.role:
            allowed = self.ROLES_BY_KIND[self.organisation.kind]
            if self.role not in allowed:
                labels = ", ".join(sorted(self.Role(r).label for r in allowed))
                raise ValidationError(
                    {"role": f"A {self.organisation.get_kind_display().lower()} can only have: "
                             f"{labels}."}
                )


class Commissioning(models.Model):
    """A partnership or local authority commissions a provider; the status records where it stands."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        UNDER_REVIEW = "under_review", "Under review"
        SUSPENDED = "suspended", "Suspended"
        DECOMMISSIONED = "decommissioned", "De-commissioned"

    commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commissions",
        limit_choices_to={"kind__in": list(COMMISSIONER_KINDS)},
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commissioned_by",
        limit_choices_to={"kind": OrganisationKind.PROVIDER},
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.TextField(
        "reason for the current status", blank=True,
        help_text="Why the status was last changed. Kept in the history with every change.",
    )
    since = models.DateField("commissioned since", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CommissioningQuerySet.as_manager()

    class Meta:
        verbose_name = "commissioning link"
        ordering = ["provider__name", "commissioner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commissioner", "provider"], name="one_link_per_commissioner_and_provider"
            ),
            models.CheckConstraint(
                name="commissioner_is_not_provider",
                condition=~Q(commissioner=F("provider")),
            ),
        ]

    def __str__(self):
        return f"{self.commissioner} commissions {self.provider} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.provider.slug})

    @property
    def is_decommissioned(self) -> bool:
        return self.status == self.Status.DECOMMISSIONED

    @property
    def status_tag_class(self) -> str:
        """The GOV.UK tag colour that shows this status (De-commissioned: the plain grey)."""
        return {self.Status.ACTIVE: "govuk-tag--green", self.Status.UNDER_REVIEW: "govuk-tag--yellow",
                self.Status.SUSPENDED: "govuk-tag--red"}.get(self.status, "govuk-tag--grey")

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.commissioner_id and not self.commissioner.is_commissioner:
            errors["commissioner"] = (f"Only a {COMMISSIONERS_IN_WORDS} commissions "
                                      "providers.")
        if self.provider_id and not self.provider.is_provider:
            errors["provider"] = "Only a provider can be commissioned."
        if errors:
            raise ValidationError(errors)


from .import_models import OrganisationImport  # noqa: E402,F401  (its own module, one table)
