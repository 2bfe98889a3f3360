import uuid

from pydantic import BaseModel, Field

from weimin_events.vocabularies import ClaimerType


class Durations(BaseModel):
    count: int
    mean_hours: float | None
    median_hours: float | None


class Figures(BaseModel):
    """Claims and fulfilments of a set of wishes; rates are fulfilled / claimed."""

    wishes: int
    by_state: dict[str, int]
    claimed: int = Field(description="claimed, fulfilled or confirmed")
    fulfilled: int = Field(description="fulfilled or confirmed")
    fulfilment_rate: float | None
    time_to_claim: Durations = Field(description="from publication to the current claim")
    time_to_fulfil: Durations = Field(description="from the claim to its fulfilment")


class CommunityFigures(Figures):
    community_id: uuid.UUID


class ClaimerTypeFigures(Figures):
    claimer_type: ClaimerType


class Statistics(BaseModel):
    overall: Figures
    communities: list[CommunityFigures]
    claimer_types: list[ClaimerTypeFigures]


class ClaimerRank(BaseModel):
    rank: int
    claimer_id: str
    claimer_name: str | None
    claimer_type: str
    fulfilled: int


class CommunityRank(BaseModel):
    rank: int
    community_id: uuid.UUID
    fulfilled: int
    fulfilment_rate: float | None


class Rankings(BaseModel):
    """Counted on fulfilment: a claim that was never fulfilled earns nothing."""

    claimers: list[ClaimerRank]
    communities: list[CommunityRank]
