"""The partner exchange's OpenAPI examples: a request and its answer per batch, and what a
partner reads. `tests/test_exchange_examples.py` reads each through the models the routes
use, so an example cannot drift from what the service accepts and answers."""

from typing import Any

PERSON_ID = "0193a3c2-5b1e-7c44-9a0e-2f6d1f0b8a11"
INCIDENT_ID = "0193a3c2-7d20-7f01-8b3c-5e9a2d7c4f02"
ADDRESS_ID = "0193a3c2-6a10-7d2e-b1c4-8f0e3a9d6c33"
HOME_CODE = "532901001001020001001010101"


def _request(summary: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"default": {"summary": summary, "value": body}}


def answered(example: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """A route's `responses=` entry for its 200 with `example`."""
    return {200: {"content": {"application/json": {"example": example}}}}


POPULATION = _request(
    "Three people: one new, one whose phone changed, one with a mistyped identity number",
    {
        "records": [
            {"partner_ref": "GA-0001234", "name": "李四", "id_card_number": "532901199001011230",
             "phone": "13900000001", "ethnicity": "白族", "registration": "floating",
             "relation_to_head": "租户", "address_code": HOME_CODE},
            {"partner_ref": "GA-0001235", "name": "杨秀英", "id_card_number": "532901198503152426",
             "phone": "13900000002", "ethnicity": "白族", "registration": "registered",
             "relation_to_head": "户主", "address_code": HOME_CODE},
            {"partner_ref": "GA-0001236", "name": "赵六", "id_card_number": "532901198001011235",
             "ethnicity": "汉族", "registration": "registered", "relation_to_head": "子女",
             "address_code": HOME_CODE},
        ]
    },
)  # fmt: skip
POPULATION_ANSWER = {
    "counts": {"accepted": 1, "updated": 1, "rejected": 1},
    "results": [
        {"index": 0, "partner_ref": "GA-0001234", "outcome": "accepted", "local_id": PERSON_ID,
         "applied_fields": [], "conflict_fields": [], "issues": []},
        {"index": 1, "partner_ref": "GA-0001235", "outcome": "updated",
         "local_id": "0193a3c2-5b1e-7c44-9a0e-2f6d1f0b8a12", "applied_fields": ["phone"],
         "conflict_fields": [], "issues": []},
        {"index": 2, "partner_ref": "GA-0001236", "outcome": "rejected",
         "applied_fields": [], "conflict_fields": [],
         "issues": [{"field": "id_card_number", "reason": "身份证号无效"}]},
    ],
}  # fmt: skip

ADDRESSES = _request(
    "A home's standard address, placed in its grid unit",
    {
        "records": [
            {"code": HOME_CODE, "grid_unit_code": "532901001001-G001", "province": "云南省",
             "city": "大理白族自治州", "county": "大理市", "town": "下关街道",
             "community": "文献社区", "road": "文献路", "number": "12", "building": "2",
             "unit": "1", "floor": "3", "room": "301"}
        ]
    },
)  # fmt: skip
ADDRESSES_ANSWER = {
    "dry_run": False,
    "counts": {"created": 1},
    "results": [
        {"row": 0, "outcome": "created", "address_id": ADDRESS_ID,
         "code": HOME_CODE, "issues": []}
    ],
}  # fmt: skip

INCIDENT_UPDATES = _request(
    "An assignment to a police station, by our incident id, naming the partner's own reference",
    {
        "records": [
            {"incident_id": INCIDENT_ID, "partner_ref": "JQ-20261207-0042",
             "state": "in_progress", "assigned_to": "下关派出所 李警官",
             "note": "已派民警前往现场", "occurred_at": "2026-12-07T10:15:00+08:00"}
        ]
    },
)  # fmt: skip
INCIDENT_UPDATES_ANSWER = {
    "counts": {"updated": 1},
    "results": [
        {"index": 0, "partner_ref": "JQ-20261207-0042", "outcome": "updated",
         "local_id": INCIDENT_ID, "applied_fields": ["state"], "conflict_fields": [],
         "issues": []}
    ],
}  # fmt: skip

INCIDENT = {
    "id": INCIDENT_ID, "category_code": "0401", "title": "配电箱漏电",
    "description": "3 栋楼道配电箱外壳带电", "priority": "high", "state": "assigned",
    "exchange_state": "in_progress", "level": "grid", "lon": 100.2301, "lat": 25.5912,
    "grid_unit_code": "532901001001-G001", "version": 3,
    "reported_at": "2026-12-07T09:58:12+00:00", "due_at": "2026-12-07T13:58:12+00:00",
    "updated_at": "2026-12-07T10:15:03+00:00",
}  # fmt: skip

GRID_UNITS: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "id": "532901001001-G001",
         "geometry": {"type": "Polygon", "coordinates": [[[100.229, 25.590], [100.232, 25.590],
                      [100.232, 25.593], [100.229, 25.593], [100.229, 25.590]]]},
         "properties": {"code": "532901001001-G001", "name": "文献社区第一网格",
                        "id": "0193a3c2-4a00-7000-8000-000000000003",
                        "community_id": "0193a3c2-4a00-7000-8000-000000000001",
                        "street_id": "0193a3c2-4a00-7000-8000-000000000002",
                        "updated_at": "2026-12-01T08:00:00+00:00"}}
    ],
}  # fmt: skip
