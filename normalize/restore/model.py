"""The Restorer: syllable inventory + OCR channel + trigram LM, built once and cached on disk.

The channel counts ship in ``data/channel.json`` (made at development time by render+OCR). The LM is
built from packaged text on first use (a few seconds) and pickled under ``$KEHOACH_CACHE`` (default
``~/.cache/kehoach``); the cache name carries a hash of every input, so a changed corpus or channel
rebuilds it rather than loading a stale model.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from ..vietnamese import strip_accents
from . import corpus
from .channel import Channel
from .inventory import is_syllable, packaged_syllables
from .lm import TrigramLM, build_lm
from .tokens import WORD, sentence_symbols, tokenize
from .window import WindowModel, build_window

MODEL_VERSION = 4
CHANNEL_PATH = corpus.DATA / "channel.json"
SEED_PATH = corpus.DATA / "confusions_seed.json"
# Sentence weights: the domain text and lexicon describe the documents we restore; news text and word
# lists give general coverage.
W_DOMAIN, W_LEXICON, W_GENERAL = 1, 1, 1  # 4/4/1 was best with 3k domain words; with 14k, 1/1/1 on the dev split


def cache_dir() -> Path:
    return Path(os.environ.get("KEHOACH_CACHE") or Path.home() / ".cache" / "kehoach")


class Restorer:
    """Everything the decoder needs; picklable."""

    def __init__(self, lm: TrigramLM, syllables: frozenset[str], channel_table: dict, meta: dict):
        self.lm = lm
        self.syllables = syllables
        self.channel_table = channel_table
        self.meta = meta
        self.pair_index: dict = {}
        self.window: WindowModel | None = None
        self._setup()

    def _setup(self) -> None:
        seed = json.loads(SEED_PATH.read_text(encoding="utf-8")) if SEED_PATH.exists() else None
        # eng: the damage restoration undoes; vie: near identity, for text that is already right.
        self.channels = {
            "eng": Channel(self.channel_table, self.syllables, seed, "eng"),
            "vie": Channel(self.channel_table, self.syllables, None, "vie"),
        }
        self.channel = self.channels["eng"]
        by_key: dict[str, list[str]] = defaultdict(list)
        for s in self.syllables:
            by_key[strip_accents(s)].append(s)
        self.by_key = dict(by_key)
        self._strip_cache: dict[str, list[tuple[str, float]]] = {}
        self._cand_cache: dict = dict(getattr(self, "cand_table", None) or {})

    def precompute(self) -> None:
        """Candidates of every foreseeable token, computed once at build time and pickled, so decoding
        new text is mostly dict lookups: the inventory syllables (correct or partly damaged words), their
        accent-stripped forms, the OCR tokens of the channel's pairs (frequent and rarer damage) and the likeliest
        OCR outputs of every syllable the LM knows (damage the pairs did not happen to show)."""
        from .decode import word_candidates

        eng = self.channels["eng"]
        keys = set(self.syllables) | set(self.by_key) | set(eng.tokens) | set(eng.seen)
        keys.update(o for s in self.syllables if s in self.lm.ids for o in eng.likely_outputs(s))
        table = {("eng", o): word_candidates(o, self, "eng") for o in sorted(keys)}
        table.update({("strip", o): word_candidates(o, self, "strip") for o in sorted(self.by_key)})
        self.cand_table = table
        self._cand_cache = dict(table)

    def __getstate__(self):
        return {"lm": self.lm.to_state(), "syllables": sorted(self.syllables), "channel_table": self.channel_table,
                "meta": self.meta, "pair_index": self.pair_index, "cand_table": getattr(self, "cand_table", {}),
                "window": self.window.to_state() if self.window else None}

    def __setstate__(self, state):
        self.lm = TrigramLM.from_state(state["lm"])
        self.syllables = frozenset(state["syllables"])
        self.channel_table = state["channel_table"]
        self.meta = state["meta"]
        self.pair_index = state.get("pair_index", {})
        self.window = WindowModel.from_state(state["window"]) if state.get("window") else None
        self.cand_table = state.get("cand_table") or {}
        self._setup()
        # The model is ~200k long-lived containers (candidate table, pair index) with no reference
        # cycles; left in the collected generations, every full collection during decoding walks them
        # again (a 24k-syllable text: 57k -> 67-72k syll/s with them frozen). Freezing moves everything
        # alive now to the permanent generation: nothing here is freed by cyclic GC anyway, and a model
        # dropped later is still freed by reference counting.
        gc.freeze()

    def strip_candidates(self, o: str) -> list[tuple[str, float]]:
        """Accent-stripped input: every syllable with the same bare letters costs nothing (uniform
        channel); the English-model channel still offers its readings ("pang" -> "đảng") at its price."""
        hit = self._strip_cache.get(o)
        if hit is None:
            cand = dict(self.channels["eng"].candidates(o))
            for s in self.by_key.get(o, ()):
                cand[s] = 0.0
            hit = sorted(cand.items(), key=lambda x: -x[1])
            self._strip_cache[o] = hit
        return hit


def _read_channel() -> dict:
    if CHANNEL_PATH.exists():
        return json.loads(CHANNEL_PATH.read_text(encoding="utf-8"))
    return {"version": 0, "units": {}, "tokens": {}}


def _corpus_files(corpus_dirs: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for d in corpus_dirs:
        p = Path(d)
        files += sorted(p.rglob("*.txt")) + sorted(p.rglob("*.md")) if p.is_dir() else [p]
    return files


def _inputs_hash(extra_files: list[Path]) -> str:
    h = hashlib.sha1(f"v{MODEL_VERSION}".encode())
    h.update(_CODE_HASH.encode())
    for p in [*corpus.data_files(), CHANNEL_PATH, SEED_PATH, *extra_files]:
        if p.exists():
            h.update(str(p).encode())
            h.update(p.read_bytes())
    base = corpus._underthesea_dir()
    h.update(str(base).encode())
    return h.hexdigest()[:12]


def _code_hash() -> str:
    """The builder's source as imported: a changed tokeniser or LM must not load a stale pickle, and a
    process still running old code must not file its model under the new code's name."""
    h = hashlib.sha1()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()


