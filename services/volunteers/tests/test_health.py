import httpx

from weimin_kit.testing.checks import check_ready_at_head, check_unknown_path_is_a_problem
from weimin_volunteers.app import MIGRATIONS_DIR


async def test_ready_when_database_is_at_head(client: httpx.AsyncClient) -> None:
    await check_ready_at_head(client, MIGRATIONS_DIR)


async def test_unknown_path_is_a_problem_document(client: httpx.AsyncClient) -> None:
    await check_unknown_path_is_a_problem(client)
