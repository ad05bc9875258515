#!/usr/bin/env python3
"""Realtime fan-out: SUBSCRIBERS SSE streams on `presence`, check-ins at RATE per second.

  fanout.py URL SERVICE_TOKEN USER_TOKENS_FILE [--subscribers 1000] [--rate 1000]
            [--seconds 10] [--readers 1]

1. Opens the subscribers (GET /v1/realtime?channels=presence, service-role token) and waits
   until each has its 200 and `retry:` line.
2. A separate process checks in at RATE per second for SECONDS (POST /v1/checkins, each with
   the next user token, over 8 keep-alive connections, paced on a schedule, so that a slow
   answer delays the requests behind it but not the rate's schedule).
3. The readers (READERS processes, the subscribers split between them) read every stream
   until all events have arrived or 5 s after the last check-in, counting events (`id:`
   lines) per subscriber, and `overflow` / other closing events.
4. Client-side lag: for each read that carries events, now minus the `created_at` of the
   first event in it (the oldest in that read; created_at has millisecond precision and is
   taken in the transaction, before commit), so a slightly pessimistic sample per read.
5. Server-side lag: the delta of the sessiond_realtime_delivery_lag_seconds histogram
   (commit to the write of the frame) across the run, p50/p99 interpolated in its buckets.
"""
import argparse
import calendar
import multiprocessing as mp
import re
import selectors
import socket
import threading
import time
import urllib.request
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from histogram import quantile_from_buckets  # noqa: E402


def parse_url(url):
    host, port = url.split("//", 1)[1].rstrip("/").split(":")
    return host, int(port)


def ts_ms(raw: bytes, cache={}):
    # b"2026-11-22T00:28:14.882Z" -> epoch ms
    head = raw[:19]
    base = cache.get(head)
    if base is None:
        base = calendar.timegm(time.strptime(head.decode(), "%Y-%m-%dT%H:%M:%S")) * 1000
        cache[head] = base
    return base + int(raw[20:23])


def reader(addr, token, count, ready, go, stop_at, expected, out):
    sel = selectors.DefaultSelector()
    req = (f"GET /v1/realtime?channels=presence HTTP/1.1\r\nHost: {addr[0]}\r\n"
           f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode()
    conns = []
    for _ in range(count):
        s = socket.create_connection(addr)
        s.sendall(req)
        conns.append(s)
    # Wait for every stream's headers and retry line.
    started = 0
    for s in conns:
        buf = b""
        while b"retry:" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise SystemExit("a stream closed before it started: %r" % buf[:300])
            buf += chunk
        if not buf.startswith(b"HTTP/1.1 200"):
            raise SystemExit("subscribe failed: %r" % buf[:300])
        started += 1
        s.setblocking(False)
    state = {}
    for i, s in enumerate(conns):
        sel.register(s, selectors.EVENT_READ, i)
        state[i] = [0, b""]  # events, carry
    ready.release()
    go.wait()
    lags = []
    closings = {}
    closed = 0
    total = 0
    target = expected * count
    pat_id = b"\nid: "
    pat_ca = b'"created_at":"'
    while True:
        now = time.time()
        if total >= target or now > stop_at.value > 0:
            break
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            i = key.data
            try:
                data = s.recv(262144)
            except BlockingIOError:
                continue
            if not data:
                sel.unregister(s)
                closed += 1
                continue
            st = state[i]
            buf = st[1] + data
            n = buf.count(pat_id)
            if n:
                st[0] += n
                total += n
                k = buf.find(pat_ca)
                if k >= 0 and len(buf) >= k + 14 + 24:
                    lags.append(time.time() * 1000 - ts_ms(buf[k + 14:k + 38]))
            if b"event: " in buf:
                for m in re.finditer(rb"event: (overflow|auth_expired|stream_error|reset)", buf):
                    closings[m.group(1).decode()] = closings.get(m.group(1).decode(), 0) + 1
            st[1] = buf[-4:]
    for s in conns:
        s.close()
    out.put({"per_sub": [state[i][0] for i in range(count)], "lags": lags,
             "closings": closings, "closed": closed})


def generator(addr, tokens, rate, seconds, conns, t0, result):
    # Each of `conns` threads sends every conns-th request of the schedule t0 + k / rate.
    n = int(rate * seconds)
    statuses = {}
    late = []
    lock = threading.Lock()
    deadline = t0 + 2 * seconds + 5  # a server that cannot keep up does not hang the run

    def run(j):
        s = socket.create_connection(addr)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        f = s.makefile("rb")
        for k in range(j, n, conns):
            due = t0 + k / rate
            if time.time() > deadline:
                with lock:
                    statuses["not sent (deadline)"] = statuses.get("not sent (deadline)", 0) + 1
                continue
            d = due - time.time()
            if d > 0:
                time.sleep(d)
            else:
                late.append(-d)
            tok = tokens[k % len(tokens)]
            s.sendall(("POST /v1/checkins HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer "
                       + tok + "\r\nContent-Length: 0\r\n\r\n").encode())
            status = int(f.readline().split()[1])
            length = 0
            while True:
                line = f.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            f.read(length)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=run, args=(j,)) for j in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    late.sort()
    result.put({"statuses": statuses, "sent": n, "elapsed": time.time() - t0,
                "behind_p99_ms": 1000 * late[int(len(late) * 0.99)] if late else 0.0,
                "behind_count": len(late)})


