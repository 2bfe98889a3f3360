"""Field encryption and blind index built from a service's settings (the app builds them
once; command-line tools such as demo loaders build the same from the same settings)."""

import base64

from weimin_kit.pii.crypto import BlindIndex, FieldCipher, parse_keyring
from weimin_kit.settings import ServiceSettings


def field_cipher_from(settings: ServiceSettings) -> FieldCipher:
    return FieldCipher(parse_keyring(settings.secret("field_keys")), settings.field_active_key_id)


def blind_index_from(settings: ServiceSettings) -> BlindIndex:
    return BlindIndex(base64.b64decode(settings.secret("blind_index_key")))
