import datetime

import factory

from oversight.models import OversightGroup, OversightMember
from partnerships.models import Organisation

from .partnerships import OrganisationFactory


class OversightGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OversightGroup

    name = factory.Sequence(lambda n: f"Oversight Group {n}")


class OversightMemberFactory(factory.django.DjangoModelFactory):
    """Created directly (bypassing the rules), for building compositions in tests."""

    class Meta:
        model = OversightMember

    group = factory.SubFactory(OversightGroupFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.ACCO)
    service_area = OversightMember.ServiceArea.FAMILY_SUPPORT
    representative_name = factory.Sequence(lambda n: f"Representative {n}")
    term_starts_on = datetime.date(2025, 7, 1)
