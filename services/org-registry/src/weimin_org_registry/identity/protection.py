"""Account mobile numbers, sealed by the kit's vault for the `accounts` table."""

from typing import ClassVar

from weimin_kit import protection


class AccountsVault(protection.PersonalDataVault):
    table: ClassVar[str] = "accounts"
