"""The harness's own code, as it runs INSIDE the sandbox: harness.py appends a spec and a call
to `_star_main`. Standard library only, Python 3.8+ (a remote service may run another
Python), and few imports (each costs milliseconds on every check). The host reads this file
as text; it does not import it to check anything.

Two processes, so that nothing the candidate runs can reach what decides the verdict:

* H, this file: trusted. It reads the token (first line of stdin) before any candidate code
  exists, makes itself non-dumpable (other processes of its uid can then not read its
  memory, fds or environ through /proc or ptrace), deletes its own file (which holds the
  tests), and only then starts C. H runs the tests' own code: HumanEval's `check`, MBPP's
  asserts, the stdio comparisons. The candidate's return values come back to H as plain
  data (JSON with type tags) decoded into built-in types, so an object that claims to equal
  everything cannot cross, and assertions are evaluated in H, where the candidate cannot
  patch `assert`, builtins or the harness.
* C, a fresh `python -I -S` that never saw the token or the tests: it execs the candidate
  program and answers calls (function layouts), or it is the candidate program itself, run
  as __main__ once per case (stdio).

H prints on its own stdout, which C cannot reach, lines `TOKEN {json}`: "started" once
protected, then "done" with the counts after every test ran and every candidate process is
dead. The host believes only those lines.
"""

from __future__ import annotations

import os
import sys

TOKEN_MAX = 128
SEND_MAX = 16 << 20  # arguments over this are refused (replies: the output cap, see rpc)
KEEP_OUTPUT = 4096  # the first bytes of the candidate's output kept for the failure detail

# JSON without the json module (which imports re and enum: ~10 ms per interpreter). The C
# scanner of _json parses; strings are encoded by _json too. Falls back to json elsewhere.
CODEC = r'''
try:
    import _json
    def _no_constant(name):
        raise ValueError("not JSON: " + name)
    class _Ctx(object):
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_float = float
        parse_int = int
        memo = {}
        def __init__(self):
            self.parse_constant = _no_constant
    _scan = _json.make_scanner(_Ctx())
    _quote = _json.encode_basestring_ascii
    def loads(text):
        try:
            obj, end = _scan(text, 0)
        except StopIteration:
            raise ValueError("not JSON")
        if text[end:].strip():
            raise ValueError("not JSON: trailing data")
        return obj
except (ImportError, AttributeError):
    import json as _jsonmod
    _quote = _jsonmod.encoder.encode_basestring_ascii
    loads = _jsonmod.loads
def dumps(x):
    out = []
    _dump(x, out.append)
    return "".join(out)
def _dump(x, put):
    if x is None:
        put("null")
    elif x is True:
        put("true")
    elif x is False:
        put("false")
    elif type(x) is str:
        put(_quote(x))
    elif type(x) is int:
        put(int.__repr__(x))
    elif type(x) is float:
        if x != x or x in (float("inf"), float("-inf")):
            raise ValueError("float out of JSON range")
        put(float.__repr__(x))
    elif type(x) is list:
        put("[")
        for i, v in enumerate(x):
            if i:
                put(",")
            _dump(v, put)
        put("]")
    elif type(x) is dict:
        put("{")
        for i, (k, v) in enumerate(x.items()):
            if type(k) is not str:
                raise ValueError("JSON keys are strings")
            if i:
                put(",")
            put(_quote(k))
            put(":")
            _dump(v, put)
        put("}")
    else:
        raise ValueError("not JSON data: " + type(x).__name__)
'''

