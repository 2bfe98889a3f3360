"""Request dependencies the feature packages share: what the app built at start-up."""

from typing import Annotated

from fastapi import Depends, Request

from weimin_notifications.preferences.sealing import Sealer


async def _sealer(request: Request) -> Sealer:
    sealer: Sealer = request.app.state.sealer
    return sealer


async def _available(request: Request) -> list[str]:
    return list(request.app.state.channels)


SealerDep = Annotated[Sealer, Depends(_sealer)]
#: The channels this deployment has configured.
AvailableDep = Annotated[list[str], Depends(_available)]
