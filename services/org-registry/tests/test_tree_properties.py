"""Random sequences of create / move / dissolve, run through the tree service on a fresh
database each time: the tree never holds a cycle, every stored path, depth and place
agrees with the parent links, and the subtree counts equal a brute-force recount."""

import asyncio
import tempfile
import uuid
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from weimin_kit.auth import Principal
from weimin_kit.db import Database
from weimin_kit.errors import Problem
from weimin_org_registry.models import Base
from weimin_org_registry.organisations import repository, tree
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.organisations.schemas import OrganisationCreate

ADMIN = Principal(subject="property-admin", roles=frozenset({"admin"}))
KINDS = ("community_branch", "functional_branch", "joint_branch", "mobile_member_branch")

operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 30), st.sampled_from(KINDS)),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 30)),
    st.tuples(st.just("dissolve"), st.integers(0, 30), st.just("")),
)


async def _apply(database: Database, operations: list[tuple[str, int, object]]) -> None:
    ids: list[uuid.UUID] = []
    for n, (action, first, second) in enumerate(operations):
        async with database.sessionmaker() as session:
            try:
                async with session.begin():
                    if action == "create" or not ids:
                        parent = ids[first % len(ids)] if ids and n else None
                        kind = second if parent and isinstance(second, str) else "street_committee"
                        data = OrganisationCreate(
                            kind=kind, name=f"n{n}", code=f"c{n}", parent_id=parent
                        )  # type: ignore[arg-type]
                        ids.append((await tree.create_organisation(session, ADMIN, data)).id)
                    elif action == "move":
                        assert isinstance(second, int)
                        await tree.move_organisation(
                            session, ADMIN, ids[first % len(ids)], ids[second % len(ids)]
                        )
                    else:
                        await tree.dissolve_organisation(
                            session, ADMIN, ids[first % len(ids)], "property"
                        )
            except Problem:
                pass  # refused (cycle, kind, children, dissolved): must have changed nothing
        await _check(database)


async def _check(database: Database) -> None:
    async with database.sessionmaker() as session:
        rows = {o.id: o for o in await session.scalars(select(Organisation))}
        for node in rows.values():
            chain, seen, cursor = [], set(), node
            while cursor is not None:
                assert cursor.id not in seen, "cycle"
                seen.add(cursor.id)
                chain.insert(0, cursor.id)
                cursor = rows[cursor.parent_id] if cursor.parent_id else None
            assert node.path == "/" + "".join(f"{i}/" for i in chain)
            assert node.depth == len(chain)
            street = next((i for i in chain if rows[i].kind == "street_committee"), None)
            community = next((i for i in chain if rows[i].kind == "community_branch"), None)
            assert (node.street_id, node.community_id) == (street, community)
        for root in rows.values():
            expected: Counter[tuple[str, int]] = Counter()
            for node in rows.values():
                cursor = node
                while cursor is not None and cursor.id != root.id:
                    cursor = rows[cursor.parent_id] if cursor.parent_id else None
                if cursor is not None and node.status == "active":
                    expected[(node.kind, node.depth)] += 1
            counted = await repository.subtree_counts(session, root)
            assert Counter({(k, d): c for k, d, c in counted}) == expected


async def _run(operations: list[tuple[str, int, object]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = Database.from_url(f"sqlite+aiosqlite:///{Path(directory) / 'tree.db'}")
        try:
            async with database.engine.begin() as connection:
                await connection.run_sync(Base.metadata.create_all)
            await _apply(database, operations)
        finally:
            await database.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=14))
def test_random_tree_changes_keep_the_tree_acyclic_and_counts_exact(
    operations: list[tuple[str, int, object]],
) -> None:
    asyncio.run(_run([("create", 0, ""), *operations]))
