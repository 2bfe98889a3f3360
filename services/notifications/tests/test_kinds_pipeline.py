"""Incident, wish and partner-delivery notices: each event tells exactly the accounts it
names for that kind, in their language, once (a replay tells nobody again), and nobody
else (the step's own actor and an unrelated account hear nothing)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI
from kind_events import dead_letter, incident_change, overdue, wish
from notice_world import FakeClock, apply

from weimin_events import payloads as p
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.testing import TestKeys


@dataclass
class Told:
    """Who should hear what: subject → {kind: (zh-CN title, English title)}."""

    event: CloudEvent
    expected: dict[str, dict[str, tuple[str, str]]]
    silent: list[str] = field(default_factory=list)


def assigned() -> Told:
    worker, boss, reporter = (str(uuid.uuid4()) for _ in range(3))
    event = incident_change(
        p.IncidentStateChanged,
        "assign",
        "assigned",
        assignee=worker,
        actor=boss,
        reporter_subject=reporter,
    )
    return Told(
        event,
        {
            worker: {"incident.assigned": ("新派单：噪声扰民", "Assigned to you: noise nuisance")},
            reporter: {"incident.state_changed": ("您上报的事件已派单", "Your report: assigned")},
        },
        silent=[boss],
    )


def resolved() -> Told:
    reporter, worker = str(uuid.uuid4()), str(uuid.uuid4())
    event = incident_change(
        p.IncidentStateChanged, "resolve", "resolved", reporter_subject=reporter, actor=worker
    )
    return Told(
        event,
        {
            reporter: {
                "incident.state_changed": ("您上报的事件已办结", "Your report: resolved"),
                "incident.satisfaction_question": (
                    "请评价事件处理结果",
                    "How was your report handled?",
                ),
            }
        },
        silent=[worker],
    )


def own_step() -> Told:
    # A staff member who reported it and accepts it is not told of their own step.
    reporter = str(uuid.uuid4())
    event = incident_change(
        p.IncidentStateChanged, "accept", "accepted", reporter_subject=reporter, actor=reporter
    )
    return Told(event, {}, silent=[reporter])


def internal_step() -> Told:
    # `verified` means nothing to a resident: the grid does not tell them, nor do we.
    reporter, staff = str(uuid.uuid4()), str(uuid.uuid4())
    event = incident_change(
        p.IncidentStateChanged, "verify", "verified", reporter_subject=reporter, actor=staff
    )
    return Told(event, {}, silent=[reporter, staff])


def closing_as_a_state_change() -> Told:
    # The closing is told once, by incident.closed; its state change tells nothing.
    reporter, staff = str(uuid.uuid4()), str(uuid.uuid4())
    event = incident_change(
        p.IncidentStateChanged, "close", "closed", reporter_subject=reporter, actor=staff
    )
    return Told(event, {}, silent=[reporter, staff])


def closed() -> Told:
    reporter, staff = str(uuid.uuid4()), str(uuid.uuid4())
    event = incident_change(
        p.IncidentClosed, "close", "closed", reporter_subject=reporter, actor=staff
    )
    return Told(
        event,
        {reporter: {"incident.closed": ("您上报的事件已结案", "Your report is closed")}},
        silent=[staff],
    )


def escalated() -> Told:
    head, reporter, secretary = (str(uuid.uuid4()) for _ in range(3))
    event = incident_change(
        p.IncidentEscalated,
        "escalate",
        "escalated",
        level="community",
        accountable=[head],
        reporter_subject=reporter,
        actor=secretary,
    )
    return Told(
        event,
        {
            head: {
                "incident.escalated": ("事件已上报至社区", "Incident escalated to community level")
            }
        },
        silent=[reporter, secretary],
    )


def overdue_case() -> Told:
    head = str(uuid.uuid4())
    return Told(overdue([head]), {head: {"incident.overdue": ("事件已超期", "Incident overdue")}})


def wish_claimed() -> Told:
    owner, claimer = str(uuid.uuid4()), str(uuid.uuid4())
    return Told(
        wish(p.WishClaimed, owner, claimer),
        {owner: {"wish.claimed": ("您的心愿已被认领", "Your wish was claimed")}},
        silent=[claimer],
    )


def wish_fulfilled() -> Told:
    owner, claimer = str(uuid.uuid4()), str(uuid.uuid4())
    return Told(
        wish(p.WishFulfilled, owner, claimer),
        {
            owner: {
                "wish.fulfilled": (
                    "您的心愿已实现，请确认",
                    "Your wish was fulfilled: please confirm",
                )
            }
        },
        silent=[claimer],
    )


def wish_thanked() -> Told:
    owner, claimer = str(uuid.uuid4()), str(uuid.uuid4())
    return Told(
        wish(p.WishConfirmed, owner, claimer),
        {claimer: {"wish.thanked": ("心愿主人已确认并致谢", "The wish's owner thanks you")}},
        silent=[owner],
    )


CASES: dict[str, Callable[[], Told]] = {
    "assigned": assigned,
    "resolved": resolved,
    "own_step": own_step,
    "internal_step": internal_step,
    "closing_as_a_state_change": closing_as_a_state_change,
    "closed": closed,
    "escalated": escalated,
    "overdue": overdue_case,
    "wish_claimed": wish_claimed,
    "wish_fulfilled": wish_fulfilled,
    "wish_thanked": wish_thanked,
}


async def inbox(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, object]]:
    response = await client.get("/v1/notifications", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def speaks(client: httpx.AsyncClient, headers: dict[str, str], language: str) -> None:
    response = await client.put(
        "/v1/notification-preferences/me", json={"language": language}, headers=headers
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("case", list(CASES))
async def test_each_event_tells_exactly_its_accounts_once(
    app: FastAPI,
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    clock: FakeClock,
    case: str,
    language: str,
) -> None:
    told = CASES[case]()
    bystander = str(uuid.uuid4())
    everyone = [*told.expected, *told.silent, bystander]
    for subject in everyone:
        await speaks(client, test_keys.headers(subject=subject), language)

    await apply(app, told.event)
    await apply(app, told.event)  # the transport delivered it again

    for subject in everyone:
        notices = await inbox(client, test_keys.headers(subject=subject))
        wanted = told.expected.get(subject, {})
        got = {str(n["kind"]): n for n in notices}
        assert len(notices) == len(got), notices  # one notice per kind: nobody told twice
        assert set(got) == set(wanted), (subject, got)
        for kind, (zh, en) in wanted.items():
            assert got[kind]["title"] == (zh if language == "zh-CN" else en)
            assert got[kind]["urgent"] is False
            assert str(got[kind]["link"]).startswith(("/incidents/", "/wishes/"))


async def test_bodies_carry_catalogue_words_and_references_only(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    told = assigned()
    await apply(app, told.event)
    worker = next(iter(told.expected))
    [notice] = await inbox(client, test_keys.headers(subject=worker))
    ref = str(told.event.data["incident_id"])[-8:]
    assert notice["body"] == f"「噪声扰民」事件（编号 {ref}）已派给您处置，请及时查看。"
    assert notice["link"] == f"/incidents/{told.event.data['incident_id']}"


async def test_a_fulfilled_wish_links_to_where_its_owner_confirms(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    told = wish_fulfilled()
    await apply(app, told.event)
    owner = next(iter(told.expected))
    [notice] = await inbox(client, test_keys.headers(subject=owner))
    assert notice["link"] == f"/wishes/{told.event.data['wish_id']}/confirm"
    ref = str(told.event.data["wish_id"])[-8:]
    assert notice["body"] == f"您发布的心愿（编号 {ref}）已由认领人完成，请确认并致谢。"


async def test_a_dead_letter_tells_the_configured_staff_only(
    app: FastAPI,
    client: httpx.AsyncClient,
    test_keys: TestKeys,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin, other_admin, bystander = (str(uuid.uuid4()) for _ in range(3))
    await speaks(client, test_keys.headers(subject=other_admin), "en")
    monkeypatch.setattr(app.state.settings, "staff_recipients", [admin, other_admin])
    event = dead_letter("pc-7f3a")

    await apply(app, event)
    await apply(app, event)

    ref = str(event.data["delivery_id"])[-8:]
    [notice] = await inbox(client, test_keys.headers(subject=admin))
    assert notice["kind"] == "partner.delivery_dead"
    assert notice["title"] == "合作方推送失败"
    assert notice["body"] == (
        f"向合作方 pc-7f3a 的推送（投递 {ref}）重试 9 次仍未成功，已转入死信，"
        "请检查对方地址后重新投递。"
    )
    [english] = await inbox(client, test_keys.headers(subject=other_admin))
    assert english["title"] == "Partner delivery failed"
    assert await inbox(client, test_keys.headers(subject=bystander)) == []


async def test_without_staff_recipients_a_dead_letter_tells_nobody(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, clock: FakeClock
) -> None:
    from sqlalchemy import func, select

    from weimin_notifications.notices.models import Notification

    assert app.state.settings.staff_recipients == []
    await apply(app, dead_letter())
    async with app.state.database.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).where(Notification.kind == "partner.delivery_dead")
        )
    assert count == 0


def test_every_kind_has_its_text_in_both_languages() -> None:
    from weimin_notifications.messages import kinds

    ours = {
        "incident.assigned",
        "incident.state_changed",
        "incident.satisfaction_question",
        "incident.closed",
        "incident.overdue",
        "incident.escalated",
        "wish.claimed",
        "wish.fulfilled",
        "wish.thanked",
        "partner.delivery_dead",
    }
    assert ours <= kinds("zh-CN")
    assert ours <= kinds("en")
