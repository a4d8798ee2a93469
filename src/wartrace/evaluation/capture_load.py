"""Load test: a large capture while the workbench is read and reviewed (issue 21).

On loopback only, bounded: a fresh SQLite store with synthetic incidents and three
accounts; the workbench under uvicorn in its own process; `wartrace capture` of a
50,000-row JSON Lines corpus in another; meanwhile 8 clients read the incident list and
2 analysts post review notes, until the capture ends. Pass: no request fails, review p95
<= 1 s, and afterwards `verify` is OK with exactly the expected documents (the container
and every row) and reviews.

    python -m wartrace.evaluation.capture_load [--rows 50000] [--readers 8] [--analysts 2]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from wartrace.evaluation.web_bench import PASSWORD, build_store, free_port, list_query, pct, wait_up
from wartrace.store.db import Store
from wartrace.store.models import DocumentRow, ReviewRow
from wartrace.store.seals import adopt_unsealed
from wartrace.store.users import add_user
from wartrace.store.verify import verify_store

ANALYST_PASSWORD = "analyst-password"


def write_corpus(path: Path, rows: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    places = ["Kharkiv", "Odesa", "Kherson", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Bakhmut"]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(rows):
            place = rng.choice(places)
            fh.write(json.dumps({"text": f"Report {i}: shelling hit {place} overnight, officials said; "
                                         f"{rng.randint(0, 9)} people were hurt.",
                                 "title": f"{place} report {i}", "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                 "language": "en"}) + "\n")


def _client(base: str, name: str, password: str):
    import httpx

    c = httpx.Client(base_url=base, timeout=60)
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/login", data={"name": name, "password": password, "csrf_token": token})
    if r.status_code != 303:
        raise RuntimeError(f"login of {name} failed: {r.status_code}")
    return c


def run(rows: int, readers: int, analysts: int, incidents: int = 2000) -> dict:

    tmp = Path(tempfile.mkdtemp(prefix="wartrace-load-"))
    url = f"sqlite:///{tmp}/load.db"
    build_store(url, incidents)
    store = Store(url)
    with store.session() as s:
        adopt_unsealed(s, "load-test")  # the synthetic incidents were bulk-inserted: seal them as they are
        for k in range(analysts):
            add_user(s, f"analyst{k}", "analyst", ANALYST_PASSWORD)
        s.commit()
    corpus = tmp / "corpus.jsonl"
    write_corpus(corpus, rows)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, WARTRACE_SECURE_COOKIES="0")
    server = subprocess.Popen([sys.executable, "-c", "import sys; from wartrace.evaluation.web_bench import serve; "
                               "serve(sys.argv[1], int(sys.argv[2]))", url, str(port)], env=env)
    stats = {"read": [], "review": [], "failed": [], "reviews_ok": 0}
    lock = threading.Lock()
    stop = threading.Event()
    try:
        wait_up(base, server)

        def reader(k: int) -> None:
            rng = random.Random(k)
            c = _client(base, "bench", PASSWORD)
            try:
                while not stop.is_set():
                    q = list_query(rng)
                    t = time.perf_counter()
                    r = c.get(q)
                    with lock:
                        stats["read"].append(time.perf_counter() - t)
                        if r.status_code != 200:
                            stats["failed"].append(f"GET {q}: {r.status_code}")
            except Exception as exc:  # noqa: BLE001 - a dropped connection is a failed request
                stats["failed"].append(f"reader {k}: {type(exc).__name__}: {exc}")
            finally:
                c.close()

        def analyst(k: int) -> None:
            rng = random.Random(100 + k)
            c = _client(base, f"analyst{k}", ANALYST_PASSWORD)
            try:
                csrf = c.get("/api/session").json()["csrf_token"]
                n = 0
                while not stop.is_set():
                    iid = f"inc-{rng.randrange(incidents):06d}"
                    t = time.perf_counter()
                    r = c.post(f"/api/incidents/{iid}/notes", json={"note": f"load test note {k}-{n}"},
                               headers={"X-CSRF-Token": csrf})
                    with lock:
                        stats["review"].append(time.perf_counter() - t)
                        if r.status_code == 200:
                            stats["reviews_ok"] += 1
                        else:
                            stats["failed"].append(f"POST note: {r.status_code} {r.text[:100]}")
                    n += 1
                    time.sleep(0.2)  # an analyst types; two of them post ~10 notes a second
            except Exception as exc:  # noqa: BLE001
                stats["failed"].append(f"analyst {k}: {type(exc).__name__}: {exc}")
            finally:
                c.close()

        threads = [threading.Thread(target=reader, args=(k,)) for k in range(readers)]
        threads += [threading.Thread(target=analyst, args=(k,)) for k in range(analysts)]
        for t in threads:
            t.start()
        t0 = time.monotonic()
        cap = subprocess.run([sys.executable, "-m", "wartrace", "--db", url, "capture", "--json", str(corpus)],
                             env=env, capture_output=True, text=True)
        capture_s = time.monotonic() - t0
        stop.set()
        for t in threads:
            t.join()
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    summary = json.loads(cap.stdout) if cap.stdout.strip().startswith("{") else {}
    report = verify_store(store)
    from sqlalchemy import func, select

    with store.session() as s:
        docs = s.scalar(select(func.count()).select_from(DocumentRow))
        notes = s.scalar(select(func.count()).select_from(ReviewRow).where(ReviewRow.action == "note"))
    store.close()
    review_p = pct([x * 1000 for x in stats["review"]]) if stats["review"] else [float("nan")] * 3
    read_p = pct([x * 1000 for x in stats["read"]]) if stats["read"] else [float("nan")] * 3
    return {
        "rows": rows, "capture_rc": cap.returncode, "capture_s": round(capture_s, 1),
        "captured": summary.get("captured"), "capture_failed": summary.get("failed"),
        "documents": docs, "expected_documents": rows + 1,
        "reads": len(stats["read"]), "read_p50_ms": round(read_p[0], 1), "read_p95_ms": round(read_p[1], 1),
        "reviews_posted": len(stats["review"]), "reviews_ok": stats["reviews_ok"], "reviews_stored": notes,
        "review_p50_ms": round(review_p[0], 1), "review_p95_ms": round(review_p[1], 1),
        "review_max_ms": round(max(stats["review"], default=0) * 1000, 1),
        "failed_requests": len(stats["failed"]), "failures": stats["failed"][:5],
        "verify_ok": report.ok, "verify_problems": report.problems[:3], "store": str(tmp),
    }


def passed(r: dict) -> bool:
    return (r["capture_rc"] == 0 and r["failed_requests"] == 0 and r["review_p95_ms"] <= 1000
            and r["verify_ok"] and r["documents"] == r["expected_documents"]
            and r["reviews_stored"] == r["reviews_ok"] == r["reviews_posted"])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--readers", type=int, default=8)
    ap.add_argument("--analysts", type=int, default=2)
    args = ap.parse_args(argv)
    r = run(args.rows, args.readers, args.analysts)
    r["pass"] = passed(r)
    print(json.dumps(r, indent=2))
    sys.exit(0 if r["pass"] else 1)


if __name__ == "__main__":
    main()
