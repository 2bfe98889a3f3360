from pydantic import BaseModel


class StatisticsRow(BaseModel):
    #: The grid unit id, community id or category code the row counts.
    key: str
    total: int
    open: int
    resolved: int
    overdue: int
    sla_met: int
    #: Share of resolved incidents resolved within their SLA; None before any resolution.
    sla_compliance: float | None
    mean_hours_to_resolve: float | None
