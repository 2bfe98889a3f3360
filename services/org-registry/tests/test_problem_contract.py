"""Errors are part of the contract: every route declares the problem codes it can answer
with (the test client also fails any test meeting an undeclared one)."""

from weimin_kit.testing.problem_codes import declaration_faults
from weimin_org_registry.app import create_app


def test_every_route_declares_the_problems_it_raises() -> None:
    assert declaration_faults(create_app(), "weimin_org_registry") == []
