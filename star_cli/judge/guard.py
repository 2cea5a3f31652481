"""The guard: a response with no final answer never reaches the judge.

LLM judges say Yes to ":" or "Let's solve this step by step." most of the time ("One Token
to Fool LLM-as-a-Judge", arXiv 2507.08794), so such responses are `no_answer` before any
judge sees them. The rule (`no_answer_reason`), on the response's final part (after any
thought, cut before any run-on into a next question):

1. `empty`: nothing but whitespace.
2. `punctuation`: no letter, digit or value symbol (`∅`, `∞`, `π`) of any script.
3. `opener`: nothing beyond opening words -- every word is on the list of words that
   introduce an answer without giving one (`solution`, `let's`, `step`, `think`, `answer`,
   `thought`, `process`, `the`, `is`, ... and their Spanish, French, German, Portuguese,
   Italian, Russian, Chinese, Japanese and Korean counterparts), once phrases such as
   "step 1", "I'll", "paso a paso" are taken out. Single letters, numbers, `yes`/`no` and
   every other word count as content, so "42", "B", "Paris" and "No" are answers.
4. `restatement`: every content word is a word of the question, and they make up all of the
   question's distinct content words (two or more), or at least half and four at the least: the
   response only copies the question. "5 is larger" to "Which is larger, 3 or 5?" is short
   of that.
5. `empty_statement`: star's extraction (answers/extract.py: `The answer is`, `####`,
   `Answer:`, `\\boxed{}`, else the last sentence's value) finds a final-answer statement
   that holds only opener words or punctuation (`Answer: Let's see.`, `\\boxed{:}`).

Everything else has a final answer as far as the guard can tell, and goes to the judge. The
guard is a filter for degenerate responses, not a second grader: a wrong answer, a hedge or a
truncated derivation with content is the judge's to reject (`star judge-eval`'s battery
measures how often it does).
"""

from __future__ import annotations

import re
from functools import lru_cache

from star_cli.answers.extract import first_of, judged_part
from star_cli.answers.thinking import ThinkingOptions

EXTRACTORS = ("answer_is", "hashes", "answer_colon", "boxed", "fallback")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_VALUES = "∅∞πℵℝℕℤℚℂ√"
# A word of any script (letters and digits; `_` is no content), a CJK character or a value
# symbol on its own. Hangul words are cut into syllables too, which the phrase list allows for.
_TOKEN = re.compile(rf"[{_CJK}]|[{_VALUES}]|[^\W_{_CJK}]+")

# Words that introduce an answer without giving one. Deliberately no single letters (a choice
# "A" or "I"), no numbers, no yes/no/true/false/none, and no word that is a short answer on
# its own in ordinary questions (up, down, in, out, first, here, now).
_OPENER_WORDS = """
let lets s us we our me my you your it its this that these those the an of to by for and
with from about into is are be been being will would shall need needs should must can could
how so okay ok sure well alright hmm therefore thus hence follows following follow as below
given carefully careful systematically methodically clearly detailed step steps solve solving
solved solution solutions answer answers final problem problems question questions think
thinking thought thoughts process reasoning reason explanation explain explaining analysis
analyze analyse analyzing calculate calculating calculation compute computing work working
begin beginning start starting approach method understand understanding break look task
response attempt try determine find finding figure take wait firstly see
information details

respuesta respuestas solución solucion soluciones paso pasos resolvamos resolver vamos
pensemos razonamiento explicación explicacion el la los las del por problema pregunta
réponse reponse étape etape étapes etapes résolvons resolvons résoudre resoudre raisonnement
explication le les des du par pour et problème probleme
lösung losung loesung antwort schritt schritte lösen losen lass lassen uns denken wir die der
das und für fur zu erklärung erklarung aufgabe
resposta solução solucao passo passos resolver vamos pensar raciocínio raciocinio explicação
explicacao problema pergunta
risposta soluzione passaggio passaggi risolviamo risolvere ragionamento spiegazione
ответ решение решим давайте шаг шаги пошагово рассуждение объяснение задача задачу вопрос
"""
OPENER_WORDS = frozenset(_OPENER_WORDS.split())
OPENER_WORDS |= frozenset("解答问题步骤首先过程思考分析让我们来地的这个逐步一说明")

