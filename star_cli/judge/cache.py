"""Verdicts cached by content, so reruns and resumes do not pay for a judgement twice.

The key is the sha256 of what decides a verdict: the model, the prompt template, the contract
(pattern, scope and values) and the item (question, reference and the response's final part as
the judge sees it). Sampling limits (max_tokens, timeout) are not part of it: a reply that
followed the contract is a verdict whatever limits produced it.

The store is one sqlite file (stdlib `sqlite3`): each verdict is committed in its own
transaction as it arrives, so a killed run keeps everything judged before the kill and an
interrupted write is rolled back by sqlite on the next open, never left half-written. Several
processes may share the file (sqlite's locks; write-ahead log where the file system allows it;
a writer waits up to BUSY_TIMEOUT for another's lock). Keep it on a local disk: sqlite's
locking is not reliable on network file systems, so ranks on several machines should each
have their own file.

Only verdicts are stored: a judge_error is not, so a rerun asks again. A row is trusted no
more than a reply: on a hit the stored reply is read again under the current contract, and a
row that does not decide the same way is a miss.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple

from star_cli.errors import UsageError
from star_cli.judge.config import JudgeConfig

KEY_VERSION = "star-judge-cache/1"
BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's lock
_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    key TEXT PRIMARY KEY,
    correct INTEGER NOT NULL,
    reply TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    model TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(config: JudgeConfig, question: str | None, reference: str, final: str) -> str:
    """The sha256 (hex) of everything that decides a verdict (module docstring)."""
    parts = [KEY_VERSION, config.model, config.prompt, config.pattern, config.scope,
             sorted(v.casefold() for v in config.correct),
             None if config.incorrect is None else sorted(v.casefold() for v in config.incorrect),
             question, reference, final]
    raw = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class Cached(NamedTuple):
    correct: bool
    reply: str
    prompt_tokens: int
    completion_tokens: int


class JudgeCache:
    """A sqlite file of verdicts; safe to share between threads and processes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = self._open()
                break
            except sqlite3.OperationalError as e:
                # Two processes opening a new file at once: switching it to WAL takes a lock
                # sqlite's busy timeout does not wait for ("database is locked" at once).
                if "locked" in str(e) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise self._unopened(e) from None
            except (OSError, sqlite3.Error) as e:
                raise self._unopened(e) from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT, isolation_level=None,
                             check_same_thread=False)
        try:
            # WAL lets readers go on while a writer commits; where the file system cannot
            # (no shared memory), sqlite keeps its rollback journal, which is as safe.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def _unopened(self, error: Exception) -> UsageError:
        return UsageError(f"judge cache {self.path}: cannot open it as a star judge cache "
                          f"({error}); remove it or name another file")

    def get_many(self, keys: list[str]) -> dict[str, Cached]:
        """The stored rows of `keys` that look sound (others are misses)."""
        out: dict[str, Cached] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for k in range(0, len(unique), 500):  # sqlite's bound on query parameters
                chunk = unique[k : k + 500]
                marks = ",".join("?" * len(chunk))
                try:
                    rows = self._db.execute(
                        "SELECT key, correct, reply, prompt_tokens, completion_tokens FROM "
                        f"verdicts WHERE key IN ({marks})", chunk).fetchall()
                except sqlite3.Error as e:
                    raise UsageError(f"judge cache {self.path}: cannot read it ({e})") from None
                for key, correct, reply, prompt, completion in rows:
                    if (correct in (0, 1) and isinstance(reply, str) and _count(prompt)
                            and _count(completion)):
                        out[key] = Cached(bool(correct), reply, prompt, completion)
        return out

    def put(self, key: str, correct: bool, reply: str, prompt_tokens: int,
            completion_tokens: int, model: str) -> None:
        """Store one verdict, committed at once (one transaction per verdict)."""
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (key, int(correct), reply, prompt_tokens, completion_tokens, model,
                     time.time()))
            except sqlite3.Error as e:
                raise UsageError(f"judge cache {self.path}: cannot write it ({e})") from None

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> JudgeCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
