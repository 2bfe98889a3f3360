"""weimin_kit.schedule.every: a job on a timer, surviving its failures, stopped cleanly."""

import asyncio

from weimin_kit.schedule import every


async def test_every_runs_the_job_repeatedly_and_survives_its_failures() -> None:
    runs: list[int] = []

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("the first run fails")

    async with every(0.05, job, name="test-job"):
        for _ in range(100):
            if len(runs) >= 3:
                break
            await asyncio.sleep(0.02)
    assert runs[:3] == [0, 1, 2]


async def test_leaving_every_cancels_a_run_under_way_and_waits_for_it() -> None:
    started = asyncio.Event()
    finished: list[str] = []

    async def job() -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        finally:
            finished.append("stopped")

    async with every(0.01, job, name="slow-job"):
        await asyncio.wait_for(started.wait(), timeout=5)
    assert finished == ["stopped"]
