"""LLM answers through LangChain chat models (any OpenAI-compatible endpoint).

The model sees numbered passages with outlet and date and must cite each sentence with the
verbatim words it rests on; `bot.citations` checks every citation before the answer is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.citations import CANNOT_ANSWER, CheckedAnswer, check_answer
from bot.redact import redact
from vectorstore.errors import NewsbotError
from vectorstore.records import Hit

__all__ = ["LLMAnswerer", "LLMUnavailable", "chat_model"]

SYSTEM_PROMPT = f"""You answer questions about news reports using ONLY the numbered passages \
below. Never use anything you know from elsewhere.

Write at most four short sentences. End every sentence with its citation in the form \
[n: "exact words"], where n is the number of the passage and the exact words are copied \
character for character from that passage (5 to 25 words that support the sentence). A \
sentence may carry several citations.

If the passages do not contain the answer, reply with exactly {CANNOT_ANSWER} and nothing else."""

REWRITE_PROMPT = """Rewrite the user's last question so that it can be understood without the \
conversation: replace pronouns and references with what they refer to. Reply with the \
rewritten question only."""


class LLMUnavailable(NewsbotError):
    """The LLM endpoint failed, timed out, or answered with something unusable."""


def chat_model(base_url: str, model: str, api_key: str | None, *, timeout: float) -> Any:
    """A LangChain chat model for an OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp,
    Ollama); no retries, so a dead endpoint costs one timeout, not several."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=SecretStr(api_key or "not-needed"),  # local servers accept any key
        timeout=timeout,
        max_retries=0,
        temperature=0,
    )


def _passages_prompt(question: str, hits: Sequence[Hit]) -> str:
    blocks = []
    for number, hit in enumerate(hits, start=1):
        p = hit.passage
        about = ", ".join(
            x for x in (p.source, p.published.isoformat() if p.published else None) if x
        )
        head = f"[{number}] {p.title or 'Untitled'}" + (f" ({about})" if about else "")
        blocks.append(f"{head}\n{p.text}")
    return "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"


class LLMAnswerer:
    """Generates a cited answer and checks it; raises LLMUnavailable when the model fails."""

    def __init__(self, model: Any, *, name: str) -> None:
        self.model = model
        self.name = name

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        *,
        on_token: Callable[[str], None] | None = None,
    ) -> CheckedAnswer:
        messages = [("system", SYSTEM_PROMPT), ("human", _passages_prompt(question, hits))]
        reply = self._generate(messages, on_token)
        if not reply.strip():
            raise LLMUnavailable(f"the model {self.name!r} returned an empty answer")
        return check_answer(reply, [h.passage for h in hits])

    def rewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        """A standalone version of a follow-up question."""
        conversation = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:])
        messages = [
            ("system", REWRITE_PROMPT),
            ("human", f"{conversation}\nUser: {question}\n\nRewritten question:"),
        ]
        rewritten = self._generate(messages, None).strip().strip('"')
        return rewritten.splitlines()[0] if rewritten else question

    def _generate(
        self, messages: list[tuple[str, str]], on_token: Callable[[str], None] | None
    ) -> str:
        try:
            if on_token is None:
                return _text(self.model.invoke(messages).content)
            parts = []
            for chunk in self.model.stream(messages):
                token = _text(chunk.content)
                if token:
                    parts.append(token)
                    on_token(token)
            return "".join(parts)
        except NewsbotError:
            raise
        except Exception as exc:  # openai and httpx raise many types; all mean "unavailable"
            detail = redact(str(exc)).splitlines()[0] if str(exc) else exc.__class__.__name__
            raise LLMUnavailable(f"the LLM at {self.name} failed: {detail[:200]}") from exc


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content or "")
