"""Engines: one small interface, a registry, and the built-in backends (loaded lazily)."""

from star_cli.engines.base import Completion, Engine, Request, Sampling
from star_cli.engines.registry import available, register, resolve, unregister

__all__ = ["Completion", "Engine", "Request", "Sampling", "available", "register", "resolve",
           "unregister"]
