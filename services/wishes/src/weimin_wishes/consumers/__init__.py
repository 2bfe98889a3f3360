"""The events the wishes service consumes (see docs/events.md), applied through the kit's
inbox."""

from fastapi import FastAPI

from weimin_events.payloads import MemberReported, SessionRevoked
from weimin_kit.events.inbox import Handler, Handlers, handlers_of
from weimin_kit.revocation import revocation_handler
from weimin_wishes.consumers.member_reported import on_member_reported


def wishes_handlers(app: FastAPI) -> Handlers:
    return handlers_of(
        Handler(MemberReported, on_member_reported(app)),
        revocation_handler(app, SessionRevoked),
    )
