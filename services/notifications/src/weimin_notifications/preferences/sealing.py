"""Contact addresses and robot secrets sealed at rest (AES-GCM under the service's field
keys), with a blind index that finds the same address again without decrypting."""

from dataclasses import dataclass

from weimin_kit.pii.crypto import BlindIndex, FieldCipher


@dataclass(frozen=True, slots=True)
class Sealer:
    cipher: FieldCipher
    blind_index: BlindIndex

    def seal(self, value: str, column: str) -> str:
        return self.cipher.encrypt(value, context=column)

    def open(self, token: str, column: str) -> str:
        return self.cipher.decrypt(token, context=column)

    def index(self, value: str, column: str) -> str:
        return self.blind_index.digest(value, context=column)


CONTACT_ADDRESS = "contact_points.address_cipher"
CONTACT_INDEX = "contact_points.address_index"
ROBOT_WEBHOOK = "robots.webhook_cipher"
ROBOT_SIGNING = "robots.secret_cipher"
