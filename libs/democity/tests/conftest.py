import pytest

from weimin_democity import City, Resident, generate


@pytest.fixture(scope="session")
def city() -> City:
    return generate("demo")


@pytest.fixture(scope="session")
def residents(city: City) -> list[Resident]:
    return list(city.iter_residents())
