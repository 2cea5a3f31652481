"""star's version, on its own so that writers (manifests, cards) read it without importing the
package's public API."""

__version__ = "0.1.0"
