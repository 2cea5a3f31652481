"""Everything star finds by the name a user types: tasks, checkers, filters, export formats,
engines and executors, each in a registry of one shape.

A name is looked up in three places, in this order:

1. names registered at run time (`register_task(MyTask)`: tests, notebooks, a user's script);
2. star's built-ins, written below as `"module:attribute"`, so that choosing one imports only
   its own module (`--task gsm8k` never imports the code task's sandbox);
3. entry points of installed packages in the registry's group (`star_cli.tasks`, ...; an
   entry point's name is the name users type), read once per process, the first time a name is
   not found in 1-2 or all names are listed (`--help`, an error).

So a plug-in is one module and one entry point (docs/extending.md, examples/plugin/), and a
built-in one module and one line in its table here. Help texts, errors ("unknown task 'x';
known: ...") and the docs' tables are built from `names()`.

This module is at the bottom of the package with `records`: it names other modules only as
strings and imports them only when a name is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from star_cli.errors import UsageError

T = TypeVar("T")

_ENTRY_POINTS: dict[str, dict[str, Any]] | None = None


def _entry_points(group: str) -> dict[str, Any]:
    """The entry points of `group`, by name. Every group is read in one scan of the installed
    distributions' metadata (the scan is the cost, not the group), once per process."""
    global _ENTRY_POINTS
    if _ENTRY_POINTS is None:
        from importlib.metadata import distributions

        found: dict[str, dict[str, Any]] = {}
        seen: set[str] = set()
        for dist in distributions():
            # The first of a distribution's copies on sys.path wins, as in entry_points().
            name = (dist.metadata["Name"] or "").lower().replace("-", "_")
            if name in seen:
                continue
            seen.add(name)
            for ep in dist.entry_points:
                if ep.group.startswith("star_cli."):
                    found.setdefault(ep.group, {}).setdefault(ep.name, ep)
        _ENTRY_POINTS = found
    return _ENTRY_POINTS.get(group, {})


def rescan() -> None:
    """Forget the entry points read so far (a package was installed while running)."""
    global _ENTRY_POINTS
    _ENTRY_POINTS = None
    for registry in REGISTRIES.values():
        registry._loaded = {k: v for k, v in registry._loaded.items()
                            if k in registry._registered}


class Registry(Generic[T]):
    """Names to objects of one kind (`kind`: "task", "checker", ...).

    `builtins` maps star's own names to `"module:attribute"`; `group` is the entry-point
    group of plug-ins; `base`, as `"module:Class"`, is the class every entry must be (a
    subclass of, or an instance of); `paths`: a name of the form `package.module:Attribute`
    may be given directly (engines: `--engine mypkg.engine:MyEngine`)."""

    def __init__(self, kind: str, group: str, builtins: dict[str, str], *,
                 base: str | None = None, paths: bool = False) -> None:
        self.kind = kind
        self.group = group
        self.builtins = dict(builtins)
        self.base = base
        self.paths = paths
        self._registered: dict[str, T] = {}
        self._loaded: dict[str, T] = {}

    # -- adding -------------------------------------------------------------------------
    def register(self, obj: Any = None, *, name: str | None = None) -> Any:
        """Add `obj` under `name` (default: its `name` attribute); a decorator when called
        with only `name=`. A registered name shadows a built-in or an entry point."""
        if obj is None:
            return lambda o: self.register(o, name=name)
        key = name or getattr(obj, "name", None)
        if not isinstance(key, str) or not key:
            raise ValueError(f"a {self.kind} needs a name: give name=, or a `name` attribute")
        self._registered[key] = self._checked(obj, key)
        self._loaded.pop(key, None)
        return obj

    def unregister(self, name: str) -> None:
        self._registered.pop(name, None)
        self._loaded.pop(name, None)

    # -- finding --------------------------------------------------------------------------
    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (
            name in self._registered or name in self.builtins or name in _entry_points(self.group)
        )

    def get(self, name: str) -> T:
        """The object called `name`; a UsageError (exit 2) listing the known names when there
        is none, or naming the module when it cannot be loaded."""
        if name in self._registered:
            return self._registered[name]
        if name in self._loaded:
            return self._loaded[name]
        if name in self.builtins:
            obj = self._load(self.builtins[name], name)
        elif (ep := _entry_points(self.group).get(name)) is not None:
            obj = self._load_entry_point(ep, name)
        elif self.paths and ":" in name:
            obj = self._load(name, name)
        else:
            raise self.unknown(name)
        self._loaded[name] = obj
        return obj

    def names(self) -> list[str]:
        """Every name: built-ins and registered ones first, in their order, then plug-ins',
        sorted (this reads the entry points)."""
        own = list(dict.fromkeys([*self.builtins, *self._registered]))
        return own + sorted(set(_entry_points(self.group)) - set(own))

    def builtin_names(self) -> list[str]:
        """star's own names and those registered at run time, without reading entry points."""
        return list(dict.fromkeys([*self.builtins, *self._registered]))

    def unknown(self, name: str, known: Iterable[str] | None = None) -> UsageError:
        listed = ", ".join(self.names() if known is None else known)
        extra = ", or package.module:Class" if self.paths else ""
        return UsageError(f"unknown {self.kind} {name!r}; known: {listed}{extra}")

    # -- loading --------------------------------------------------------------------------
    def _load(self, spec: str, name: str) -> T:
        module_name, _, attr = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as e:
            raise UsageError(f"{self.kind} {name!r}: cannot import {module_name!r} ({e})"
                             ) from None
        try:
            obj = module
            for part in attr.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            raise UsageError(f"{self.kind} {name!r}: module {module_name!r} has no {attr!r}"
                             ) from None
        return self._checked(obj, name)

    def _load_entry_point(self, ep: Any, name: str) -> T:
        where = f"entry point {ep.value!r} of group {self.group}"
        try:
            obj = ep.load()
        except Exception as e:  # a broken plug-in is the user's to fix, named, exit 2
            raise UsageError(f"{self.kind} {name!r} ({where}) cannot be loaded: "
                             f"{type(e).__name__}: {e}") from None
        return self._checked(obj, name, where)

    def _checked(self, obj: Any, name: str, where: str = "") -> T:
        if self.base is None:
            return obj
        module_name, _, attr = self.base.partition(":")
        base = getattr(importlib.import_module(module_name), attr)
        if (isinstance(obj, type) and issubclass(obj, base)) or isinstance(obj, base):
            return obj
        at = f" ({where})" if where else ""
        raise UsageError(f"{self.kind} {name!r}{at} is not a {module_name}.{attr}")


