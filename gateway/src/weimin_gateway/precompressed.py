"""Choosing a precompressed copy of a built file: the SPA's build writes `<file>.br` and
`<file>.gz` beside each hashed asset, compressed once at the highest levels, so the gateway
never compresses at request time and sends the smallest copy the browser accepts.
"""

from pathlib import Path

# Best first: brotli is 10-15 % smaller than gzip on the app's scripts and styles.
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str | None) -> dict[str, float]:
    """`Accept-Encoding` as {coding: q}; a coding listed with q=0 is refused, `*` stands for
    every coding not named."""
    accepted: dict[str, float] = {}
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        accepted[coding] = quality
    return accepted


def choose_precompressed(file: Path, accept_encoding: str | None) -> tuple[Path, str] | None:
    """The best existing compressed copy of `file` the client accepts, with its coding;
    None means send the file as it is."""
    accepted = accepted_encodings(accept_encoding)
    wildcard = accepted.get("*", 0.0)
    best: tuple[float, Path, str] | None = None
    for coding, suffix in ENCODINGS:
        quality = accepted.get(coding, wildcard)
        if quality <= 0:
            continue
        candidate = file.with_name(file.name + suffix)
        if candidate.is_file() and (best is None or quality > best[0]):
            best = (quality, candidate, coding)
    return (best[1], best[2]) if best else None


def has_precompressed(file: Path) -> bool:
    return any(file.with_name(file.name + suffix).is_file() for _, suffix in ENCODINGS)
