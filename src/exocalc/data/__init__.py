"""The dataset: `read` reads one file safely, `load` merges files in layers (overlays,
EXOCALC_DATA) and validates them into `model`'s types, `check` checks what types cannot
(cross references), `cache` keeps a validated dataset as data between runs."""
