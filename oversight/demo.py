"""Demo Oversight Group that satisfies its rules, and one generated quarterly report."""

import datetime

from core.actors import system_actor
from partnerships.models import Organisation, Region

from . import services
from .models import OversightMember, ReportRequest
from .quarters import Quarter

# (organisation name, service area, region slug or None, co-chair)
DEMO_MEMBERS = [
    ("Territory Families, Housing and Communities (demo)", "family_support", None, True),
    ("NT Police (demo)", "justice", None, False),
    ("NT Health (demo)", "health", None, False),
    ("Aboriginal Peak Organisations NT (demo)", "family_support", None, True),
    ("Save Our Kids NT (demo NGO)", "family_support", None, False),
    ("Thamarrurr Family Support (demo ACCO)", "family_support", 0, False),
    ("Top End Aboriginal Health Service (demo ACCO)", "health", 1, False),
    ("East Arnhem Family Services (demo ACCO)", "family_support", 2, False),
    ("Big Rivers Women's Safety (demo ACCO)", "family_support", 3, False),
    ("Barkly Youth Justice Service (demo ACCO)", "justice", 4, False),
    ("Warlpiri Families Aboriginal Corporation (demo ACCO)", "education", 5, False),
]


def seed(context) -> None:
    seeder = system_actor("demo")
    regions = list(Region.objects.order_by("name"))
    group = services.oversight_group_create(actor=seeder, name="NT Child Wellbeing Oversight Group")
    start = context.today - datetime.timedelta(days=365)
    for n, (name, area, region_index, co_chair) in enumerate(DEMO_MEMBERS, start=1):
        organisation = context.organisations.get(name) or Organisation.objects.get(name=name)
        region = (
            regions[region_index % len(regions)] if region_index is not None and regions else None
        )
        services.oversight_member_add(
            actor=seeder,
            group=group,
            organisation=organisation,
            service_area=area,
            region=region,
            representative_name=f"Representative {n} (demo)",
            is_aboriginal_or_torres_strait_islander=organisation.is_aboriginal_organisation,
            term_starts_on=start,
            is_co_chair=co_chair,
        )
    services.oversight_group_constitute(actor=seeder, group=group, on=start)
    assert OversightMember.objects.filter(group=group).count() == len(DEMO_MEMBERS)  # noqa: S101

    # One report, rendered now (synchronously) through the same job body as the workers.
    quarter = Quarter.containing(context.today).previous()
    request = ReportRequest.objects.create(
        quarter=quarter.label, requested_by=context.users.get("cochair.government")
    )
    services.report_request_run(request_id=request.pk, worker="seed_demo")
