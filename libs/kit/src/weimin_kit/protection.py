"""Field encryption and blind index built from a service's settings (the app builds them
once; command-line tools such as demo loaders build the same from the same settings)."""

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Self

from starlette.requests import Request

from weimin_kit.pii.crypto import BlindIndex, FieldCipher, parse_keyring
from weimin_kit.pii.masking import mask_id_card, mask_phone
from weimin_kit.settings import ServiceSettings


def field_cipher_from(settings: ServiceSettings) -> FieldCipher:
    return FieldCipher(parse_keyring(settings.secret("field_keys")), settings.field_active_key_id)


def blind_index_from(settings: ServiceSettings) -> BlindIndex:
    return BlindIndex(base64.b64decode(settings.secret("blind_index_key")))


@dataclass(frozen=True, slots=True)
class Sealed:
    """A sealed value: its ciphertext and its blind index (also unpacks as a pair)."""

    cipher: str
    index: str

    def __iter__(self) -> Iterator[str]:
        return iter((self.cipher, self.index))


@dataclass(frozen=True, slots=True)
class PersonalDataVault:
    """Seals a table's identity-card and phone columns: ciphertext plus blind index.

    Contexts name the table and column, so a value sealed for one column can neither be
    decrypted from nor matched against another. Services subclass it naming their table.
    """

    cipher: FieldCipher
    blind_index: BlindIndex
    table: ClassVar[str] = "people"

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> Self:
        """The same keys the app uses (command-line tools run without an app)."""
        return cls(field_cipher_from(settings), blind_index_from(settings))

    @classmethod
    async def of_request(cls, request: Request) -> Self:
        """A request's dependency (async: FastAPI runs a plain `def` one in a thread)."""
        return cls(request.app.state.field_cipher, request.app.state.blind_index)

    def _context(self, column: str) -> str:
        return f"{self.table}.{column}"

    def seal_id_card(self, number: str) -> Sealed:
        cipher = self.cipher.encrypt(number, context=self._context("id_card_cipher"))
        return Sealed(cipher, self.id_card_index(number))

    def seal_phone(self, number: str) -> Sealed:
        cipher = self.cipher.encrypt(number, context=self._context("phone_cipher"))
        return Sealed(cipher, self.phone_index(number))

    def id_card_index(self, number: str) -> str:
        return self.blind_index.digest(number, context=self._context("id_card_index"))

    def phone_index(self, number: str) -> str:
        return self.blind_index.digest(number, context=self._context("phone_index"))

    def open_id_card(self, cipher: str) -> str:
        return self.cipher.decrypt(cipher, context=self._context("id_card_cipher"))

    def open_phone(self, cipher: str | None) -> str | None:
        if cipher is None:
            return None
        return self.cipher.decrypt(cipher, context=self._context("phone_cipher"))

    def masked_id_card(self, cipher: str) -> str:
        return mask_id_card(self.open_id_card(cipher))

    def masked_phone(self, cipher: str | None) -> str | None:
        phone = self.open_phone(cipher)
        return None if phone is None else mask_phone(phone)
