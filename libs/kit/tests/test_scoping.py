import uuid

from sqlalchemy import Column, MetaData, Table, Uuid, select

from weimin_kit.auth import Principal
from weimin_kit.scoping import scope_condition

ROWS = Table(
    "rows",
    MetaData(),
    Column("street_id", Uuid()),
    Column("community_id", Uuid()),
    Column("grid_unit_id", Uuid()),
)
C1, G1 = uuid.uuid4(), uuid.uuid4()


def where(principal: Principal) -> str:
    condition = scope_condition(
        principal,
        street=ROWS.c.street_id,
        community=ROWS.c.community_id,
        grid=ROWS.c.grid_unit_id,
    )
    statement = select(ROWS) if condition is None else select(ROWS).where(condition)
    return str(statement.compile(compile_kwargs={"literal_binds": True})).split("WHERE", 1)[-1]


def test_admin_sees_everything() -> None:
    assert scope_condition(Principal("a", roles=frozenset({"admin"}))) is None


def test_each_scope_kind_filters_its_own_column() -> None:
    scopes = frozenset({f"community:{C1}", f"grid:{G1}"})
    clause = where(Principal("s", roles=frozenset({"community_secretary"}), scopes=scopes))
    assert "rows.community_id IN" in clause
    assert C1.hex in clause
    assert "rows.grid_unit_id IN" in clause
    assert G1.hex in clause
    assert "street_id" not in clause


def test_no_matching_scope_sees_nothing() -> None:
    nobody = Principal(
        "v", roles=frozenset({"volunteer"}), scopes=frozenset({"team:x", "grid:bad"})
    )
    assert where(nobody).strip() == "false"