def registrar(registry: Registry[Any]) -> Callable[..., Any]:
    """`register_task` and its kin: `@register_task` on a class with a `name`, or
    `register_task(obj, name="x")`."""

    def register(obj: Any = None, *, name: str | None = None) -> Any:
        return registry.register(obj, name=name)

    register.__doc__ = f"Register a {registry.kind} under `name` (default: its `name`)."
    return register


# -- the registries and star's built-ins -------------------------------------------------------

TASKS: Registry[Any] = Registry("task", "star_cli.tasks", {
    "gsm8k": "star_cli.tasks.gsm8k:GSM8K",
    "math": "star_cli.tasks.math:Math",
    "csqa": "star_cli.tasks.csqa:CSQA",
    "addition": "star_cli.tasks.addition:Addition",
    "generic": "star_cli.tasks.generic:Generic",
    "code": "star_cli.tasks.code:Code",
    "gym": "star_cli.tasks.gym:Gym",
}, base="star_cli.tasks.base:Task")

CHECKERS: Registry[Any] = Registry("checker", "star_cli.checkers", {
    "numeric": "star_cli.answers.checker:NumericChecker",
    "math": "star_cli.answers.checker:MathChecker",
    "choice": "star_cli.answers.checker:ChoiceChecker",
    "exact": "star_cli.answers.checker:Checker",
    "addition-steps": "star_cli.answers.addition:AdditionStepsChecker",
    "code": "star_cli.checkers.code:CodeChecker",
    "gym": "star_cli.checkers.gym:GymChecker",
    "judge": "star_cli.checkers.judge:JudgeChecker",
}, base="star_cli.answers.checker:Checker")

FILTERS: Registry[Any] = Registry("filter", "star_cli.filters", {
    "judged": "star_cli.filters.quality:Judged",
    "correct": "star_cli.filters.quality:Correct",
    "require_marker": "star_cli.filters.quality:RequireMarker",
    "finished": "star_cli.filters.quality:Finished",
    "no_hint_leak": "star_cli.filters.quality:NoHintLeak",
    "length": "star_cli.filters.quality:Length",
    "single_answer": "star_cli.filters.quality:SingleAnswer",
    "pattern": "star_cli.filters.quality:Pattern",
    "decontaminate": "star_cli.filters.quality:Decontaminate",
    "finished_thought": "star_cli.filters.thinking:FinishedThought",
    "thinking_length": "star_cli.filters.thinking:ThinkingLength",
    "dedup_exact": "star_cli.filters.dedup:ExactDedup",
    "dedup_minhash": "star_cli.filters.dedup:MinHashDedup",
    "dedup_code": "star_cli.filters.code:CodeDedup",
    "diversity_equations": "star_cli.filters.diversity:Equations",
    "max_per_problem": "star_cli.filters.diversity:MaxPerProblem",
}, base="star_cli.filters.base:Step")

