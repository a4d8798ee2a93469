"""The signing key: Ed25519, a file outside the store, never in the database.

    DIR/wartrace.key  private key, PEM (PKCS#8), mode 0600
    DIR/wartrace.pub  the 32-byte raw public key in hex (what readers of a checkpoint trust)

The private key is found through `--key` or WARTRACE_KEY; a public key through `--public-key`
(a .pub file or the hex itself) or WARTRACE_PUBLIC_KEY, else derived from the private key.
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_NAME, PUB_NAME = "wartrace.key", "wartrace.pub"


class KeyProblem(ValueError):
    """A key file is missing, unreadable or not an Ed25519 key."""


def init_keys(folder: str | Path) -> tuple[Path, Path]:
    """Write a new key pair; refuses to overwrite an existing private key."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key_path, pub_path = folder / KEY_NAME, folder / PUB_NAME
    if key_path.exists():
        raise KeyProblem(f"{key_path}: a key is already there; move it away first (it signed earlier checkpoints)")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others, not even briefly
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    pub_path.write_text(public_hex(key) + "\n", encoding="ascii")
    return key_path, pub_path


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def key_path(explicit: str | Path | None = None) -> Path | None:
    value = explicit or os.environ.get("WARTRACE_KEY")
    return Path(value) if value else None


def load_private(path: str | Path) -> Ed25519PrivateKey:
    path = Path(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise KeyProblem(f"{path}: cannot read the key ({exc.strerror})") from None
    except ValueError:
        raise KeyProblem(f"{path}: not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{path}: not an Ed25519 key")
    return key


def configured_private(explicit: str | Path | None = None) -> Ed25519PrivateKey | None:
    path = key_path(explicit)
    return load_private(path) if path else None


def parse_public(value: str | Path) -> str:
    """A public key given as a .pub file or as 64 hex digits; returns the hex."""
    text = str(value).strip()
    if len(text) != 64 or not all(c in "0123456789abcdefABCDEF" for c in text):
        try:
            text = Path(value).read_text(encoding="ascii").strip()
        except (OSError, UnicodeError) as exc:
            raise KeyProblem(f"{value}: neither 64 hex digits nor a readable .pub file ({exc})") from None
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        raise KeyProblem(f"{value}: not a 32-byte Ed25519 public key in hex") from None
    return text.lower()


def trusted_public(explicit: str | Path | None = None, private: str | Path | None = None) -> str | None:
    """The public key checkpoints must be signed with, when one is configured."""
    value = explicit or os.environ.get("WARTRACE_PUBLIC_KEY")
    if value:
        return parse_public(value)
    key = configured_private(private)
    return public_hex(key) if key else None


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return key.sign(message).hex()


def signature_ok(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(bytes.fromhex(signature_hex), message)
        return True
    except (InvalidSignature, ValueError):
        return False
