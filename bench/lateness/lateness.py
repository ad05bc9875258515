#!/usr/bin/env python3
"""Lateness of the two things sessiond does at an exact instant, on the real clock, read back
from the server's own histograms (a delta over the run, interpolated in its buckets):

- check-in expiry: CHECKINS check-ins (distinct users) with TTLs spread over 2-10 s, then
  sessiond_checkin_expiry_lateness_seconds once they have all expired (target p99 <= 100 ms);
- session closing: SESSIONS one-off sessions ending 3-10 s from now, then
  sessiond_recurring_close_lateness_seconds once they have all closed (target p99 <= 1 s).

  lateness.py URL USER_TOKENS_FILE SERVICE_TOKEN
"""
import datetime
import json
import random
import re
import sys
import time
import urllib.request
import os

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from histogram import quantile_from_buckets  # noqa: E402

CHECKINS = 2000
SESSIONS = 500


def call(url, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token,
                                          **({"Content-Type": "application/json"} if data else {})})
    with urllib.request.urlopen(req) as res:
        return res.status


def histogram(url, name):
    text = urllib.request.urlopen(url + "/metrics").read().decode()
    buckets = {}
    for m in re.finditer(r'^%s_bucket\{[^}]*le="([^"]+)"\} (\S+)' % name, text, re.M):
        buckets[m.group(1)] = buckets.get(m.group(1), 0.0) + float(m.group(2))
    return buckets


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")


def report(what, name, before, after, target_ms):
    p50, n = quantile_from_buckets(before, after, 0.5)
    p99, _ = quantile_from_buckets(before, after, 0.99)
    if not n:
        print(f"{what}: nothing observed in {name}")
        return
    print(f"{what}: {int(n)} observed, lateness p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
          f"(target p99 <= {target_ms} ms; {name})")


def main():
    url, tokens_file, service = sys.argv[1], sys.argv[2], sys.argv[3]
    tokens = open(tokens_file).read().split()[:CHECKINS]
    rng = random.Random(7)

    expiry = "sessiond_checkin_expiry_lateness_seconds"
    before = histogram(url, expiry)
    last = 0.0
    for token in tokens:
        ttl_ms = rng.randint(2000, 10000)
        call(url, "POST", "/v1/checkins", token, {"ttl": f"{ttl_ms}ms"})
        last = max(last, time.time() + ttl_ms / 1000)
    time.sleep(max(0.0, last - time.time()) + 2)
    report(f"check-in expiry ({len(tokens)} check-ins, TTL 2-10 s)", expiry, before,
           histogram(url, expiry), 100)

    close = "sessiond_recurring_close_lateness_seconds"
    before = histogram(url, close)
    last = 0.0
    for i in range(SESSIONS):
        start = time.time() + 1
        end = start + rng.uniform(2, 9)
        call(url, "POST", "/v1/sessions", service,
             {"name": f"lateness-{i}", "valid_from": iso(start), "valid_until": iso(end)})
        last = max(last, end)
    time.sleep(max(0.0, last - time.time()) + 2)
    report(f"session closing ({SESSIONS} one-off sessions, ending 3-10 s ahead)", close, before,
           histogram(url, close), 1000)


if __name__ == "__main__":
    main()