FORMATS: Registry[Any] = Registry("format", "star_cli.formats", {
    "traces": "star_cli.export.sft:Traces",
    "messages": "star_cli.export.sft:Messages",
    "prompt-completion": "star_cli.export.sft:PromptCompletion",
    "dpo": "star_cli.export.preference:DPO",
    "kto": "star_cli.export.preference:KTO",
    "step-labels": "star_cli.export.stepwise:StepLabels",
    "stepwise": "star_cli.export.stepwise:Stepwise",
    "first-error": "star_cli.export.stepwise:FirstError",
}, base="star_cli.export.base:Format")

ENGINES: Registry[Any] = Registry("engine", "star_cli.engines", {
    "vllm": "star_cli.engines.vllm:VLLMEngine",
    "openai": "star_cli.engines.openai:OpenAIEngine",
    "transformers": "star_cli.engines.transformers:TransformersEngine",
}, base="star_cli.engines.base:Engine", paths=True)

EXECUTORS: Registry[Any] = Registry("executor", "star_cli.executors", {
    "local": "star_cli.executors.local:LocalExecutor",
    "ray": "star_cli.executors.ray:RayExecutor",
}, base="star_cli.executors.base:Executor")

REGISTRIES: dict[str, Registry[Any]] = {
    r.kind: r for r in (TASKS, CHECKERS, FILTERS, FORMATS, ENGINES, EXECUTORS)
}



def make_checker(name: str, timeout: float | None = None, **options: Any) -> Any:
    """The checker registered as `name`, built with `options` (each checker takes the ones
    it knows: the deadline of its symbolic tier, a sandbox, a judge's server, ...). `A+B`
    (`math+judge`) is checker B after A: A's verdict where it decides, B's for the rest."""
    first, plus, last = name.rpartition("+")
    if plus and first:
        options["rule"] = checker_for(first, timeout)
        name = last
    cls = CHECKERS.get(name)
    return cls.from_options(**options) if timeout is None else \
        cls.from_options(timeout=timeout, **options)


def known_checker(name: str) -> None:
    """A UsageError (exit 2) unless `name` is a checker, a task, or `A+B` of those."""
    first, plus, last = name.rpartition("+")
    if plus and first:
        known_checker(first)
        CHECKERS.get(last)
    elif name not in CHECKERS and name not in TASKS:
        CHECKERS.get(name)


def checker_for(name: str, timeout: float | None = None, **options: Any) -> Any:
    """The checker a name stands for: a task's (its preset's checker; `check(gold, text,
    "gsm8k")` judges as `--task gsm8k` does) or a checker's own name."""
    if name in TASKS.builtin_names() or (name not in CHECKERS and name in TASKS):
        checker = TASKS.get(name)().checker
        if timeout is None or timeout == checker.timeout:
            return checker
        return checker.with_timeout(timeout)
    if name in CHECKERS or "+" in name:
        return make_checker(name, timeout, **options)
    raise UsageError(f"unknown task or checker {name!r}; tasks: {', '.join(TASKS.names())}; "
                     f"checkers: {', '.join(CHECKERS.names())}")


register_task = registrar(TASKS)
register_checker = registrar(CHECKERS)
register_filter = registrar(FILTERS)
register_format = registrar(FORMATS)
register_engine = registrar(ENGINES)
register_executor = registrar(EXECUTORS)

__all__ = ["CHECKERS", "ENGINES", "EXECUTORS", "FILTERS", "FORMATS", "REGISTRIES", "TASKS",
           "Registry", "checker_for", "known_checker", "make_checker", "register_checker",
           "register_engine", "register_executor", "register_filter", "register_format",
           "register_task", "rescan"]


def markdown(plugins: bool = False) -> str:
    """Every name of every kind, as the Markdown tables of docs/registry.md (each row: the
    name, where it lives, the first paragraph of its docstring); star's own names only, or
    with `plugins` those of the installed plug-ins too."""
    out = ["# What star has, by name", "",
           "Generated from the registries: `python -m star_cli.registry > docs/registry.md`",
           "(`--plugins`: with the installed plug-ins' names).", ""]
    for registry in REGISTRIES.values():
        out += [f"## {registry.kind.capitalize()}s (`{registry.group}`)", "",
                "| name | class | what it is |", "| --- | --- | --- |"]
        for name in registry.names() if plugins else registry.builtin_names():
            obj = registry.get(name)
            doc = " ".join((obj.__doc__ or "").strip().split("\n\n")[0].split())
            where = f"`{obj.__module__}.{obj.__qualname__}`"
            out.append(f"| `{name}` | {where} | {doc.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    print(markdown(plugins="--plugins" in sys.argv[1:]), end="")
