#!/usr/bin/env python3
"""Mints HS256 JWTs for the check-in benchmarks, one per line on stdout.

  mint_tokens.py SECRET COUNT [--role authenticated|service_role] [--prefix user-] [--ttl 3600]

Token i names user PREFIX+i (sub), role ROLE, exp now + TTL: the claims sessiond's verifier
needs (src/auth/jwt.cpp). 200,000 tokens take about a second.
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import time


def b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("secret")
    p.add_argument("count", type=int)
    p.add_argument("--role", default="authenticated")
    p.add_argument("--prefix", default="user-")
    p.add_argument("--ttl", type=int, default=3600)
    a = p.parse_args()
    key = a.secret.encode()
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    exp = int(time.time()) + a.ttl
    out = sys.stdout.buffer
    for i in range(a.count):
        claims = {"sub": f"{a.prefix}{i}", "role": a.role, "exp": exp}
        body = b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = header + b"." + body
        sig = b64(hmac.new(key, signing_input, hashlib.sha256).digest())
        out.write(signing_input + b"." + sig + b"\n")


if __name__ == "__main__":
    main()
