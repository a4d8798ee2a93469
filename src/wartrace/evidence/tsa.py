"""RFC 3161 timestamps: ask a timestamp authority to countersign a SHA-256 digest.

The request and response are built and read with asn1crypto (no hand-made ASN.1) and sent
with httpx. What is kept is the whole TimeStampResp, base64 DER, so anyone can check it with
`openssl ts -verify -digest <hex> -in resp.tsr -CAfile <the TSA's CA>`.
"""
from __future__ import annotations

import base64
import secrets

import httpx
from asn1crypto import algos, core, tsp

GRANTED = ("granted", "granted_with_mods")


class TimestampProblem(RuntimeError):
    pass


def request(digest: bytes) -> tuple[bytes, int]:
    """A DER TimeStampReq for this SHA-256 digest, asking for the TSA's certificate; (der, nonce)."""
    nonce = secrets.randbits(63)
    req = tsp.TimeStampReq({
        "version": 1,
        "message_imprint": tsp.MessageImprint({"hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                                               "hashed_message": digest}),
        "nonce": core.Integer(nonce),
        "cert_req": True,
    })
    return req.dump(), nonce


def tst_info(response_der: bytes) -> tsp.TSTInfo:
    resp = tsp.TimeStampResp.load(response_der)
    status = resp["status"]["status"].native
    if status not in GRANTED:
        text = resp["status"]["status_string"].native if resp["status"]["status_string"] else None
        raise TimestampProblem(f"the timestamp authority refused: {status}{': ' + str(text) if text else ''}")
    return resp["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed


def imprint_matches(response_der: bytes, digest: bytes) -> bool:
    info = tst_info(response_der)
    return (info["message_imprint"]["hash_algorithm"]["algorithm"].native == "sha256"
            and info["message_imprint"]["hashed_message"].native == digest)


def timestamp(url: str, digest: bytes, timeout: float = 30.0) -> str:
    """Ask `url` to timestamp `digest`; the TimeStampResp as base64 DER, checked to be about it."""
    der, nonce = request(digest)
    try:
        r = httpx.post(url, content=der, headers={"Content-Type": "application/timestamp-query"}, timeout=timeout)
    except httpx.HTTPError as exc:
        raise TimestampProblem(f"{url}: no answer ({type(exc).__name__}: {exc})") from None
    if r.status_code != 200:
        raise TimestampProblem(f"{url}: HTTP {r.status_code}")
    try:
        info = tst_info(r.content)
    except (ValueError, TypeError, KeyError) as exc:
        raise TimestampProblem(f"{url}: not an RFC 3161 response ({exc})") from None
    if info["nonce"].native != nonce or not imprint_matches(r.content, digest):
        raise TimestampProblem(f"{url}: the response is not about this request (nonce or digest differ)")
    return base64.b64encode(r.content).decode("ascii")


def gen_time(token_b64: str) -> str:
    return tst_info(base64.b64decode(token_b64))["gen_time"].native.isoformat()
