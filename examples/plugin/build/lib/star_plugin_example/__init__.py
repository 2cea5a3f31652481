"""An example star plug-in (docs/extending.md): one module per thing it adds."""
