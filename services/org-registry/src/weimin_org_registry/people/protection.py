"""People's identity numbers and phones, sealed by the kit's vault for this table."""

from typing import Annotated, ClassVar

from fastapi import Depends

from weimin_kit import protection

__all__ = ["PersonalDataVault", "VaultDep"]


class PersonalDataVault(protection.PersonalDataVault):
    table: ClassVar[str] = "people"


VaultDep = Annotated[PersonalDataVault, Depends(PersonalDataVault.of_request)]
