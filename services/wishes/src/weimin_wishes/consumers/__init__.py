"""The events the wishes service consumes (see docs/events.md), applied through the kit's
inbox."""

from fastapi import FastAPI

from weimin_events.payloads import MemberReported, SessionRevoked
from weimin_kit.events.inbox import Handler, Handlers
from weimin_kit.revocation import revocation_handler
from weimin_wishes.consumers.member_reported import on_member_reported

MEMBER_REPORTED = "cn.weimin.member.reported.v1"
SESSION_REVOKED = "cn.weimin.session.revoked.v1"


def wishes_handlers(app: FastAPI) -> Handlers:
    return {
        MEMBER_REPORTED: Handler(MemberReported, on_member_reported(app)),
        SESSION_REVOKED: revocation_handler(app, SessionRevoked),
    }