_CODE_HASH = _code_hash()


def _user_paragraphs(files: list[Path]) -> list[str]:
    out = []
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        out += [corpus.clean(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return out


def make_restorer(corpus_dirs: Iterable[str] = ()) -> Restorer:
    t0 = time.time()
    files = _corpus_files(corpus_dirs)
    user = _user_paragraphs(files)
    domain, lexicon = corpus.domain_paragraphs(), corpus.lexicon_phrases()
    general = corpus.vlsp_sentences() + corpus.viet74k_words() + corpus.address_names()
    sentences = (
        [(sentence_symbols(t), W_DOMAIN) for t in domain + user]
        + [(sentence_symbols(t), W_LEXICON) for t in lexicon]
        + [(sentence_symbols(t), W_GENERAL) for t in general]
    )
    lm = build_lm(sentences)
    pair_index = _pair_index(sentences)
    syllables = set(packaged_syllables())
    for t in user:
        for tok in tokenize(t):
            w = tok.text.lower()
            if tok.kind == WORD and is_syllable(w):
                syllables.add(w)
    meta = {"version": MODEL_VERSION, "built_s": round(time.time() - t0, 2), "user_files": len(files),
            "vocab": lm.V, "trigrams": len(lm.p3), "bigrams": len(lm.p2)}
    model = Restorer(lm, frozenset(syllables), _read_channel(), meta)
    model.pair_index = pair_index
    model.window = build_window((syms for syms, _ in sentences), lm.ids)
    t1 = time.time()
    model.precompute()
    meta["precomputed"] = len(model.cand_table)
    meta["precompute_s"] = round(time.time() - t1, 2)
    meta["built_s"] = round(time.time() - t0, 2)
    return model


def _pair_index(sentences, per_key: int = 3) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Frequent syllable bigrams by their accent-stripped form ("ho" -> "tro" -> [("hỗ", "trợ")]).

    Candidates are pruned to a few per token before decoding; a rare syllable of a common pair ("hỗ" in
    "hỗ trợ") would be cut on its own, so the decoder re-adds the members of known pairs. Nested by
    first key so that the decoder looks up a pair without building a string."""
    from collections import Counter

    counts: Counter = Counter()
    for syms, w in sentences:
        for a, b in zip(syms, syms[1:]):
            if a.isalpha() and b.isalpha():
                counts[(a, b)] += w
    by_key: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(dict)
    for (a, b), n in counts.most_common():
        if n < 2:
            break
        lst = by_key[strip_accents(a)].setdefault(strip_accents(b), [])
        if len(lst) < per_key:
            lst.append((a, b))
    return dict(by_key)


def default_path(corpus_dirs: Iterable[str] = ()) -> Path:
    return cache_dir() / f"restore-{_inputs_hash(_corpus_files(corpus_dirs))}.pkl"


def build_model(corpus_dirs: Iterable[str] = (), out: str | None = None) -> str:
    """Build the model (optionally with the user's clean corpus) and write it; returns the path."""
    corpus_dirs = list(corpus_dirs)
    path = Path(out) if out else default_path(corpus_dirs)
    model = make_restorer(corpus_dirs)
    _atomic_write(path, lambda fh: pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL))
    if not out and corpus_dirs:
        # Make the user's model the one load_model() finds.
        _atomic_write(cache_dir() / "restore-user.txt", lambda fh: fh.write(str(path).encode()))
    if not out:
        _drop_stale_models(path)
    return str(path)


STALE_AFTER_S = 600


def _drop_stale_models(keep: Path) -> None:
    """Remove the other models in the cache (each is ~20 MB, and a new corpus or code version makes a new
    one): earlier default models and earlier user builds alike. The model ``restore-user.txt`` names
    stays, and so does anything written in the last ten minutes, which a process of another version may be
    building or about to load."""
    pointer = cache_dir() / "restore-user.txt"
    user = pointer.read_text().strip() if pointer.exists() else ""
    now = time.time()
    for p in keep.parent.glob("restore-*.pkl"):
        if p == keep or str(p) == user:
            continue
        try:
            if now - p.stat().st_mtime > STALE_AFTER_S:
                p.unlink()
        except OSError:
            pass


def _atomic_write(path: Path, write) -> None:
    """Write through a temp file private to this process, then os.replace: several worker processes may
    build the same cache file at once (a shared ``.tmp`` name let one worker rename another's file away,
    which surfaced as FileNotFoundError under ``-j 4``)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the cache is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_LOADED: dict[str, Restorer] = {}


def load_model(path: str | None = None) -> Restorer:
    """The Restorer at ``path``, else the user-built one, else the packaged default (built if missing)."""
    if path is None:
        pointer = cache_dir() / "restore-user.txt"
        if pointer.exists() and Path(pointer.read_text().strip()).exists():
            path = pointer.read_text().strip()
    key = path or str(default_path())
    hit = _LOADED.get(key)
    if hit is not None:
        return hit
    p = Path(key)
    if not p.exists():
        if path is not None:
            raise FileNotFoundError(f"no restoration model at {path}; build one with `kehoach lm build`")
        build_model()
    with open(p, "rb") as fh:
        model = pickle.load(fh)
    _LOADED[key] = model
    return model
