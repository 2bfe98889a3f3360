"""The events the wishes service consumes (see docs/events.md), applied through the kit's
inbox."""

from fastapi import FastAPI

from weimin_events.payloads import MemberReported
from weimin_kit.events.inbox import Handler, Handlers
from weimin_wishes.consumers.member_reported import on_member_reported

MEMBER_REPORTED = "cn.weimin.member.reported.v1"


def wishes_handlers(app: FastAPI) -> Handlers:
    return {MEMBER_REPORTED: Handler(MemberReported, on_member_reported(app))}