# C for the function layouts: load the program, then answer calls. argv: STUB rfd wfd.
CALL_STUB = CODEC + r'''
import builtins, os, sys, _sitebuiltins
builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")
R, W = int(sys.argv[1]), int(sys.argv[2])
REPLY_MAX = int(sys.argv[3])
refs = {}
def recv():
    head = b""
    while len(head) < 4:
        c = os.read(R, 4 - len(head))
        if not c:
            os._exit(0)
        head += c
    n = int.from_bytes(head, "big")
    chunks, got = [], 0
    while got < n:
        c = os.read(R, min(n - got, 1 << 20))
        if not c:
            os._exit(0)
        chunks.append(c)
        got += len(c)
    return loads(b"".join(chunks).decode("utf-8"))
def send(obj):
    data = dumps(obj).encode("utf-8")
    if len(data) > REPLY_MAX:
        data = dumps({"exc": "OverflowError", "msg": "return value over %d bytes" % REPLY_MAX,
                      "id": obj.get("id")}).encode()
    data = len(data).to_bytes(4, "big") + data
    v = memoryview(data)
    while v:
        v = v[os.write(W, v):]
def ref(x):
    refs[len(refs)] = x
    return {"$ref": len(refs) - 1, "type": type(x).__name__}
def enc(x, d=0):
    if d > 100:
        raise ValueError("nested too deep")
    d += 1
    if x is None or x is True or x is False:
        return x
    if isinstance(x, bool):
        return bool(x)
    if isinstance(x, int):
        x = int(x)
        return x if -(1 << 53) < x < (1 << 53) else {"$i": hex(x)}
    if isinstance(x, float):
        x = float(x)
        return x if x - x == 0 else {"$f": repr(x)}
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, list):
        return [enc(v, d) for v in x]
    if isinstance(x, tuple):
        return {"$t": [enc(v, d) for v in x]}
    if isinstance(x, dict):
        return {"$d": [[enc(k, d), enc(v, d)] for k, v in x.items()]}
    if isinstance(x, (set, frozenset)):
        return {"$fs" if isinstance(x, frozenset) else "$s": [enc(v, d) for v in x]}
    if isinstance(x, (bytes, bytearray)):
        return {"$ba" if isinstance(x, bytearray) else "$b": bytes(x).hex()}
    if isinstance(x, complex):
        return {"$c": [enc(x.real, d), enc(x.imag, d)]}
    if isinstance(x, range):
        return {"$r": [x.start, x.stop, x.step]}
    if type(x).__name__ == "deque":
        return {"$dq": [enc(v, d) for v in x]}
    if hasattr(type(x), "__next__") and hasattr(type(x), "__iter__"):
        items = []
        for v in x:
            items.append(enc(v, d))
            if len(items) > 1000000:
                raise ValueError("iterator too long")
        return {"$it": items}
    return ref(x)
def dec(x):
    if isinstance(x, list):
        return [dec(v) for v in x]
    if not isinstance(x, dict):
        return x
    tag, v = next(iter(x.items()))
    if tag == "$ref":
        return refs[v]
    if tag == "$fn":
        return g[v]
    if tag == "$i":
        return int(v, 16)
    if tag == "$f":
        return float(v)
    if tag == "$t":
        return tuple(dec(i) for i in v)
    if tag == "$d":
        return {dec(k): dec(i) for k, i in v}
    if tag == "$s":
        return {dec(i) for i in v}
    if tag == "$fs":
        return frozenset(dec(i) for i in v)
    if tag == "$b":
        return bytes.fromhex(v)
    if tag == "$ba":
        return bytearray.fromhex(v)
    if tag == "$c":
        return complex(dec(v[0]), dec(v[1]))
    if tag == "$r":
        return range(*v)
    if tag == "$dq":
        import collections
        return collections.deque(dec(i) for i in v)
    raise ValueError("unknown tag " + tag)
def failure(e):
    try:
        msg = str(e)[:500]
    except BaseException:
        msg = "?"
    return {"exc": type(e).__name__, "msg": msg}
def describe(name):
    if name not in g:
        return {"kind": "missing"}
    v = g[name]
    if type(v).__name__ == "module":
        return {"kind": "module", "module": str(getattr(v, "__name__", ""))}
    if callable(v):
        return {"kind": "callable"}
    try:
        return {"kind": "data", "value": enc(v)}
    except BaseException:
        return {"kind": "data", "value": ref(v)}
msg = recv()
g = {"__name__": "__candidate__", "__builtins__": builtins}
try:
    code = compile(msg["src"], "<candidate>", "exec")
except BaseException as e:
    send(dict(failure(e), load="syntax", id=msg.get("id")))
    os._exit(0)
try:
    exec(code, g)
except BaseException as e:
    send(dict(failure(e), load="error", id=msg.get("id")))
    os._exit(0)
send({"load": "ok", "id": msg.get("id"), "names": {n: describe(n) for n in msg["names"]}})
while True:
    msg = recv()
    try:
        op = msg["op"]
        target = refs[msg["ref"]] if "ref" in msg else g[msg["name"]]
        if op == "call":
            out = target(*dec(msg["args"]), **dec(msg["kw"]))
        elif op == "getattr":
            out = getattr(target, msg["attr"])
        elif op == "getitem":
            out = target[dec(msg["key"])]
        elif op == "str":
            out = str.__str__(str(target) if msg.get("how") == "str" else repr(target))
        elif op == "len":
            out = int(len(target))
        elif op == "iter":
            out = list(target)
        else:
            raise ValueError("unknown op")
        reply = {"ok": enc(out)}
    except BaseException as e:
        reply = failure(e)
    reply["id"] = msg.get("id")
    try:
        send(reply)
    except BaseException as e:
        send(dict(failure(e), id=msg.get("id")))
'''

