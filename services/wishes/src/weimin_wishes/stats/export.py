"""Statistics as files for the people who still live in spreadsheets: CSV and Excel."""

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from weimin_wishes.stats.schemas import Figures, Rankings, Statistics

FIGURE_COLUMNS = (
    "wishes",
    "claimed",
    "fulfilled",
    "fulfilment_rate",
    "mean_hours_to_claim",
    "median_hours_to_claim",
    "mean_hours_to_fulfil",
    "median_hours_to_fulfil",
)


def _figure_cells(figures: Figures, states: tuple[str, ...]) -> list[object]:
    return [
        figures.wishes,
        figures.claimed,
        figures.fulfilled,
        figures.fulfilment_rate,
        figures.time_to_claim.mean_hours,
        figures.time_to_claim.median_hours,
        figures.time_to_fulfil.mean_hours,
        figures.time_to_fulfil.median_hours,
        *(figures.by_state[state] for state in states),
    ]


def statistic_rows(stats: Statistics) -> Iterator[list[object]]:
    """One table: the whole scope, each community, each claimer type."""
    states: tuple[str, ...] = tuple(stats.overall.by_state)
    yield ["group", "key", *FIGURE_COLUMNS, *(f"state_{state}" for state in states)]
    yield ["overall", "", *_figure_cells(stats.overall, states)]
    for community in stats.communities:
        yield ["community", str(community.community_id), *_figure_cells(community, states)]
    for kind in stats.claimer_types:
        yield ["claimer_type", kind.claimer_type, *_figure_cells(kind, states)]


def to_csv(stats: Statistics) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in statistic_rows(stats):
        writer.writerow(["" if cell is None else cell for cell in row])
    # A byte-order mark makes Excel read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(stats: Statistics, rankings: Rankings) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "statistics"
    for row in statistic_rows(stats):
        sheet.append(row)
    claimers = book.create_sheet("claimer ranking")
    claimers.append(["rank", "claimer_id", "claimer_name", "claimer_type", "fulfilled"])
    for claimer in rankings.claimers:
        claimers.append(
            [
                claimer.rank,
                claimer.claimer_id,
                claimer.claimer_name,
                claimer.claimer_type,
                claimer.fulfilled,
            ]
        )
    communities = book.create_sheet("community ranking")
    communities.append(["rank", "community_id", "fulfilled", "fulfilment_rate"])
    for community in rankings.communities:
        communities.append(
            [
                community.rank,
                str(community.community_id),
                community.fulfilled,
                community.fulfilment_rate,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
