import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weimin_kit.pii import (
    BlindIndex,
    DecryptionError,
    FieldCipher,
    KeyringError,
    generate_key,
    parse_keyring,
)

K1 = bytes(range(32))
K2 = bytes(range(32, 64))


def make_cipher(active: str = "k1") -> FieldCipher:
    return FieldCipher({"k1": K1, "k2": K2}, active_key_id=active)


def test_token_is_self_describing_ascii() -> None:
    token = make_cipher().encrypt("532901199001011234", context="people.id_card")
    version, kid, payload = token.split(".")
    assert (version, kid) == ("v1", "k1")
    assert token.isascii()
    # 12-byte nonce + 18 bytes + 16-byte tag, unpadded base64
    assert len(base64.urlsafe_b64decode(payload + "==")) == 12 + 18 + 16


def test_same_plaintext_encrypts_differently_each_time() -> None:
    cipher = make_cipher()
    assert cipher.encrypt("x", context="c") != cipher.encrypt("x", context="c")


@settings(max_examples=60)
@given(st.text(), st.text(min_size=1, max_size=40))
def test_round_trip_for_any_unicode(plaintext: str, context: str) -> None:
    cipher = make_cipher()
    assert cipher.decrypt(cipher.encrypt(plaintext, context=context), context=context) == plaintext


def test_value_copied_to_another_column_does_not_decrypt() -> None:
    cipher = make_cipher()
    token = cipher.encrypt("13812345678", context="people.phone")
    with pytest.raises(DecryptionError, match="authentication"):
        cipher.decrypt(token, context="people.emergency_phone")


@settings(max_examples=40)
@given(st.text(max_size=50))
def test_old_tokens_decrypt_after_rotation(plaintext: str) -> None:
    old = make_cipher("k1")
    token = old.encrypt(plaintext, context="c")
    rotated = make_cipher("k2")
    assert rotated.needs_reencryption(token)
    assert not old.needs_reencryption(token)
    assert rotated.decrypt(token, context="c") == plaintext
    fresh = rotated.reencrypt(token, context="c")
    assert fresh.split(".")[1] == "k2"
    assert not rotated.needs_reencryption(fresh)
    assert rotated.decrypt(fresh, context="c") == plaintext


def test_unknown_key_id_is_a_decryption_error() -> None:
    token = FieldCipher({"k9": K1}, "k9").encrypt("x", context="c")
    with pytest.raises(DecryptionError, match="unknown key 'k9'"):
        make_cipher().decrypt(token, context="c")


@settings(max_examples=150)
@given(st.text(max_size=30), st.data())
def test_changing_any_character_of_a_token_fails(plaintext: str, data: st.DataObject) -> None:
    cipher = make_cipher()
    token = cipher.encrypt(plaintext, context="c")
    position = data.draw(st.integers(0, len(token) - 1))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/"
    replacement = data.draw(st.sampled_from(alphabet).filter(lambda c: c != token[position]))
    tampered = token[:position] + replacement + token[position + 1 :]
    with pytest.raises(DecryptionError):
        cipher.decrypt(tampered, context="c")


@settings(max_examples=100)
@given(st.data())
def test_flipping_any_bit_of_the_payload_fails(data: st.DataObject) -> None:
    cipher = make_cipher()
    version, kid, payload = cipher.encrypt("段阿姨", context="c").split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[data.draw(st.integers(0, len(raw) - 1))] ^= 1 << data.draw(st.integers(0, 7))
    tampered = ".".join([version, kid, base64.urlsafe_b64encode(raw).decode().rstrip("=")])
    with pytest.raises(DecryptionError):
        cipher.decrypt(tampered, context="c")


@pytest.mark.parametrize("token", ["", "v1.k1", "v2.k1.AAAA", "v1.k1.!!!!", "v1.k1.AAAA"])
def test_malformed_tokens_are_decryption_errors(token: str) -> None:
    with pytest.raises(DecryptionError):
        make_cipher().decrypt(token, context="c")


def test_cipher_refuses_short_keys_and_missing_active_key() -> None:
    with pytest.raises(KeyringError, match="16 bytes"):
        FieldCipher({"k1": bytes(16)}, "k1")
    with pytest.raises(KeyringError, match="not in the keyring"):
        FieldCipher({"k1": K1}, "k2")
    with pytest.raises(KeyringError, match="key id"):
        FieldCipher({"k.1": K1}, "k.1")


def test_blind_index_is_stable_keyed_and_context_separated() -> None:
    index = BlindIndex(K1)
    digest = index.digest("13812345678", context="people.phone")
    assert digest == index.digest("13812345678", context="people.phone")
    assert digest == "1ef94a26aa030f512b69d49f158901bf4191899903a31b444a53a23e53236894"
    assert digest != index.digest("13812345678", context="volunteers.phone")
    assert digest != BlindIndex(K2).digest("13812345678", context="people.phone")
    assert digest != index.digest("13812345679", context="people.phone")


def test_blind_index_is_hmac_sha256_over_context_nul_value() -> None:
    """The layout is part of the stored data: a change would orphan every index."""
    index = BlindIndex(K1)
    assert index.digest("", context="c") == (
        "b033afab241d1de06c498399f8baab71c3a924c7fd4ba907516825fee9f930cd"
    )
    with pytest.raises(ValueError, match="context is required"):
        index.digest("13812345678", context="")


def test_a_token_written_earlier_still_decrypts() -> None:
    """A known answer: this token was made by v1 with K1, so the AAD layout, the key id
    binding and the base64 spelling cannot drift without this test noticing."""
    token = "v1.k1.cI0yJi65GRJhRIsWIpIf910CtmQBRw6cCrE7-4OdlOslD0m2CfVLzJ4CTALXvQ"
    assert make_cipher().decrypt(token, context="people.id_card") == "532901199001011234"
    with pytest.raises(DecryptionError, match="authentication"):
        make_cipher().decrypt(token, context="people.phone")


def test_blind_index_refuses_a_short_key() -> None:
    with pytest.raises(KeyringError, match="at least 32"):
        BlindIndex(b"short")


def test_parse_keyring_reads_generated_keys() -> None:
    first, second = generate_key(), generate_key()
    assert first != second
    keys = parse_keyring(f" k1:{first} , k2:{second}")
    assert keys == {"k1": base64.b64decode(first), "k2": base64.b64decode(second)}
    urlsafe = base64.urlsafe_b64encode(K2).decode().rstrip("=")
    assert parse_keyring(f"old:{urlsafe}") == {"old": K2}


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ("", "empty"),
        ("k1", "not 'kid:base64key'"),
        ("k1:", "not 'kid:base64key'"),
        ("k1:%%%%", "'k1' is not valid base64"),
        (f"k1:{base64.b64encode(bytes(16)).decode()}", "'k1' is 16 bytes"),
        (f"k1:{base64.b64encode(K1).decode()},k1:{base64.b64encode(K2).decode()}", "twice"),
    ],
)
def test_parse_keyring_explains_bad_settings(setting: str, reason: str) -> None:
    with pytest.raises(KeyringError, match=reason) as caught:
        parse_keyring(setting)
    assert base64.b64encode(K1).decode() not in str(caught.value)