# C for stdio: the candidate's file as __main__. argv: STUB path.
MAIN_STUB = r"""
import builtins, sys, types, _sitebuiltins
builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")
path = sys.argv[1]
sys.argv = [path]
with open(path, encoding="utf-8") as f:
    code = compile(f.read(), path, "exec")
main = types.ModuleType("__main__")
main.__file__ = path
main.__builtins__ = builtins
sys.modules["__main__"] = main
del f, path, builtins, types, _sitebuiltins
exec(code, main.__dict__)
"""

exec(CODEC)  # loads / dumps for H too


class _Stop(BaseException):
    """The harness's deadline: stop testing (BaseException, so test code cannot swallow it)."""


class CandidateDead(Exception):
    """C is gone (exited, killed, or broke the protocol)."""


class CandidateError(Exception):
    """An exception raised inside the candidate that is not a built-in one."""


class Unsendable(Exception):
    """An argument the tests pass that cannot cross to the candidate as data."""


def _star_main(spec_text: str) -> None:
    token = _read_token()
    if not token:
        os._exit(3)  # no token: the host never sees "started" and reports a sandbox failure

    def emit(obj: dict) -> None:
        data = ("\n" + token + " " + dumps(obj) + "\n").encode()  # noqa: F821 (from CODEC)
        view = memoryview(data)
        while view:
            view = view[os.write(1, view):]

    why = _protect()
    if why:
        emit({"error": why})
        os._exit(3)
    emit({"started": True})
    try:
        spec = loads(spec_text)  # noqa: F821 (from CODEC)
        result = Harness(spec).run()
    except BaseException as e:  # the harness's own failure: never a label
        emit({"error": f"harness: {type(e).__name__}: {str(e)[:500]}"})
        os._exit(3)
    emit(dict(result, done=True))
    os._exit(0)


def _read_token() -> str:
    data = b""
    while not data.endswith(b"\n") and len(data) <= TOKEN_MAX:
        try:
            c = os.read(0, 1)  # a byte at a time: nothing past the line is taken
        except OSError:
            return ""
        if not c:
            break
        data += c
    return data.decode("ascii", "replace").strip() if data.endswith(b"\n") else ""


def _protect() -> str | None:
    """Before any candidate code: no way back to the token or the tests from outside H."""
    import _signal

    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # Python's handler would raise in H
    try:
        if not sys.platform.startswith("linux"):
            raise OSError("not Linux")  # only `none` runs elsewhere, and it promises nothing
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE, 0
            return "harness: prctl(PR_SET_DUMPABLE) failed"
    except Exception as e:
        if sys.platform.startswith("linux"):
            return f"harness: cannot make itself non-dumpable ({type(e).__name__}: {e})"
    script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if script and os.path.isfile(script):
        try:
            os.unlink(script)
        except OSError as e:
            return f"harness: cannot delete its own file, which holds the tests ({e})"
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    here = os.path.dirname(script)
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) not in (here, os.getcwd())]
    return None


