"""The plain baseline the issue asks us to beat: fixed 300-character windows of each document's
cleaned text, BM25 over jieba tokens (simplified characters) only, the top window as the answer,
no clause cited, never refusing."""
from __future__ import annotations

import bm25s
import jieba

import indexer

WINDOW = 300


class Baseline:
    def __init__(self) -> None:
        self.windows: list[tuple[str, str]] = []
        for info in indexer.load_catalogue():
            # The same cleaned text our indexer starts from, so the comparison is about structure,
            # fusion and answering, not about reading the files.
            text = indexer.document_text(info.id)
            for start in range(0, len(text), WINDOW):
                self.windows.append((info.id, text[start : start + WINDOW]))
        self.bm25 = bm25s.BM25()
        self.bm25.index([self._tok(t) for _, t in self.windows], show_progress=False)

    @staticmethod
    def _tok(text: str) -> list[str]:
        return [t for t in jieba.lcut(indexer.for_matching(text)) if t.strip()] or [""]

    def ask(self, question: str, k: int = 8) -> dict:
        scores = self.bm25.get_scores(self._tok(question))
        order = scores.argsort()[::-1][:k]
        retrieved = [
            {"doc": self.windows[i][0], "title": "", "clause": "", "text": self.windows[i][1], "score": float(scores[i])}
            for i in order
        ]
        return {"question": question, "answer": retrieved[0]["text"], "abstained": False,
                "citations": retrieved[:1], "retrieved": retrieved}
