"""The events org-registry consumes (see docs/events.md), applied through the kit's inbox."""

from fastapi import FastAPI

from weimin_events.payloads import WishFulfilled
from weimin_kit.events.inbox import Handler, Handlers, handlers_of
from weimin_org_registry.consumers.wish_fulfilled import on_wish_fulfilled


def org_registry_handlers(app: FastAPI) -> Handlers:
    return handlers_of(Handler(WishFulfilled, on_wish_fulfilled(app)))