# Phrases taken out before the words are read (lower case): those whose words include
# content words elsewhere ("step 1" holds a number, "paso a paso" an "a"), and CJK openers,
# whose characters are not separated by spaces.
_OPENER_PHRASES = (
    # LaTeX that dresses a value but is none: `\\boxed{}` alone states nothing.
    r"\\(?:boxed|fbox|text|textbf|textit|mathrm|mathbf|mbox|left|right|displaystyle|quad"
    r"|qquad|begin|end|item)\b",
    r"\b(?:step|paso|étape|etape|schritt|passo|шаг)\s*\d+\b", r"\bstep[- ]by[- ]step\b",
    r"\bbreak\s+(?:it|this|that|the\s+problem)?\s*down\b",
    r"\b(?:work|figure)\s+(?:it|this|that)?\s*out\b", r"^\s*first(?:ly)?\b(?=\s*,)",
    r"\bhere(?:'s|’s|\s+is|\s+are|\s+goes)\b",
    "一步一步", "解决", "答案", "这个问题", "过程如下", "如下",
    r"\bi(?:'|’)(?:ll|m|d|ve)\b", r"\bi\s+(?:will|shall|am|need|would|can|must|should)\b",
    r"\bpaso a paso\b", r"\bpasso a passo\b", r"\bétape par étape\b", r"\bschritt für schritt\b",
    r"\bшаг за шагом\b", r"\ba\s+(?:look|step|solution|moment)\b",
    "かいせつ", "解説", "答え", "回答", "解答", "ステップバイステップ", "ステップ",
    "考えましょう", "考えます", "解きましょう", "解きます", "問題", "まず", "では",
    "풀이", "정답", "해설", "단계별로", "단계", "해결", "문제", "답", "생각해", "봅시다",
    "해 보겠습니다", "보겠습니다",
)
_PHRASES = re.compile("|".join(_OPENER_PHRASES))

RESTATEMENT_SHARE = 0.5  # of the question's distinct content words a copy must cover
RESTATEMENT_LEAST = 4  # content words a copy must hold at the least


def final_part(response: str, thinking: ThinkingOptions | None = None) -> str | None:
    """The part of `response` a judge should see: after the thought (read as `thinking`
    says; default: a thought where a `<think>` tag occurs), cut before any run-on into a next
    question. None when the thought never closed: there is no answer to judge."""
    options = thinking or ThinkingOptions()
    thought = options.split(response)
    if thought.unfinished:
        return None
    text, _ = judged_part(thought.answer_part(response))
    return text.strip()


def content_words(text: str) -> list[str]:
    """The words of `text` (lower case) that are not opener words."""
    lowered = _PHRASES.sub(" ", text.lower())
    return [w for w in _TOKEN.findall(lowered) if w not in OPENER_WORDS]


@lru_cache(maxsize=256)
def _question_words(question: str) -> frozenset[str]:
    # A problem's samples share one question: read it once.
    return frozenset(content_words(question))


def restates(words: list[str], question: str | None) -> bool:
    """Whether content words `words` only copy the question (rule 4)."""
    if not question or not words:
        return False
    asked = _question_words(question)
    said = set(words)
    if not asked or not said <= asked:
        return False
    # All of a short question's words is a copy too ("What is the capital of France?"), from
    # two words up: "5" to "Is it 5?" may be meant as an answer.
    if said == asked and len(said) >= 2:
        return True
    return len(said) >= max(RESTATEMENT_LEAST, RESTATEMENT_SHARE * len(asked))


def no_answer_reason(final: str | None, question: str | None = None) -> str | None:
    """Why `final` (a response's final part) states no answer, by the module's rules; None
    when it may state one. None for `final` is an unfinished thought."""
    if final is None:
        return "unfinished_thought"
    if not final.strip():
        return "empty"
    words = content_words(final)
    if not words:
        has_value = _TOKEN.search(final.lower()) is not None
        return "opener" if has_value else "punctuation"
    if restates(words, question):
        return "restatement"
    found = first_of(final, EXTRACTORS)
    if found is not None and not content_words(found.text):
        return "empty_statement"
    return None


def has_final_answer(response: str, question: str | None = None,
                     thinking: ThinkingOptions | None = None) -> bool:
    """Whether `response` states a final answer a judge may see (module docstring)."""
    return no_answer_reason(final_part(response, thinking), question) is None
