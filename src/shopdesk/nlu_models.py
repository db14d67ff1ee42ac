"""Where the running bot's NLU model comes from: a shop's trained model, a cached build of the
built-in one, or a fresh build (then cached).

Training the built-in model takes several seconds; loading a saved one about one. The cache is
keyed by everything the model depends on (built-in data, order-number pattern, shopdesk's model
format and scikit-learn version, checked again by ``Pipeline.from_bytes``), so a stale file is
never used: it is rebuilt. Model files are pickles: only files shopdesk or the shop wrote are
ever loaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from shopdesk.nlu.embeddings import encode, forget_training
from shopdesk.nlu.pipeline import Pipeline, build_pipeline, builtin_hash
from shopdesk.settings import Settings

log = logging.getLogger("shopdesk.nlu")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shopdesk"


def _cache_file(cache_dir: Path, data_hash: str, pattern: str) -> Path:
    import sklearn

    key = hashlib.sha256(f"{data_hash}\x1f{pattern}\x1f{sklearn.__version__}".encode()).hexdigest()
    return cache_dir / f"nlu-builtin-{key[:20]}.bin"


def load_pipeline(settings: Settings) -> Pipeline:
    """The NLU pipeline for this shop, ready to answer (blocking: call it in a worker thread).

    The sentence encoder's weights are loaded here too, so the first shopper does not wait.
    """
    pipeline = _load_pipeline(settings)
    encode(["ready"])
    return pipeline


def _load_pipeline(settings: Settings) -> Pipeline:
    data_hash = builtin_hash()
    pattern = settings.order_number_pattern
    if settings.nlu_model_path is not None:
        try:
            return Pipeline.from_bytes(
                settings.nlu_model_path.read_bytes(),
                builtin_hash=data_hash,
                order_number_pattern=pattern,
            )
        except (OSError, ValueError) as exc:
            log.warning(
                "not using the model at %s (%s); using the built-in model",
                settings.nlu_model_path,
                exc,
            )
    cache_dir = settings.nlu_cache_dir or default_cache_dir()
    cached = _cache_file(cache_dir, data_hash, pattern)
    if cached.is_file():
        try:
            return Pipeline.from_bytes(
                cached.read_bytes(), builtin_hash=data_hash, order_number_pattern=pattern
            )
        except (OSError, ValueError) as exc:
            log.info("rebuilding the NLU model cache: %s", exc)
    pipeline = build_pipeline(pattern)
    forget_training()  # a server builds once: no need to keep the training embeddings
    _write_atomically(cached, pipeline.to_bytes())
    return pipeline


def _write_atomically(path: Path, data: bytes) -> None:
    """Several processes may start at once: each writes its own file and renames it in place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        Path(tmp.name).replace(path)
    except OSError as exc:
        log.info("could not cache the NLU model in %s: %s", path.parent, exc)