def lag_histogram(url):
    text = urllib.request.urlopen(url + "/metrics").read().decode()
    buckets = {}
    for m in re.finditer(r'^sessiond_realtime_delivery_lag_seconds_bucket\{le="([^"]+)"\} (\S+)',
                         text, re.M):
        buckets[m.group(1)] = float(m.group(2))
    delivered = re.search(r"^sessiond_realtime_events_delivered_total (\S+)", text, re.M)
    return buckets, float(delivered.group(1)) if delivered else 0.0


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("url")
    p.add_argument("service_token")
    p.add_argument("tokens_file")
    p.add_argument("--subscribers", type=int, default=1000)
    p.add_argument("--rate", type=float, default=1000)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--readers", type=int, default=1)
    a = p.parse_args()
    addr = parse_url(a.url)
    tokens = open(a.tokens_file).read().split()
    expected = int(a.rate * a.seconds)

    ctx = mp.get_context("fork")
    ready = ctx.Semaphore(0)
    go = ctx.Event()
    stop_at = ctx.Value("d", 0.0)
    out = ctx.Queue()
    per = [a.subscribers // a.readers + (1 if i < a.subscribers % a.readers else 0)
           for i in range(a.readers)]
    readers = [ctx.Process(target=reader, args=(addr, a.service_token, c, ready, go, stop_at,
                                                expected, out)) for c in per]
    for r in readers:
        r.start()
    for _ in readers:
        ready.acquire()
    print(f"{a.subscribers} subscribers streaming; checking in {a.rate:.0f}/s for {a.seconds:.0f} s")
    before, delivered_before = lag_histogram(a.url)
    gen_out = ctx.Queue()
    t0 = time.time() + 0.5
    gen = ctx.Process(target=generator, args=(addr, tokens, a.rate, a.seconds, 8, t0, gen_out))
    go.set()
    gen.start()
    g = gen_out.get()
    gen.join()
    stop_at.value = time.time() + 5
    results = [out.get() for _ in readers]
    for r in readers:
        r.join()
    after, delivered_after = lag_histogram(a.url)

    per_sub = [n for r in results for n in r["per_sub"]]
    lags = [x for r in results for x in r["lags"]]
    closings = {}
    for r in results:
        for k, v in r["closings"].items():
            closings[k] = closings.get(k, 0) + v
    closed = sum(r["closed"] for r in results)
    events_committed = sum(v for k, v in g["statuses"].items() if k in (200, 201))
    print(f"generator: {g['sent']} check-ins in {g['elapsed']:.2f} s "
          f"({g['sent'] / g['elapsed']:.0f}/s), statuses {g['statuses']}, "
          f"{g['behind_count']} sent behind schedule (p99 {g['behind_p99_ms']:.1f} ms behind)")
    got = sum(per_sub)
    print(f"received: {got} events of {events_committed * len(per_sub)} expected "
          f"({events_committed} per subscriber); per subscriber min {min(per_sub)} max {max(per_sub)}; "
          f"streams closed by the server: {closed}; closing events: {closings or 'none'}")
    print(f"client-side lag (receive time minus created_at, first event of each read, "
          f"{len(lags)} samples): p50 {pct(lags, 0.5):.1f} ms, p99 {pct(lags, 0.99):.1f} ms, "
          f"max {max(lags) if lags else float('nan'):.1f} ms")
    p50, n = quantile_from_buckets(before, after, 0.5)
    p99, _ = quantile_from_buckets(before, after, 0.99)
    if n:
        print(f"server-side lag (sessiond_realtime_delivery_lag_seconds, {n:.0f} observations, "
              f"delivered_total +{delivered_after - delivered_before:.0f}): "
              f"p50 {1000 * p50:.1f} ms, p99 {1000 * p99:.1f} ms (target p99 <= 50 ms)")
    else:
        print("server-side lag: no observations")


if __name__ == "__main__":
    main()
