"""Sealing people's identity numbers and phones: ciphertext plus blind index.

Contexts name the column, so a value sealed for one column can neither be decrypted
from nor matched against another.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from weimin_kit.pii import BlindIndex, FieldCipher, mask_id_card, mask_phone
from weimin_kit.protection import blind_index_from, field_cipher_from
from weimin_kit.settings import ServiceSettings

ID_CARD_CIPHER = "people.id_card_cipher"
ID_CARD_INDEX = "people.id_card_index"
PHONE_CIPHER = "people.phone_cipher"
PHONE_INDEX = "people.phone_index"


@dataclass(frozen=True, slots=True)
class PersonalDataVault:
    cipher: FieldCipher
    blind_index: BlindIndex

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> "PersonalDataVault":
        """The same keys the app uses (the demo loader runs without an app)."""
        return cls(field_cipher_from(settings), blind_index_from(settings))

    def seal_id_card(self, number: str) -> tuple[str, str]:
        return self.cipher.encrypt(number, context=ID_CARD_CIPHER), self.id_card_index(number)

    def seal_phone(self, number: str) -> tuple[str, str]:
        return self.cipher.encrypt(number, context=PHONE_CIPHER), self.phone_index(number)

    def id_card_index(self, number: str) -> str:
        return self.blind_index.digest(number, context=ID_CARD_INDEX)

    def phone_index(self, number: str) -> str:
        return self.blind_index.digest(number, context=PHONE_INDEX)

    def open_id_card(self, cipher: str) -> str:
        return self.cipher.decrypt(cipher, context=ID_CARD_CIPHER)

    def open_phone(self, cipher: str | None) -> str | None:
        return None if cipher is None else self.cipher.decrypt(cipher, context=PHONE_CIPHER)

    def masked_id_card(self, cipher: str) -> str:
        return mask_id_card(self.open_id_card(cipher))

    def masked_phone(self, cipher: str | None) -> str | None:
        phone = self.open_phone(cipher)
        return None if phone is None else mask_phone(phone)


def _vault(request: Request) -> PersonalDataVault:
    return PersonalDataVault(request.app.state.field_cipher, request.app.state.blind_index)


VaultDep = Annotated[PersonalDataVault, Depends(_vault)]
