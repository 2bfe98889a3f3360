"""Resource guarantees per community and year, and their compliance with the minimums."""

import csv
import io
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.config import Settings
from weimin_org_registry.guarantees import repository, workbook
from weimin_org_registry.guarantees.models import ResourceGuarantee
from weimin_org_registry.guarantees.schemas import (
    CommunityCompliance,
    ComplianceReport,
    GuaranteeRead,
    GuaranteeWrite,
    Minimums,
    Shortfall,
)
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.places import community_in_scope, ensure_staff


async def record_guarantee(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID,
    year: int,
    data: GuaranteeWrite,
) -> tuple[ResourceGuarantee, bool]:
    """Create or replace the year's figures; True when created."""
    ensure_staff(principal)
    community = await community_in_scope(session, principal, community_id, None)
    assert community.street_id is not None
    guarantee = await repository.guarantee_of(session, community.id, year)
    created = guarantee is None
    if guarantee is None:
        guarantee = ResourceGuarantee(
            community_id=community.id, street_id=community.street_id, year=year
        )
        session.add(guarantee)
    for field, value in data.model_dump().items():
        setattr(guarantee, field, value)
    await session.flush()
    return guarantee, created


def minimums(settings: Settings) -> Minimums:
    return Minimums(
        staff_count=settings.guarantee_min_staff,
        party_building_fund=settings.guarantee_min_party_building_fund,
        work_funds=settings.guarantee_min_work_funds,
        venue_area_m2=settings.guarantee_min_venue_area_m2,
        staff_allowance_monthly=settings.guarantee_min_staff_allowance,
        staff_allowance_monthly_max=settings.guarantee_max_staff_allowance,
        secretary_allowance_monthly=settings.guarantee_min_secretary_allowance,
    )


def shortfalls(guarantee: ResourceGuarantee | None, floor: Minimums) -> list[Shortfall]:
    if guarantee is None:
        return [Shortfall(field="record", problem="not_recorded", required=None, actual=None)]
    found = [
        Shortfall(field=field, problem="below_minimum", required=required, actual=actual)
        for field in (
            "staff_count",
            "party_building_fund",
            "work_funds",
            "venue_area_m2",
            "staff_allowance_monthly",
            "secretary_allowance_monthly",
        )
        if (actual := getattr(guarantee, field)) < (required := getattr(floor, field))
    ]
    if guarantee.staff_allowance_monthly > floor.staff_allowance_monthly_max:
        found.append(
            Shortfall(
                field="staff_allowance_monthly",
                problem="above_maximum",
                required=floor.staff_allowance_monthly_max,
                actual=guarantee.staff_allowance_monthly,
            )
        )
    return found


async def compliance_report(
    session: AsyncSession, principal: Principal, settings: Settings, year: int
) -> ComplianceReport:
    figures = await repository.communities_with_guarantees(session, principal, year)
    return assess(figures, minimums(settings), year)


async def compliance_workbook(
    session: AsyncSession, principal: Principal, settings: Settings, year: int
) -> bytes:
    """The report and the figures behind it, as an .xlsx file."""
    figures = await repository.communities_with_guarantees(session, principal, year)
    return workbook.compliance_workbook(assess(figures, minimums(settings), year), figures)


def assess(
    figures: Sequence[tuple[Organisation, ResourceGuarantee | None]], floor: Minimums, year: int
) -> ComplianceReport:
    rows = []
    for community, guarantee in figures:
        problems = shortfalls(guarantee, floor)
        rows.append(
            CommunityCompliance(
                community_id=community.id,
                community_name=community.name,
                compliant=not problems,
                shortfalls=problems,
            )
        )
    return ComplianceReport(
        year=year,
        minimums=floor,
        communities=len(rows),
        compliant=sum(r.compliant for r in rows),
        rows=rows,
    )


def compliance_csv(report: ComplianceReport) -> str:
    """One line per shortfall (and one per compliant community), for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "year",
            "community_id",
            "community_name",
            "compliant",
            "field",
            "problem",
            "required",
            "actual",
        ]
    )
    for row in report.rows:
        if row.compliant:
            writer.writerow(
                [report.year, row.community_id, row.community_name, "yes", "", "", "", ""]
            )
        for s in row.shortfalls:
            writer.writerow(
                [
                    report.year,
                    row.community_id,
                    row.community_name,
                    "no",
                    s.field,
                    s.problem,
                    "" if s.required is None else s.required,
                    "" if s.actual is None else s.actual,
                ]
            )
    # A byte-order mark, so Excel reads the Chinese names as UTF-8.
    return "\ufeff" + out.getvalue()


async def list_guarantees(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    year: int | None,
    community_id: uuid.UUID | None,
) -> Page[GuaranteeRead]:
    return await paginate(
        session,
        repository.guarantees_query(principal, year, community_id),
        ResourceGuarantee.id,
        page,
        GuaranteeRead.model_validate,
        parse_key=uuid.UUID,
    )
