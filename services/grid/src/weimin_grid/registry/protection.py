"""Residents' identity numbers and phones, sealed by the kit's vault for this table."""

from typing import Annotated, ClassVar

from fastapi import Depends

from weimin_kit import protection
from weimin_kit.protection import Sealed

__all__ = ["PersonalDataVault", "Sealed", "VaultDep"]


class PersonalDataVault(protection.PersonalDataVault):
    table: ClassVar[str] = "residents"


VaultDep = Annotated[PersonalDataVault, Depends(PersonalDataVault.of_request)]