class Harness:
    """Runs one spec: the tests in this process, the candidate in C."""

    def __init__(self, spec: dict) -> None:
        import select  # noqa: F401 - every import H needs, now, before C exists
        import time

        self.spec = spec
        self.deadline = time.monotonic() + float(spec["budget"])
        self.cap = int(spec["cap"])
        self.own_ns = bool(spec.get("own_pidns")) and os.getpid() == 1
        self.python = sys.executable
        self.outcomes: list[str] = []
        self.first: str | None = None  # the first failure, for the detail
        self.reason: str | None = None
        self.pid: int | None = None  # C (function layouts)
        self.status: int | None = None  # C's exit code once reaped (-N: signal N)
        self.dead: str | None = None
        self.output = b""  # C's stdout+stderr, first bytes
        self.outlen = 0
        self.names: dict = {}
        self.req = self.rep = self.out = -1
        # Trusted code may import (the tests' `import math` inside check): now, while no
        # candidate process can have written a file that an import would read.
        for name in spec.get("preimport", []):
            try:  # noqa: SIM105 - contextlib would cost an import on every check
                __import__(name)
            except Exception:
                pass

    # -- results ---------------------------------------------------------------------------

    def record(self, index: int, outcome: str, what: str = "") -> None:
        while len(self.outcomes) <= index:
            self.outcomes.append("skipped")
        self.outcomes[index] = outcome
        if outcome not in ("ok", "skipped") and self.first is None:
            self.first = what
            self.reason = outcome

    def result(self, total: int) -> dict:
        while len(self.outcomes) < total:
            self.outcomes.append("skipped")
        passed = sum(o == "ok" for o in self.outcomes[:total])
        detail = self.first or ""
        out = self.output.decode("utf-8", "replace").strip()
        if detail and out:
            detail += " | output: " + " / ".join(out.splitlines()[:3])
        reason = "passed" if passed == total and total > 0 else (self.reason or "failed")
        return {"passed": passed, "total": total, "reason": reason, "detail": detail[:800],
                "outcomes": self.outcomes[:total]}

    def run(self) -> dict:
        try:
            if self.spec["layout"] == "stdio":
                return self.run_stdio()
            return self.run_calls()
        finally:
            self.cleanup()

    # -- processes -------------------------------------------------------------------------

    def left(self) -> float:
        import time

        return self.deadline - time.monotonic()

    def spawn(self, args: list[str], fds: dict[int, int]) -> int:
        """posix_spawn `python -I -S -c args...` in a new session with `fds` (target: source)
        as its only descriptors beyond what it opens itself (ours are all close-on-exec)."""
        actions = [(os.POSIX_SPAWN_DUP2, src, dst) for dst, src in sorted(fds.items())]
        return os.posix_spawn(self.python, [self.python, "-I", "-S", "-c", *args],
                              dict(os.environ), file_actions=actions, setsid=True)

    def reap(self, pid: int, block: bool) -> int | None:
        """The exit code of our child `pid` (-N for signal N), or None if still running."""
        try:
            got, status = os.waitpid(pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return -9
        if got == 0:
            return None
        if os.WIFSIGNALED(status):
            return -os.WTERMSIG(status)
        return os.WEXITSTATUS(status)

    def cleanup(self) -> None:
        """Every candidate process dies before H says anything."""
        if self.pid is not None and self.status is None:
            _killpg(self.pid)
            self.status = self.reap(self.pid, True)
        for fd in (self.req, self.rep, self.out):
            if fd >= 0:
                try:  # noqa: SIM105 - no contextlib import in the harness
                    os.close(fd)
                except OSError:
                    pass
        self.req = self.rep = self.out = -1
        if self.own_ns:
            self.wipe()

    def wipe(self) -> None:
        """PID 1 of our own namespace: kill every other process in it, and reap them (a
        zombie still counts against RLIMIT_NPROC). Never outside a namespace of our own."""
        try:  # noqa: SIM105
            os.kill(-1, 9)
        except OSError:
            pass
        while True:
            try:
                os.waitpid(-1, 0)
            except OSError:
                break

    # -- function layouts (HumanEval, MBPP) ------------------------------------------------

    def run_calls(self) -> dict:
        spec = self.spec
        ns: dict = {"__name__": "__star_tests__", "_star_Stop": _Stop}
        humaneval = spec["layout"] == "humaneval"
        if spec.get("setup"):  # HumanEval's prompt (its helpers), MBPP's test_setup_code
            exec(compile(spec["setup"], "<setup>", "exec"), ns)
        sources = spec["sources"]
        total = len(sources)
        if humaneval:
            exec(compile(spec["check"], "<tests>", "exec"), ns)
            if not callable(ns.get("check")):
                raise ValueError("the tests define no check(candidate)")
            tests = None
        else:
            tests = [compile(t, f"<test {i + 1}>", "exec") for i, t in enumerate(sources)]
        names = spec["names"]
        try:
            load = self.start_c(spec["program"], names)
        except CandidateDead as e:
            load = (self.dead or "crashed", f"the program ended while loading ({e})")
        except _Stop:
            load = ("timeout", f"timeout after {spec['budget']:.1f}s, while loading")
        if load is not None:
            self.record(0, load[0], load[1])
            return self.result(total)
        missing = self.bind(ns, names)
        if humaneval and spec["entry_point"] in missing:
            self.record(0, "failed", f"the program defines no {spec['entry_point']}()")
            return self.result(total)

        def record(k: int, e: BaseException | None) -> None:
            what = "" if e is None else \
                f"test {k + 1}/{total}: {_first_line(sources[k])}: {_exc_line(e)}"
            self.record(k, "ok" if e is None else self.category(e), what)

        ns["_star_record"] = record
        try:
            if tests is None:
                try:
                    ns["check"](ns[spec["entry_point"]])
                except _Stop:
                    raise
                except BaseException as e:  # a statement of check() that asserts nothing
                    k = len([o for o in self.outcomes if o != "skipped"])
                    self.record(min(k, total - 1), self.category(e), "check(): " + _exc_line(e))
            else:
                for i, t in enumerate(tests):
                    try:
                        exec(t, ns)
                    except _Stop:
                        raise
                    except BaseException as e:
                        record(i, e)
                    else:
                        record(i, None)
        except _Stop:
            k = len([o for o in self.outcomes if o != "skipped"])
            self.record(min(k, total - 1), "timeout", f"timeout after {spec['budget']:.1f}s")
        return self.result(total)

    def category(self, e: BaseException) -> str:
        if isinstance(e, _Stop):
            return "timeout"
        if isinstance(e, CandidateDead):
            return self.dead or "crashed"
        remote = getattr(e, "remote", "")
        if remote == "MemoryError" or isinstance(e, MemoryError):
            return "memory"
        if remote == "SystemExit":
            return "crashed"
        return "failed"

    def start_c(self, program: str, names: list[str]):
        """Start C and load the program: None when loaded, else (outcome, detail)."""
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        out_r, out_w = os.pipe()
        null = os.open(os.devnull, os.O_RDONLY)
        base = max(req_r, req_w, rep_r, rep_w, out_r, out_w, null) + 1
        try:
            self.pid = self.spawn([CALL_STUB, str(base), str(base + 1), str(self.cap)],
                                  {0: null, 1: out_w, 2: out_w, base: req_r, base + 1: rep_w})
        finally:
            for fd in (req_r, rep_w, out_w, null):
                os.close(fd)
        self.req, self.rep, self.out = req_w, rep_r, out_r
        for fd in (req_w, rep_r, out_r):
            os.set_blocking(fd, False)
        reply = self.rpc({"src": program, "names": names})
        load = reply.get("load")
        if load == "ok" and isinstance(reply.get("names"), dict):
            self.names = reply["names"]
            return None
        if load == "syntax":
            return "syntax_error", f"{reply.get('exc')}: {reply.get('msg')}"
        if load == "error":
            e = _remote(reply)
            return self.category(e), "the program raised while loading: " + _exc_line(e)
        self.kill_c("crashed")
        raise CandidateDead("unreadable load reply")

    def bind(self, ns: dict, names: list[str]) -> list[str]:
        """The names the tests use, into their namespace: proxies for the candidate's
        functions, decoded data for its values, H's own import for a module."""
        missing = []
        for name in names:
            d = self.names.get(name)
            kind = d.get("kind") if isinstance(d, dict) else "missing"
            if kind == "callable":
                ns[name] = Remote(self, None, name)
            elif kind == "data":
                try:
                    ns[name] = self.decode(d.get("value"))
                except Exception:
                    missing.append(name)
            elif kind == "module" or (kind == "missing" and _is_stdlib(name)):
                modname = d.get("module") if kind == "module" else name
                if isinstance(modname, str) and _is_stdlib(modname.split(".")[0]):
                    try:
                        __import__(modname)
                        ns[name] = sys.modules[modname]
                        continue
                    except Exception:
                        pass
                missing.append(name)
            else:
                missing.append(name)
        return missing

    def rpc(self, msg: dict) -> dict:
        """One request to C and its reply. Raises CandidateDead, or _Stop at the deadline."""
        import select

        if self.dead:
            raise CandidateDead("the program is no longer running")
        # A fresh nonce per request: a reply written ahead of time (the candidate can write
        # to its end of the pipe) cannot answer a request it has not seen.
        nonce = os.urandom(8).hex()
        data = dumps(dict(msg, id=nonce)).encode("utf-8")  # noqa: F821 (from CODEC)
        if len(data) > SEND_MAX:
            raise Unsendable(f"arguments over {SEND_MAX} bytes")
        view = memoryview(len(data).to_bytes(4, "big") + data)
        poll = select.poll()
        poll.register(self.req, select.POLLOUT)
        poll.register(self.rep, select.POLLIN)
        if self.out >= 0:
            poll.register(self.out, select.POLLIN)
        head, body, need, got = b"", [], -1, 0
        while True:
            left = self.left()
            if left <= 0:
                self.kill_c("timeout")
                raise _Stop()
            events = poll.poll(min(left, 1.0) * 1000)
            for fd, _ in events:
                if fd == self.req:
                    try:
                        view = view[os.write(fd, view):]
                    except BlockingIOError:
                        continue
                    except OSError:
                        view = memoryview(b"")
                    if not view:
                        poll.unregister(fd)
                elif fd == self.out:
                    if not self.drain():
                        poll.unregister(fd)
                        os.close(self.out)
                        self.out = -1
                elif fd == self.rep:
                    try:
                        chunk = os.read(fd, 1 << 20)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        self.died()
                    if need < 0:
                        head += chunk
                        if len(head) < 4:
                            continue
                        need = int.from_bytes(head[:4], "big")
                        # Replies are held to the output cap: a huge reply would grow
                        # into many times its size in H's memory as Python objects.
                        if need > self.cap + 4096:
                            self.kill_c("crashed")
                            raise CandidateDead("reply too large")
                        chunk = head[4:]
                    body.append(chunk)
                    got += len(chunk)
                    if got < need:
                        continue
                    if got > need:  # one reply per request, nothing more
                        self.kill_c("crashed")
                        raise CandidateDead("protocol broken")
                    try:
                        reply = loads(b"".join(body).decode("utf-8"))  # noqa: F821
                    except Exception:
                        reply = None
                    if not isinstance(reply, dict) or reply.pop("id", None) != nonce:
                        self.kill_c("crashed")
                        raise CandidateDead("protocol broken")
                    return reply
            if not events and self.reap_c() is not None:
                self.died()

    def reap_c(self) -> int | None:
        if self.status is None and self.pid is not None:
            self.status = self.reap(self.pid, False)
        return self.status

    def drain(self) -> bool:
        """Read C's output; False once it is closed (EOF, or we stop a flood: closing our end
        makes the candidate's next write fail)."""
        try:
            chunk = os.read(self.out, 1 << 16)
        except BlockingIOError:
            return True
        self.outlen += len(chunk)
        if len(self.output) < KEEP_OUTPUT:
            self.output += chunk[:KEEP_OUTPUT - len(self.output)]
        if chunk and self.outlen > self.cap:
            self.output += f"\n[output over {self.cap} bytes]".encode()
            return False
        return bool(chunk)

    def died(self) -> None:
        """C closed its reply pipe: it ended, or soon will. The reason is its status
        (SIGXCPU, or SIGKILL at the hard limit: the CPU limit)."""
        import time

        end = time.monotonic() + 0.5
        while self.reap_c() is None and time.monotonic() < end:
            time.sleep(0.005)
        if self.status is None:  # it closed the pipe and lives on: done for all the same
            _killpg(self.pid)
            self.status = self.reap(self.pid, True)
            self.dead = "crashed"
            raise CandidateDead("the program closed its end of the harness's pipe")
        code = self.status
        self.dead = "timeout" if code in (-24, -9) else "crashed"
        desc = f"exit {code}" if code is None or code >= 0 else _signame(-code)
        raise CandidateDead(f"the program ended ({desc})")

    def kill_c(self, why: str) -> None:
        self.dead = why
        if self.pid is not None:
            _killpg(self.pid)

    def decode(self, x: object, depth: int = 0) -> object:
        """Plain data from C into built-in types; anything unexpected is an error."""
        if depth > 120:
            raise ValueError("reply nested too deep")
        d = depth + 1
        if x is None or isinstance(x, (bool, int, float, str)):
            return x
        if isinstance(x, list):
            return [self.decode(v, d) for v in x]
        if not isinstance(x, dict):
            raise ValueError("bad reply")
        keys = [k for k in x if k != "type"]
        if len(keys) != 1:
            raise ValueError("bad reply")
        tag, v = keys[0], x[keys[0]]
        if tag == "$ref" and type(v) is int:
            return Remote(self, v, str(x.get("type", "object"))[:80])
        if tag == "$i" and isinstance(v, str):
            return int(v, 16)
        if tag == "$f" and v in ("nan", "inf", "-inf"):
            return float(v)
        if tag in ("$t", "$s", "$fs", "$dq", "$it") and isinstance(v, list):
            items = [self.decode(i, d) for i in v]
            if tag == "$dq":
                import collections

                return collections.deque(items)
            return {"$t": tuple, "$s": set, "$fs": frozenset, "$it": iter}[tag](items)
        if tag == "$d" and isinstance(v, list):
            return {self.decode(k, d): self.decode(i, d) for k, i in v}
        if tag in ("$b", "$ba") and isinstance(v, str):
            return bytes.fromhex(v) if tag == "$b" else bytearray.fromhex(v)
        if tag == "$c" and isinstance(v, list) and len(v) == 2:
            re_, im = self.decode(v[0], d), self.decode(v[1], d)
            if type(re_) is not float and type(re_) is not int or \
                    type(im) is not float and type(im) is not int:
                raise ValueError("bad complex")
            return complex(re_, im)
        if tag == "$r" and isinstance(v, list) and all(type(i) is int for i in v):
            return range(*v)
        raise ValueError("bad reply tag")

    def encode(self, x: object, depth: int = 0) -> object:
        """Arguments from the tests to C: only data, and C's own objects, can cross."""
        if depth > 100:
            raise Unsendable("argument nested too deep")
        d = depth + 1
        t = type(x)
        if x is None or t is bool or t is str:
            return x
        if t is int:
            return x if -(1 << 53) < x < (1 << 53) else {"$i": hex(x)}
        if t is float:
            return x if x - x == 0 else {"$f": repr(x)}
        if t is list:
            return [self.encode(v, d) for v in x]
        if t is tuple or isinstance(x, tuple):  # a namedtuple of the tests crosses as a tuple
            return {"$t": [self.encode(v, d) for v in x]}
        if t is dict:
            return {"$d": [[self.encode(k, d), self.encode(v, d)] for k, v in x.items()]}
        if t is set or t is frozenset:
            return {"$s" if t is set else "$fs": [self.encode(v, d) for v in x]}
        if t is bytes or t is bytearray:
            return {"$b" if t is bytes else "$ba": bytes(x).hex()}
        if t is complex:
            return {"$c": [self.encode(x.real, d), self.encode(x.imag, d)]}
        if t is range:
            return {"$r": [x.start, x.stop, x.step]}
        if t.__name__ == "deque" and t.__module__ == "collections":
            return {"$dq": [self.encode(v, d) for v in x]}
        if t is Remote:
            return {"$fn": x._name} if x._ref is None else {"$ref": x._ref}
        raise Unsendable(f"cannot pass a {t.__name__} to the candidate (only plain data "
                         "crosses)")

    def call(self, msg: dict) -> object:
        reply = self.rpc(msg)
        if "ok" in reply:
            try:
                return self.decode(reply["ok"])
            except (ValueError, TypeError, RecursionError) as e:
                raise CandidateError(f"unreadable return value ({e})") from None
        raise _remote(reply)

    # -- stdio ------------------------------------------------------------------------------

    def run_stdio(self) -> dict:
        cases = self.spec["cases"]
        total = len(cases)
        where = os.path.join(os.getcwd() if os.access(os.getcwd(), os.W_OK) else "/tmp",
                             "star-" + os.urandom(6).hex())
        os.mkdir(where, 0o755)
        path = os.path.join(where, "main.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.spec["program"])
        for i, (given, expected) in enumerate(cases):
            if self.left() <= 0:
                self.record(i, "timeout", f"case {i + 1}/{total}: no time left")
                break
            outcome, what = self.one_case(path, given, expected, first=i == 0)
            self.record(i, outcome, f"case {i + 1}/{total}: {what}")
            if outcome == "timeout":
                break
        return self.result(total)

    def one_case(self, path: str, given: str, expected: str, first: bool) -> tuple[str, str]:
        import select

        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            pid = self.spawn([MAIN_STUB, path], {0: in_r, 1: out_w, 2: err_w})
        except OSError as e:
            for fd in (in_r, in_w, out_r, out_w, err_r, err_w):
                os.close(fd)
            if first:
                raise  # before any candidate ran: ours
            return "crashed", f"cannot start the program ({e})"
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        data = memoryview(given.encode("utf-8"))
        out, err = bytearray(), bytearray()
        poll = select.poll()
        open_fds = {out_r, err_r}
        for fd in (in_w, out_r, err_r):
            os.set_blocking(fd, False)
        poll.register(out_r, select.POLLIN)
        poll.register(err_r, select.POLLIN)
        if data:
            poll.register(in_w, select.POLLOUT)
        else:
            os.close(in_w)
            in_w = -1
        verdict = None
        code = None
        try:
            while open_fds:
                left = self.left()
                if left <= 0:
                    verdict = ("timeout", "timeout")
                    break
                events = poll.poll(min(left, 1.0) * 1000)
                for fd, _ in events:
                    if fd == in_w:
                        try:
                            data = data[os.write(fd, data[:65536]):]
                        except BlockingIOError:
                            continue
                        except OSError:
                            data = memoryview(b"")
                        if not data:
                            poll.unregister(fd)
                            os.close(fd)
                            in_w = -1
                        continue
                    try:
                        chunk = os.read(fd, 65536)
                    except BlockingIOError:
                        continue
                    if not chunk:
                        poll.unregister(fd)
                        open_fds.discard(fd)
                    elif fd == out_r:
                        if len(out) + len(chunk) > self.cap:
                            verdict = ("failed", f"output over {self.cap} bytes")
                            break
                        out += chunk
                    else:
                        err += chunk[:max(KEEP_OUTPUT - len(err), 0)]
                if verdict:
                    break
                if not events:
                    code = self.reap(pid, False)
                    if code is not None:
                        break  # exited; a child it left may hold the pipes: stop reading
        finally:
            _killpg(pid)
            for fd in (in_w, out_r, err_r):
                if fd >= 0:
                    os.close(fd)
            if code is None:
                code = self.reap(pid, True)
            if self.own_ns:
                self.wipe()
        if verdict:
            return verdict
        tail = err.decode("utf-8", "replace").strip().splitlines()
        last = tail[-1] if tail else ""
        if code is not None and code < 0:
            if code in (-24, -9):  # SIGXCPU, then SIGKILL at the hard limit
                return "timeout", "CPU time limit"
            return "crashed", _signame(-code)
        if code:
            kind = "memory" if last.startswith("MemoryError") else "failed"
            return kind, f"exit {code}: {last[:300]}"
        got = out.decode("utf-8", "replace")
        if _normalise(got) == _normalise(expected):
            return "ok", ""
        return "failed", f"expected {_clip(expected)!r}, got {_clip(got)!r}"


class Remote:
    """A function or object that lives in C. Calling it is a request; comparing it is by
    identity only (C could answer anything), so only data from C can pass an assert."""

    __slots__ = ("_h", "_ref", "_name")

    def __init__(self, h: Harness, ref: int | None, name: str) -> None:
        self._h, self._ref, self._name = h, ref, name

    def _msg(self, op: str, **kw: object) -> dict:
        target = {"ref": self._ref} if self._ref is not None else {"name": self._name}
        return dict(target, op=op, **kw)

    def __call__(self, *args: object, **kw: object) -> object:
        h = self._h
        return h.call(self._msg("call", args=h.encode(list(args)), kw=h.encode(dict(kw))))

    def __getattr__(self, attr: str) -> object:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return self._h.call(self._msg("getattr", attr=attr))

    def __getitem__(self, key: object) -> object:
        return self._h.call(self._msg("getitem", key=self._h.encode(key)))

    def __len__(self) -> int:
        n = self._h.call(self._msg("len"))
        if type(n) is not int:
            raise TypeError("len() of the candidate's object is not an int")
        return n

    def __iter__(self):
        items = self._h.call(self._msg("iter"))
        if type(items) is not list:
            raise TypeError("not iterable")
        return iter(items)

    def __str__(self) -> str:
        s = self._h.call(self._msg("str", how="str"))
        return s if type(s) is str else "<candidate object>"

    def __repr__(self) -> str:
        try:
            s = self._h.call(self._msg("str", how="repr"))
        except Exception:
            s = None
        return s if type(s) is str else f"<candidate {self._name}>"


def _remote(reply: dict) -> BaseException:
    """The candidate's exception as one H can raise: the built-in class of that name when
    there is one (tests may expect ValueError), else CandidateError; `remote` keeps the name."""
    import builtins

    name = str(reply.get("exc", "Exception"))[:100]
    msg = str(reply.get("msg", ""))[:500]
    cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = CandidateError
        msg = f"{name}: {msg}" if msg else name
    try:
        e = cls(msg)
    except Exception:
        e = CandidateError(f"{name}: {msg}")
    e.remote = name  # type: ignore[attr-defined]
    return e


def _is_stdlib(name: str) -> bool:
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return name in names
    return name in sys.builtin_module_names or name in (
        "math", "re", "collections", "itertools", "functools", "heapq", "bisect", "string",
        "random", "statistics", "operator", "copy", "decimal", "fractions", "datetime",
        "cmath", "array", "typing", "json", "hashlib", "time")


def _killpg(pid: int) -> None:
    try:  # noqa: SIM105 - no contextlib import in the harness
        os.killpg(pid, 9)
    except OSError:
        pass


def _signame(n: int) -> str:
    names = {6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM", 24: "SIGXCPU",
             25: "SIGXFSZ", 7: "SIGBUS", 8: "SIGFPE", 4: "SIGILL"}
    return names.get(n, f"signal {n}")


def _first_line(src: str) -> str:
    return (src.strip().splitlines() or [""])[0][:200]


def _exc_line(e: BaseException | None) -> str:
    if e is None:
        return ""
    msg = str(e).strip().splitlines()
    name = getattr(e, "remote", None) or type(e).__name__
    return f"{name}: {msg[0][:300]}" if msg else name


def _clip(text: str, n: int = 200) -> str:
    return text if len(text) <= n else text[:n] + "..."


def _normalise(text: str) -> list[list[str]]:
    """APPS / LiveCodeBench: surrounding blank lines go, then each line is compared as its
    whitespace-separated tokens."""
    return [line.split() for line in text.strip().splitlines()]
