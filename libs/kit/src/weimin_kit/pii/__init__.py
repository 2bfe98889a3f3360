"""Personal-data mechanisms: validation, masking, field encryption, blind indexes, redaction."""

from weimin_kit.pii.crypto import (
    BlindIndex,
    DecryptionError,
    FieldCipher,
    KeyringError,
    generate_key,
    parse_keyring,
)
from weimin_kit.pii.idcard import (
    InvalidIdCard,
    birth_date_of,
    checksum_char,
    decode_valid,
    gender_of,
    is_valid_id_card,
    validate_id_card,
)
from weimin_kit.pii.masking import (
    COMPOUND_SURNAMES,
    mask_id_card,
    mask_name,
    mask_phone,
    public_honorific,
    surname_of,
)
from weimin_kit.pii.phone import InvalidPhone, is_valid_mobile, validate_mobile
from weimin_kit.pii.redact import redact

__all__ = [
    "COMPOUND_SURNAMES",
    "BlindIndex",
    "DecryptionError",
    "FieldCipher",
    "InvalidIdCard",
    "InvalidPhone",
    "KeyringError",
    "birth_date_of",
    "checksum_char",
    "decode_valid",
    "gender_of",
    "generate_key",
    "is_valid_id_card",
    "is_valid_mobile",
    "mask_id_card",
    "mask_name",
    "mask_phone",
    "parse_keyring",
    "public_honorific",
    "redact",
    "surname_of",
    "validate_id_card",
    "validate_mobile",
]
