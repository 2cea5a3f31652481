"""Hugging Face Hub names on a machine that may have no network: decide in seconds.

Left to themselves, `transformers` and `datasets` retry an unreachable Hub five times with
back-off (about 50 s, every warning printed twice) before failing. Before loading a name that
is not a local path, star decides how to load it:

- the Hub is offline (`HF_HUB_OFFLINE=1`): from the local cache only, or fail at once;
- the Hub's endpoint (`HF_ENDPOINT`, default https://huggingface.co) does not answer a TCP
  connection within `PROBE_TIMEOUT` seconds: from the local cache only, or fail at once;
- otherwise: the libraries' own way (download, or check the cached copy is current).

The failure is one line naming the model or dataset, where star looked, and what to do.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from urllib.parse import urlsplit

from star_cli.errors import EngineError

log = logging.getLogger("star_cli")

PROBE_TIMEOUT = 3.0
DEFAULT_ENDPOINT = "https://huggingface.co"
_TRUE = {"1", "on", "yes", "true"}
_probed: dict[str, bool] = {}


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def offline() -> bool:
    """HF_HUB_OFFLINE (or the older TRANSFORMERS_OFFLINE / HF_DATASETS_OFFLINE) is set, in
    the environment or in an already imported huggingface_hub."""
    if any(os.environ.get(v, "").strip().lower() in _TRUE
           for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE")):
        return True
    constants = sys.modules.get("huggingface_hub.constants")
    return bool(getattr(constants, "HF_HUB_OFFLINE", False))


def reachable(url: str | None = None, timeout: float = PROBE_TIMEOUT) -> bool:
    """Whether the Hub's endpoint accepts a TCP connection within `timeout` seconds (name
    resolution included: it runs in a thread, so a hanging DNS lookup cannot stall us)."""
    url = url or endpoint()
    if url in _probed:
        return _probed[url]
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, name="star-hub-probe", daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    _probed[url] = bool(result and result[0])
    return _probed[url]


def _cache_dir() -> str:
    constants = sys.modules.get("huggingface_hub.constants")
    cache = getattr(constants, "HF_HUB_CACHE", None)
    if cache:
        return str(cache)
    home = os.environ.get("HF_HOME") or os.path.join("~", ".cache", "huggingface")
    return os.environ.get("HF_HUB_CACHE") or os.path.join(os.path.expanduser(home), "hub")


def model_cached(name: str) -> bool:
    """Whether the Hub model `name` has a snapshot in the local cache (its config.json)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    try:
        found = try_to_load_from_cache(name, "config.json")
    except Exception:  # not a valid repo id, an unreadable cache: not usable either way
        return False
    return isinstance(found, str)


def resolve_hub_model(name: str) -> bool:
    """For a model name that is not a local path: True to load it from the cache only, False
    to let the libraries reach the Hub. Fails at once when neither can work."""
    cached = model_cached(name)
    if offline():
        if cached:
            return True
        raise EngineError(
            f"model {name!r} is neither a local path nor in the Hugging Face cache "
            f"({_cache_dir()}), and the Hub is offline (HF_HUB_OFFLINE=1): give a local model "
            "directory, or download the model where there is network"
        )
    if reachable():
        return False
    if cached:
        log.info("the Hub (%s) is unreachable: loading %s from the local cache", endpoint(), name)
        return True
    raise EngineError(
        f"model {name!r} is neither a local path nor in the Hugging Face cache "
        f"({_cache_dir()}), and the Hub ({endpoint()}) is unreachable: give a local model "
        "directory, or download the model where there is network (HF_HUB_OFFLINE=1 skips "
        "the Hub)"
    )


def prepare_dataset(name: str) -> str | None:
    """For `--dataset NAME`: None to let `datasets` reach the Hub, else why it must read the
    local cache only ("the Hub is offline ..." / "the Hub ... is unreachable"). An
    unreachable Hub switches the libraries to offline mode, so that they fail in a moment
    instead of retrying."""
    if offline():
        return "the Hub is offline (HF_HUB_OFFLINE=1)"
    if reachable():
        return None
    for var in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[var] = "1"
    # Already imported (a notebook, the test suite): their constants were read at import.
    for module, attr in (("huggingface_hub.constants", "HF_HUB_OFFLINE"),
                         ("datasets.config", "HF_HUB_OFFLINE"),
                         ("datasets.config", "HF_DATASETS_OFFLINE")):
        mod = sys.modules.get(module)
        if mod is not None and hasattr(mod, attr):
            setattr(mod, attr, True)
    return f"the Hub ({endpoint()}) is unreachable"


SMALL = 1 << 20  # files up to this size are hashed whole; larger ones by size and ends


def local_fingerprint(model: str) -> str | None:
    """A digest of a local model directory's files (None for a Hub name): names, sizes, the
    whole of each small file (config, tokenizer) and the first and last MiB of each large
    one (the weights). A resume into an OUT sampled from other weights under the same path
    is then refused; copying or re-downloading the same files keeps the digest."""
    import hashlib
    from pathlib import Path

    root = Path(os.path.expanduser(model))
    if not root.is_dir():
        return None
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".cache" not in p.parts):
        size = path.stat().st_size
        h.update(f"{path.relative_to(root)}\x1f{size}\n".encode("utf-8", "surrogatepass"))
        with path.open("rb") as f:
            if size <= SMALL:
                h.update(f.read())
            else:
                h.update(f.read(SMALL))
                f.seek(size - SMALL)
                h.update(f.read(SMALL))
    return h.hexdigest()[:32]
