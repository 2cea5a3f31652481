"""Multiple-choice answers: find which lettered choice an answer names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from star_cli.answers.extract import Extraction, final_statement
from star_cli.answers.numeric import parse_number
from star_cli.records import Choice

_PAREN = re.compile(r"[(\[]\s*([A-Za-z])\s*[)\]]")  # "(B)", "[B]"
# ("選項C", "选项 C", "보기 D입니다": CJK words before it, a Korean copula glued after it)
_NAMED = re.compile(r"(?:\b(?:option|choice)\s+|(?:選項|选项|選択肢|选择|보기|옵션|선택지)\s*)\(?"
                    r"([A-Za-z])(?![A-Za-z0-9])", re.IGNORECASE)
_TEXT_PAREN = re.compile(r"\\text\{\s*\(?\s*([A-Za-z])\s*\)?\s*\}")
_BARE = re.compile(r"^\s*([A-Za-z])\s*(?:[).:]|$)")  # "B", "b)", "C." but not "a library"
_DASHED = re.compile(r"\s*([A-Za-z])\s+[-–—]\s")  # "A – 3.0 x 10^8 m/s": a letter, a dash, its text
# "D, 1/2", "D) none of the above"
_LETTER_THEN_TEXT = re.compile(r"^\s*\(?([A-Za-z])(?:\)|\s*[,:.)\-–—])?\s*(?<=[\s,:.)\-–—])(.+)$")
# A letter after the words other languages put before it: "a alternativa B", "la opción C",
# "la I", "la **C**", "die Antwort B", "विकल्प B" (Hindi: option B); "B です" (Japanese: "is
# B"), "C（火星）です" (the choice's text in brackets), "A입니다" (Korean).
_FOREIGN_LABEL = re.compile(
    r"(?:(?:a|o|la|el|le|l'|il|die|der|das)\s+)?(?:(?:alternativa|opci[oó]n|op[cç][aã]o|letra"
    r"|respuesta|resposta|r[ée]ponse|choix|opzione|scelta|risposta|antwort|option|variante"
    r"|विकल्प)\s+)?[*_]{0,2}\(?([A-Z])\)?[*_]{0,2}(?:\s*[（(]([^()（）]{1,40})[)）])?(?:\s*(?:です|だ|입니다|이다))?[.。]?",
    re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


# A letter picked in a closing sentence: "I choose B", "The correct option is B", "Correct
# option: B", "I'd go with B", "So, B", "Therefore: B", "B is the correct answer", "It is B".
# An upper-case letter only (a lower-case one is a word or a variable), and not the article
# "A" before a noun ("A bank is ...").
_NOT_ARTICLE = r"(?![\w'’])(?!\s+(?!(?:because|since|as|or|and|over|instead|is)\b)[a-z])"
_PICKED = re.compile(
    r"(?i:\b(?:pick|picks|picked|choose|chooses|chose|select|selects|selected|go\s+with"
    r"|going\s+with|opt\s+for|answer|answer\s+to|option|choice|final|suggests|points\s+to"
    r"|leaves|leaving|(?:stay|stays|staying|stick|sticks|sticking|stand|standing)\s+(?:with|by)"
    r"|(?:settle|settles|settled|settling|land|lands|landed|landing)\s+on"
    r"|answer\s+here)(?:\s+(?:is|would\s+be|must\s+be"
    r"|should\s+be|will\s+be|remains|stays|stands(?:\s+as)?))?\s*[:—–-]?\s*)"
    r"[*_]{0,2}\(?(?P<a>[A-Z])\)?" + _NOT_ARTICLE +
    r"|(?:^|[,;:]\s*)(?i:(?:so|thus|therefore|hence|then|and|but)\s*[,:]?\s*)?\(?(?P<b>[A-Z])\)?"
    r"(?i:\s+it\s+is)?\s*[.!]?$"
    r"|(?:^|[,;:]\s*)(?i:(?:so|thus|therefore|hence|and|but)\s*[,:]?\s*)?\(?(?P<c>[A-Z])\)?"
    r"(?:\s+\([^()]{1,80}\))?\s+"  # its text: "A (get a license) is right"
    r"(?i:(?:is|would\s+be)\s+(?:the\s+)?(?:correct|right|best|better|answer)\b"
    r"|(?:is|would\s+be)\s+the\s+closest\b(?!\s+to\b))"
    # the one that fits, after letters weighed: "..., but D fits better.", "..., but only D
    # really fits."
    r"|[,;]\s*(?i:but\s+)(?:(?i:only\s+)\(?(?P<e>[A-Z])\)?\s+(?i:(?:really\s+|truly\s+)?"
    r"(?:fits|works))|\(?(?P<f>[A-Z])\)?\s+(?i:(?:fits|works)\s+(?:best|better)))(?=\s*[.!:])"
    r"|(?i:\b(?:it's|it\s+is|is))\s+\(?(?P<d>[A-Z])\)?(?:\s*[.!]?$|,?\s+(?i:since|because)\b)")
# More letters right after a picked one: "I choose B and D", "I pick B or C" name several.
_MORE_LETTERS = re.compile(
    r"\)?(?:\s*(?:[,&/+]|(?i:and|or|then|also|both)\b))+\s*\(?[A-Z]\)?(?![\w'’])")


# A letter right before a picked one: "B, C", "B or C" name several.
_LETTER_BEFORE = re.compile(r"(?<![\w'’])\(?[A-Z]\)?\s*(?:[,&/+]|\b(?:and|or)\b)\s*(?:"
                            r"(?i:so|thus|then|and|but)\s*[,:]?\s*)?\(?\Z")


def _picked(answer: str, labels: set[str] | None) -> list[tuple[str, int, int]]:
    """(label, start, end) of each letter a closing sentence picks, in order; a question
    ("I choose B?") picks nothing."""
    found: list[tuple[str, int, int]] = []
    if "?" in answer:
        return found
    for m in _PICKED.finditer(answer):
        group = next(g for g in "abcdef" if m.group(g))
        if (labels is None or m.group(group) in labels) and not _set_aside(answer, m):
            found.append((m.group(group), m.start(group), m.end(group)))
    return found


# A pick its clause sets aside: "I was going to settle on B, but C fits better", "Many
# people would go for B, but ...", "At first I picked B; however ...".
_SET_ASIDE_LEAD = re.compile(r"\b(?:(?:was|were)\s+(?:going|about|tempted|inclined)\s+to"
                             r"|would|could|might|almost|nearly|at\s+first|initially)\b",
                             re.IGNORECASE)
_SET_ASIDE_BY = re.compile(r"\)?\s*(?:,\s*but|;\s*(?:but|however))\b", re.IGNORECASE)


def _set_aside(answer: str, m: re.Match[str]) -> bool:
    clause = max(answer.rfind(stop, 0, m.start()) for stop in (". ", "; ", "! ", "? ", "\n"))
    return _SET_ASIDE_BY.match(answer, m.end()) is not None and _SET_ASIDE_LEAD.search(
        answer, clause + 1, m.start()) is not None


# Words that announce a pick, ending the text before it ("Weighing these, the best answer
# is", "... the best answer is **", "the answer is (", "So I'll go with"): cut off, at the
# token limit, before it picked.
_ANNOUNCED = re.compile(
    r"(?:\b(?:answer|option|choice)(?:\s+(?:is|would\s+be|must\s+be|should\s+be|will\s+be)"
    r"|\s*[:—–-])|\b(?:pick|choose|select|go\s+with|going\s+with|opt\s+for))"
    r"\s*[*_(\[\"'“]*\s*\Z", re.IGNORECASE)


def announces_pick_at_end(text: str) -> bool:
    """Whether `text` ends with words that announce its pick, and no pick after them."""
    return _ANNOUNCED.search(text, max(0, len(text) - 60)) is not None


def picks(sentence: str) -> bool:
    """Whether a sentence picks a choice by its letter (`_PICKED`)."""
    return _PICKED.search(sentence) is not None

_SPACES = re.compile(r"\s+")

def _norm(s: str) -> str:
    return _SPACES.sub(" ", s.strip().lower().rstrip("."))


# A choice picked by its words in a sentence ("river seems like the better fit.", "I'd go with
# the garage, since ...", "the best answer is a bank."): the words after a verb of picking, up to
# the clause's end, or the subject of a verdict that ends its clause (not "... the better fit
# for swimming, but ...", "..., specifically a cabinet"). The words must be one choice's text.
_TEXT_PICK = re.compile(
    r"\b(?:go(?:ing)?\s+with|choose|pick|select|(?:answer|choice|option)\s+(?:is|would\s+be))"
    r"\s+(?P<after>[^.,;:!?\n]{1,40})"
    r"|(?P<before>[^.,;:!?\n]{1,40}?)\s+(?:(?:seems|looks|sounds)\s+(?:like\s+)?|is\s+)"
    r"(?:the\s+|a\s+)?(?:better|best|most\s+likely|likeliest|right|correct)\s+"
    r"(?:fit|answer|choice|option|one)\b(?=\s*(?:here|overall|for\s+(?:this|the)\s+question)?"
    r"\s*(?:[.!]|,\s*(?:since|because|as)\b|\Z))", re.IGNORECASE)
# Words around a choice's text that leave it the pick: "but river", "I think the garage".
_AROUND_WORDS = re.compile(r"^(?:(?:but|and|so|then|i\s+think|i'd\s+say|i\s+would\s+say)\s+)*"
                           r"(?:(?:a|an|the)\s+)?", re.IGNORECASE)
# A sentence whose pick is denied, supposed or compared ("I wouldn't choose the library", "If
# you pick the river, ...", "Neither the bank nor ...", "a better fit than the lake"): no pick.
_NO_PICK = re.compile(r"n['’]t\b|\b(?:not|never|neither|nor|if|unless|than|rather)\b",
                      re.IGNORECASE)


def text_pick(sentence: str, choices: Sequence[Choice]) -> str | None:
    """The label of the choice `sentence` picks by its words (`_TEXT_PICK`), or None. Where one
    choice's text holds another's ("grocery store", "store"), the longer is named."""
    if (m := _TEXT_PICK.search(sentence)) is None or _NO_PICK.search(sentence):
        return None
    said = _norm(m.group("after") if m.group("after") is not None else m.group("before"))
    said = _AROUND_WORDS.sub("", said.strip("*_\"'“”() ")).strip("*_\"'“”() ")
    named = {c.label.strip().upper() for c in choices if _norm(c.text) == said}
    return named.pop() if len(named) == 1 else None


# A letter, a comma and words in a script other than the choices' ("E，动物园", "A, 奥古斯都",
# "E，因为开车需要驾照"): the pick, then its text or reason in the completion's language.
_LETTER_THEN_OTHER_SCRIPT = re.compile(r"\(?([A-Za-z])\)?\s*[,，、:：]\s*[^\x00-\x7f][^\n]{0,200}")


# Cyrillic and Greek capitals written alike with a choice's Latin letter (a model answering in
# Russian or Greek writes its own script's letter), read as that letter in a lone label. Not
# Cyrillic В and Е: Russian lists options А, Б, В, Г, Д, Е, where В is the third and Е the sixth.
_LOOKALIKES = str.maketrans("АСНКМОРТХΑΒΕΗΚΜΝΟΡΤΧ", "ACHKMOPTXABEHKMNOPTX")


_EMPHASIS_AFTER_LETTER = re.compile(r"\A(\(?[A-Za-z]\)?)(?:\*\*|__)(?=\s)")


def choice_label(answer: str, choices: Sequence[Choice] | None) -> str | None:
    """The label (upper case) that `answer` picks, or None.

    Accepts `(b)`, `B`, `b)`, `\\text{(B)}`, `(e) blotter`, `B library`, and the choice text
    alone (with or without an article). An article is never read as the letter A.
    """
    labels = {c.label.upper() for c in choices} if choices else None
    answer = answer.strip().strip("*`\"'“”‘’").strip()
    if answer[1:3] in ("**", "__", ")*"):
        answer = _EMPHASIS_AFTER_LETTER.sub(r"\1", answer)  # "**C** — bank"
    if answer[:1] in _ARROWS or answer[:2] in ("=>", "->"):
        answer = answer.lstrip("→⇒⟹=->").strip().strip("*`\"'“”‘’").strip()  # "→ **B**"
    if choices and ("ption" in answer or "hoice" in answer) and (
            m := _NUMBER_PICK.fullmatch(answer)) is not None and (
            label := _numbered(_count(m.group(1) or m.group(2)), choices)) is not None:
        return label  # "Option 2 is the right one.": the options counted in order
    if len(answer) <= 3 and not answer.isascii():
        answer = answer.translate(_LOOKALIKES)  # "Ответ: С": a Cyrillic letter that is C
    for pattern in (_PAREN, _TEXT_PAREN, _NAMED):
        m = pattern.search(answer)
        if m and (labels is None or m.group(1).upper() in labels):
            return m.group(1).upper()
    if choices:
        named = by_text(answer, choices)
        if named is not None:
            return named
    m = _BARE.search(answer)
    if m and (labels is None or m.group(1).upper() in labels):
        return m.group(1).upper()
    if choices and (label := _letter_with_text(answer, choices)) is not None:
        return label
    if labels and (m := _FOREIGN_LABEL.fullmatch(answer)) and m.group(1).upper() in labels \
            and (m.group(1).isupper() or m.group(0) != m.group(1)) and not _other_in_brackets(
                m.group(2), m.group(1).upper(), choices):
        return m.group(1).upper()
    if labels and (m := _LETTER_THEN_OTHER_SCRIPT.fullmatch(answer)) and (
            m.group(1).upper() in labels):
        return m.group(1).upper()  # "E，动物园": the letter, its text in another language
    picked = _picked(answer, labels)
    if picked:
        return picked[-1][0]
    if choices and (m := _ORDINAL_PICK.search(answer) or _ORDINAL_ALONE.fullmatch(answer)
                    or _ORDINAL_SUBJECT.fullmatch(answer)) and (
            k := _ORDINALS.index(m.group(1).lower())) < len(choices):
        return choices[k].label.upper()  # "I'd go with the second option."
    return None


# A sentence that picks an option by its number, and does nothing else: "Option 2 is the
# right one.", "I choose option 2.", "The answer is choice #3." (not "Option 2 looks right
# at first, but ...").
_NUMBER_PICK = re.compile(
    r"\W*(?:(?:i\s+(?:would\s+)?(?:choose|pick|select|go\s+with)|i'd\s+(?:choose|pick|go\s+with)"
    r"|(?:so\s+)?the\s+(?:answer|correct\s+choice|right\s+choice)\s+is)\s+(?:the\s+)?(?:option"
    r"|choice)\s*#?\s*([1-9]|one|two|three|four|five)"
    r"|(?:the\s+)?(?:option|choice)\s*#?\s*([1-9]|one|two|three|four|five)\s+is\s+(?:the\s+)?"
    r"(?:correct|right|best)(?:\s+(?:one|answer|option|choice))?)\W*", re.IGNORECASE)
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# (not a bare "Option 2": a line of a list of the options as often as a pick)
# A pick by the option's place: "I'd go with the second option", "the answer is the third one".
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")
_ORDINAL = "(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
# ... and the place said first: "So the second option is the correct one."
_ORDINAL_PICK = re.compile(
    r"\b(?:go(?:ing)?\s+with|choose|chose|pick|select|answer\s+is|(?:correct|right|best)\s+"
    rf"(?:one|option|choice|answer)\s+is)\s+(?:the\s+)?{_ORDINAL}"
    r"\s+(?:option|choice|answer|one)\b", re.IGNORECASE)
# ... and the place said first, as the whole sentence: "So the second option is the correct
# one." (not "I don't think the second option is the best answer.")
_ORDINAL_SUBJECT = re.compile(
    rf"\W*(?:(?:so|thus|therefore|hence)\W+)?the\s+{_ORDINAL}\s+(?:option|choice)\s+is\s+"
    r"(?:the\s+)?(?:correct|right|best)(?:\s+(?:one|answer|option|choice))?\W*", re.IGNORECASE)
_ORDINAL_ALONE = re.compile(rf"\s*(?:the\s+)?{_ORDINAL}\s+"
                            r"(?:option|choice|answer|one)\W*", re.IGNORECASE)  # a marker's


def _letter_with_text(answer: str, choices: Sequence[Choice]) -> str | None:
    """The letter of "B library", "B (library)", "B - library", "D, 1/2", "I O(log n)": a
    letter and its own choice's text, nothing else."""
    m = _LETTER_THEN_TEXT.match(answer)
    if m is None:
        return None
    label = m.group(1).upper()
    said = {_norm(m.group(2)), _norm(m.group(2).strip(" ()[]-–—:,"))}
    return label if any(c.label.upper() == label and _norm(c.text) in said
                        for c in choices) else None


def _other_in_brackets(said: str | None, label: str, choices: Sequence[Choice] | None) -> bool:
    """Whether the text in brackets after a letter ("C（木星）", "C（Dかも）") names another
    choice: its text, or its letter."""
    if not said or not choices:
        return False
    own = {_norm(c.text) for c in choices if c.label.upper() == label}
    others = {_norm(c.text) for c in choices if c.label.upper() != label}
    return _norm(said) in others - own or any(
        ch.isupper() and ch != label for ch in said if ch.isascii())


def named_choice(answer: str, choices: Sequence[Choice]) -> str | None:
    """The label of a choice `answer` names whole: its text ("no", "a library") or its letter
    with that text ("B (no)", "It's C, conduction."), and nothing else; None otherwise. Its
    words are the choice's, never a negation or a hedge of the answer's own ("no" is the
    choice "no")."""
    answer = _IT_IS.sub("", answer.strip().strip("*`\"'“”‘’").strip()).rstrip(".")
    return by_text(answer, choices) or _letter_with_text(answer, choices)


_IT_IS = re.compile(r"^(?:(?:so|thus|therefore)\W+)?(?:it's|it\s+is|that's|that\s+is)\s+",
                    re.IGNORECASE)


def is_choice_text(answer: str, choices: Sequence[Choice] | None) -> bool:
    """Whether `answer` is one choice's whole text ("False, False"): never cut at a comma."""
    return choices is not None and by_text(answer, choices) is not None


def by_text(answer: str, choices: Sequence[Choice]) -> str | None:
    want = _norm(answer)
    bare = _ARTICLE.sub("", want)
    for c in choices:
        text = _norm(c.text)
        if text in (want, bare) or _ARTICLE.sub("", text) == bare:
            return c.label.upper()
    if len(bare) < 4:
        return None
    # the text in the other grammatical number ("Keys." for the choice "key"), one choice only
    named = {c.label.upper() for c in choices if bare in _number_forms(
        _ARTICLE.sub("", _norm(c.text)))}
    return named.pop() if len(named) == 1 else None


# A lone letter as an answer, as a marker reads it: "D", "(D)", "D.", "**D**".
_LONE_LETTER = re.compile(r"[*_(]{0,3}([A-Za-z])[*_).]{0,3}")
_LINE_PUNCT = " \t*_.:;,!)—–-"


def other_text_after(completion: str, end: int, letter: str,
                     choices: Sequence[Choice]) -> bool:
    """Whether a lone letter read as the answer (`letter`, ending at `end`) has the rest of
    its line name another choice, whole ("**D. Venus**" when D is Mars and A Venus): the
    letter and the text the answer gives disagree."""
    m = _LONE_LETTER.fullmatch(letter)
    if m is None:
        return False
    line_end = completion.find("\n", end)
    rest = completion[end : line_end if line_end != -1 else len(completion)].strip(_LINE_PUNCT)
    if not rest or len(rest) > 80:
        return False
    named = by_text(rest, choices)
    return named is not None and named != m.group(1).upper()


# A completion that opens with its pick: "B", "**(D)**", "C - because ...", "B. library".
# (after a label, maybe: "Correct option: C) mitochondrion")
# (or another letter set aside on its line: "D rather than A", "**D**, not **A**")
_LEADING = re.compile(r"\s*[*_]{0,2}(?i:(?:(?:correct|right|best|final)\s+)?(?:option|choice)"
                      r"\s*[:：]\s*)?\(?([A-Z])\)?[*_]{0,2}(?:\s*[.):—–-](?=\s|$)|[ \t]*(?=\n|$)"
                      r"|,?[ \t]+(?i:not|rather[ \t]+than|instead[ \t]+of)[ \t]+[*_]{0,2}"
                      r"\(?[A-Z]\)?[*_]{0,2}[.!]?[ \t]*(?=\n|$))")
# A bracketed letter, either case, and words right after it: the STaR exemplars' pick ("(e)
# toronto. Mounties are ..."), a pick only with its own choice's text.
_LEADING_WITH_TEXT = re.compile(r"\s*[*_]{0,2}\(([A-Za-z])\)[ \t]+(?=[A-Za-z])")


def echoes_choices(completion: str, choices: Sequence[Choice]) -> bool:
    """Whether the completion ends by listing the choices, each line a letter and its own
    text ("(A) farm\n(B) aquarium\n..."): the question echoed back, no pick."""
    lines = completion.rstrip().rsplit("\n", len(choices))[-len(choices) :]
    listed = [_option_line(line, choices) for line in lines]
    return listed[-1] and sum(listed) >= min(3, len(choices))


# A question's options listed on a line ("Answer Choices: (A) sunglasses (B) sandals ..."):
# each a bracketed letter and its text, up to the next one or the line's end.
_LISTED_OPTION = re.compile(r"\(([A-J])\)[ \t]*([^()\n]{1,80}?)[ \t]*(?=\([A-J]\)|\n|\Z)")
OTHER_OPTIONS_MIN = 3  # options listed, none of them this question's, make another question


def other_question(completion: str, end: int, choices: Sequence[Choice]) -> int:
    """Where, before `end`, the completion lists the options of another question than this
    one (a base model that writes itself the next few-shot question and answers it: "Q: If you
    are cold, ...?\nAnswer Choices: (A) sunglasses (B) sandals ..."): the start of the first
    line with three options or more, none of them one of `choices` (a text that holds a
    choice's, or that one holds, is one of them: "(B) a library" for "library"); -1 where
    there is none."""
    if "(" not in completion:
        return -1
    own = [c.text.strip().lower() for c in choices]
    at = 0
    for line in completion[:end].split("\n"):
        listed = [m.group(2).strip(" .,;").lower() for m in _LISTED_OPTION.finditer(line)]
        if len(listed) >= OTHER_OPTIONS_MIN and not any(
                text and (text in mine or mine in text) for text in listed for mine in own):
            return at
        at += len(line) + 1
    return -1


_CLOSED_LABEL = re.compile(r"[A-Za-z]\)\s")
_LABEL_MARK = re.compile(r"[(\[]?\s*([A-Za-z])\s*[)\]]")


def _option_line(line: str, choices: Sequence[Choice]) -> bool:
    """Whether a line is one option as a question lists it: "(A) farm", "B. aquarium"."""
    line = line.strip().strip("*")
    if _PAREN.match(line) or _CLOSED_LABEL.match(line):  # "(A) farm", "A) farm"
        line = _LABEL_MARK.sub(r"\1", line, count=1)
    return _letter_with_text(line, choices) is not None


# A pick the completion makes after its opening letter, in the first person.
_LATER_PICK = re.compile(r"\bI(?:'ll|\s+will|\s+would|'d|\s+am)?\s+(?:go(?:ing)?\s+with|choose"
                         r"|pick|select|settle\s+on|change\s+(?:my\s+answer\s+)?to)\s+(?:option\s+)?"
                         r"\(?([A-E])\)?(?![\w'’])", re.IGNORECASE)


def leading_letter(completion: str, labels: set[str] | None = None,
                   choices: Sequence[Choice] | None = None) -> Extraction | None:
    """The letter a completion opens with, on its first line, when no later line opens with
    one of the `labels` too (a list of the choices echoed back is no pick; "S. pneumoniae
    (pneumococcus) remains ..." opens with no choice's letter). A bracketed letter that
    words follow ("(e) toronto. Mounties are ...") picks only with its own choice's text."""
    m = _LEADING.match(completion)
    said = m is None and (m := _LEADING_SAID.match(completion)) is not None
    if m is None and choices and (m := _LEADING_WITH_TEXT.match(completion)) is not None and (
            not any(c.label.upper() == m.group(1).upper() and completion[m.end() : m.end() + len(
                c.text)].lower() == c.text.lower() for c in choices)):
        return None  # "(a) is wrong because ...": no pick
    label = next(filter(None, m.groups())).upper() if m is not None else None
    if m is None and choices and (m := _LEADING_NUMBER.match(completion)) is not None:
        said = True
        label = _numbered(int(m.group(1)), choices)  # "Option 1. O-negative cells carry ..."
    if m is None or label is None or labels is not None and label not in labels:
        return None
    if said and _doubted_after(completion, m.end()):
        return None  # "**C is correct.**\n\nHmm, actually, ... fits better": taken back
    if (later := _LATER_PICK.search(completion, m.end())) is not None and (
            later.group(1).upper() != label):
        return None  # "A — nervousness, though honestly C is just as common, so I'll go with
        # C.": the opening letter given up for another
    lines = completion[m.end() :].split("\n", 4)[1:4]
    if any((later := _LEADING.match(line) or _LEADING_NUMBER.match(line)) and (
            labels is None or not later.group(1).isalpha() or later.group(1) in labels)
           for line in lines if line.strip()):
        return None  # a list of the options ("Option 1: ...", "Option 2: ..."), no pick
    return Extraction(label, m.end(), "fallback")


# What doubts or takes back an opening pick after it: a question, a second thought, another
# option found better ("**C is correct.**\n\nHmm, actually, the nucleus fits better").
_DOUBT_AFTER = re.compile(
    r"\?|\b(?:actually|on\s+reflection|on\s+second\s+thought|wait|hmm+|erm+|um+|rather|instead"
    r"|reconsider\w*|mistake\w*|wrong|incorrect|(?:fits?|is)\s+better|better\s+(?:fit|answer"
    r"|choice|option)|guess\w*|misconception|many\s+people\s+think|not\s+it|though"
    r"|(?:closer|further)\s+inspection|tempting|also\s+(?:a\s+)?(?:strong\s+|good\s+)?"
    r"(?:candidate|correct|right|possible|plausible|valid))\b|\bno\b[.,!;:]",
    re.IGNORECASE)


def _doubted_after(completion: str, at: int) -> bool:
    return _DOUBT_AFTER.search(completion, at, at + 600) is not None


# An opening line that says which letter is right ("**C is correct.**", "B is the right
# answer.", "The correct option is A) 720°."), or picks an option by its number ("Option 3.").
_LEADING_SAID = re.compile(
    r"\s*[*_]{0,2}(?i:the\s+(?:correct|right|best)\s+(?:option|choice)\s+is\s+)\(?([A-Z])"
    r"(?:\)|[.:](?=\s)|[*_]{0,2}[ \t]*(?=\n|$))"
    r"|\s*[*_]{0,2}\(?([A-Z])\)?\s+(?i:is\s+(?:the\s+)?(?:correct|right|best)(?:\s+(?:answer"
    r"|option|choice|one))?)[*_]{0,2}[.!]")
_LEADING_NUMBER = re.compile(r"\s*[*_]{0,2}(?i:option|choice)\s*#?\s*([1-9])[*_]{0,2}"
                             r"(?:\.(?=\s)|(?i:\s+is\s+(?:the\s+)?(?:correct|right|best)"
                             r"(?:\s+(?:answer|option|choice|one))?)[*_]{0,2}[.!])")


def numbered_option(answer: str, choices: Sequence[Choice] | None, completion: str,
                    start: int, end: int) -> str | None:
    """The choice a marker's answer (`answer`, read at [start, end) of `completion`) names by
    its place alone ("Answer: Option 3", "Final answer: choice #2"); not where another
    `Option N` line follows it (a bare "Option 3" is as often a line of the options' list),
    nor where the completion numbers things its own way before it (`_OWN_NUMBERS`)."""
    m = _OPTION_NUMBER.fullmatch(answer.strip())
    if m is None or not choices or _OPTION_NUMBER_LINE.match(completion, end) or (
            _OWN_NUMBERS.search(completion, 0, start)):
        return None
    return _numbered(int(m.group(1)), choices)


_OPTION_NUMBER = re.compile(r"[*_(\[]*(?:option|choice)\s*#?\s*\(?([1-9])\)?[*_)\].]*",
                            re.IGNORECASE)
_OPTION_NUMBER_LINE = re.compile(r"\s*\n[ \t*_-]*(?:option|choice)\s*#?\s*\(?\d",
                                 re.IGNORECASE)  # the next line, another `Option N`
# A completion's own numbering, which its "Option 2" may follow rather than the options':
# a numbered list, `(1)`, `Option 1: park`, `choice 1 (kitchen)`, an index.
_OWN_NUMBERS = re.compile(r"^[ \t*_-]*\d{1,2}[.)][ \t]|\(\d{1,2}\)|\b(?:option|choice)\s*#?\s*\d"
                          r"\s*[:(]|\bindex", re.IGNORECASE | re.MULTILINE)


def _count(word: str) -> int:
    """A count written in digits or as an English word ("3", "three")."""
    return int(word) if word.isdigit() else _COUNT_WORDS[word.lower()]


def _numbered(number: int, choices: Sequence[Choice]) -> str | None:
    """The label of the `number`-th choice (from 1), where the labels are letters: a reply
    that numbers the options ("Option 3") counts them in order. None past the options, where
    the labels are numbers themselves (no mapping: the number is the label), and where an
    option names numbered statements ("1 and 3")."""
    if not 1 <= number <= len(choices) or not all(c.label.isalpha() for c in choices) or any(
            _STATEMENT_NUMBER.search(c.text) or _ROMAN_STATEMENTS.search(c.text)
            for c in choices):
        return None  # (options that name numbered statements, "1 and 3": a number is theirs)
    return choices[number - 1].label.upper()


_STATEMENT_NUMBER = re.compile(r"(?<![\d.,])[1-9](?![\d.,°%])")
# Statements numbered in Roman numerals and combined: "I and II only", "I, III".
_ROMAN = r"\b(?:I{1,3}|IV|VI{0,3})\b"
_ROMAN_STATEMENTS = re.compile(rf"{_ROMAN}(?:\s*(?:,|and|&|or)\s*{_ROMAN})+")


# A last line that is a pick alone: a choice's text, maybe after its letter and in emphasis
# ("relief", "c) ocean", "**(D) relief**."), at most a line's length.
_LAST_LINE_PICK = re.compile(
    r"[ \t]*[*_]{0,2}(?:\(?([A-Za-z])\)?[.):][ \t]+|([A-Za-z])[ \t]+[-–—][ \t]+)?"
    r"[*_]{0,2}([^\n*_]{1,80}?)[*_]{0,2}[.!]?[ \t]*")


def trailing_pick(completion: str, choices: Sequence[Choice]) -> Extraction | None:
    """The pick a completion ends on, alone on its last line: one choice's whole text, or a
    letter (either case) with its own choice's text ("The waves are salt.\n\nc) ocean",
    "</think>\n\nrelief"). A letter with another choice's text is no pick here, nor a line
    that ends on a colon ("A) firewood:", the next option's review, cut off)."""
    body = completion.rstrip()
    start = body.rfind("\n") + 1
    if body[-1:] in ":：" or len(body) - start > 100 or (
            m := _LAST_LINE_PICK.fullmatch(body, start)) is None or (
            label := by_text(m.group(3), choices)) is None:
        return None
    letter = m.group(1) or m.group(2)
    if letter is not None and letter.upper() != label:
        return None
    return Extraction(label, len(body), "fallback", start=start)


# Words that announce a pick at a line's end, its letter opening the next line ("Based on
# the information provided, I would choose:" then "D) damages").
_PICK_ANNOUNCED = re.compile(
    r"\b(?:choose|pick|select|go\s+with|(?:answer|option|choice|pick)\s+(?:is|would\s+be))"
    r"[ \t]*:?[ \t*_]*\n", re.IGNORECASE)


def pick_below(completion: str, labels: set[str] | None) -> Extraction | None:
    """The letter on the line after the last words that announce a pick, read as a
    completion's opening letter is (`leading_letter`: no list of the options below it)."""
    if "\n" not in completion:
        return None
    last = None
    for last in _PICK_ANNOUNCED.finditer(completion):  # noqa: B007 - the last one is kept
        pass
    if last is None or (found := leading_letter(completion[last.end() :], labels)) is None:
        return None
    return found._replace(end=found.end + last.end(), start=last.start())


# A completion's opening words up to their first stop: "No. Spiders have eight legs."
_LEADING_WORDS = re.compile(r"\s*[*_]{0,2}([^\W\d_][\w' -]{0,40}?)[*_]{0,2}\s*[.,!;:—–](?=\s|$)")
# More ways to open with a choice's text: its first line whole ("**Rejects a null hypothesis
# that is actually true**"), or after "It's" ("It's the mushroom. Fungi ...").
_LEADING_LINE = re.compile(r"\s*[*_]{0,2}(?i:it(?:'s|’s|\s+is)\s+)?([^\W\d_][\w' -]{0,80}?)"
                           r"[*_]{0,2}(?:\s*[.,!;:—–](?=\s|$)|[ \t]*(?=\n))")


def leading_text(completion: str, choices: Sequence[Choice] | None) -> Extraction | None:
    """The choice a completion opens with by its whole text ("No. Spiders are arachnids ...",
    "Yes, each molecule ..."), as `leading_letter` reads an opening letter; None when the
    rest names another choice's text ("No, wait ... yes")."""
    if not choices or (found := _opening_text(completion, choices)) is None:
        return None
    m, label = found
    rest = f" {_norm(_NON_WORD.sub(' ', completion[m.end() :]))} "
    if any(c.label.upper() != label and (text := _norm(_NON_WORD.sub(" ", c.text)))
           and f" {text} " in rest for c in choices):
        return None
    return Extraction(label, m.end(), "fallback")


def _opening_text(completion: str, choices: Sequence[Choice]
                  ) -> tuple[re.Match[str], str] | None:
    """The opening words that are a choice's text, and its label: up to their first stop, or
    the first line or the words after "It's", unless doubted after ("Mitochondria\n\nThat's
    the usual guess, but ...")."""
    if (m := _LEADING_WORDS.match(completion)) is not None and (
            label := by_text(m.group(1), choices)) is not None:
        return m, label
    if (m := _LEADING_LINE.match(completion)) is not None and (
            label := by_text(m.group(1), choices)) is not None and not _doubted_after(
            completion, m.end()):
        return m, label
    return None


# A sentence's last copula and what follows it: "The capital of France is Paris."
_PREDICATE = re.compile(r".*\b(?:is|are|was|were|be)\s+(.+?)\W*\Z", re.S | re.IGNORECASE)


def predicate_label(sentence: str, choices: Sequence[Choice] | None) -> str | None:
    """The choice a final sentence names as what something is, by its text alone after the
    last copula ("The powerhouse of the cell is the mitochondria."), or as the right answer
    ("**Augustus** is the correct answer."), or None ("is not Paris" names none)."""
    if not choices:
        return None
    if (named := _NAMED_RIGHT.match(sentence)) is not None:
        return by_text(named.group(1), choices)
    if (m := _PREDICATE.match(sentence)) is None:
        return None
    return by_text(m.group(1), choices)


_ARROWS = frozenset("→⇒⟹")


# A choice's text named as the answer: "**Augustus** is the correct answer."
_NAMED_RIGHT = re.compile(r"[\s*_\"']*([^\s*_\"'][^\n]{0,80}?)[*_\"']*\s+is\s+the\s+"
                          r"(?:correct|right|best)\s+"
                          r"(?:answer|choice|option)\W*\Z", re.IGNORECASE)


def choice_conflict(answer: str, label: str, choices: Sequence[Choice]) -> str | None:
    """Why an answer that picks `label` does not commit to it, or None: it names several
    letters (`(a), (b)`), or its letter's text is another choice's (`(a) library` when (a)
    is bank)."""
    labels = {c.label.upper() for c in choices}
    named = {m.group(1).upper() for m in _PAREN.finditer(answer)} & labels
    if len(named) > 1:
        return "alternatives"
    answer = answer.strip("*_ ")  # "**A. oral diphenhydramine**": the bold is no part of it
    # (the letter picked, written so: not `(x)` in "F. 3x^2 ln(x)")
    m = next((x for x in (*_PAREN.finditer(answer), _BARE.search(answer), _DASHED.match(answer))
              if x is not None and x.group(1).upper() == label), None)
    if m is not None:
        start, end = m.start(), m.end()
    elif (lead := _BARE.search(answer) or _DASHED.match(answer) or _PAREN.match(answer)) and (
            lead.group(1).upper() in labels):
        return "contradiction"  # "A – 3.0 x 10^8 m/s": A's letter, another choice's text
    elif picked := _picked(answer, labels):
        _, start, end = picked[-1]
        if len({p[0] for p in picked}) > 1 or _MORE_LETTERS.match(answer, end) or (
                _LETTER_BEFORE.search(answer, 0, start)):
            return "alternatives"  # "I choose B, D", "I pick B, then C", "I choose B and D"
        end += answer[end : end + 1] == ")"
    else:
        return None
    after, before = _side(answer[end:]), _side(_BRIDGE.sub("", answer[:start]))
    own = next((c for c in choices if c.label.upper() == label), None)
    own_text = _side(own.text) if own is not None else None
    for c in choices:
        text = _side(c.text)
        if c.label.upper() == label or not text or (
                own_text and own_text.startswith(text) and after != text):
            continue  # ("(A) bank account", A being "bank account" and B "bank", is A's)
        if (after and after.startswith(text) and not after.startswith(own_text or "\0")) or (
                before and before.endswith(text) and not before.endswith(own_text or "\0")):
            return "contradiction"  # "(a) library" or "library (a)", when (a) is bank
    return None


# The words that join a choice's text to its letter after it: "pillow, which is option A",
# "pillow (option A)", "pillow, i.e. choice A".
_BRIDGE = re.compile(r"[\s,(]*(?:(?:which|that)\s+is|i\.e\.,?|aka)?\s*(?:the\s+)?"
                     r"(?:option|choice|answer)?\s*\(?\Z", re.IGNORECASE)


def _side(text: str) -> str:
    """A text beside a letter, as it is compared with the choices' texts (each read so: the
    brackets and punctuation at its ends are no part of it, "ln(x)" and "ln(x" alike)."""
    return _ARTICLE.sub("", _norm(text.strip(" :.,-–—()")))


# Another choice's letter said to work too: "B, though C is also plausible", "(B), although
# (C) could also work", "B, but D might be right as well".
_ALSO = re.compile(r"(?<![\w'’])\(?([A-Z])\)?\s+(?:\w+\s+){0,2}(?:also|too|as\s+well|equally"
                   r"|could\s+(?:also\s+)?(?:be|work)|might\s+(?:also\s+)?(?:be|work)"
                   r"|may\s+(?:also\s+)?(?:be|work))\b")


def also_right(text: str, label: str, choices: Sequence[Choice]) -> bool:
    """Whether `text` says that a choice other than `label` works too."""
    labels = {c.label.upper() for c in choices}
    return any(m.group(1) in labels and m.group(1) != label
               and not _REJECTED_BEFORE.search(text, 0, m.start())
               and not _IN_REASON.search(text, 0, m.start())
               for m in _ALSO.finditer(text))


# Another choice offered as right too, in a sentence of its own after the answer: "Though C
# could also work.", "(B) might also be correct.", "E is correct too.", "C also works." (the
# letter right before the offer, or in brackets before its text: "(C) gloves could also
# work"; not "A snow shovel would also work", an article, nor "Gloves (C) would also fit in
# a drawer", a description: nothing may follow the offer but "too" or "here")
_OFFERED = re.compile(
    r"(?:(?<![\w'’])\(([A-Z])\)(?:\s+[a-z]+){0,3}|(?:(?<![\w'’])(?:option|choice)\s+)?"
    r"(?<![\w'’])([A-Z]))\s+(?:(?:could|might|may|would)\s+(?:also\s+|equally\s+|well\s+)?"
    r"(?:be\s+(?:right|correct|valid|acceptable|possible|plausible|defensible|the\s+answer"
    r"|a\s+(?:good|valid|reasonable|possible)\s+answer)|work)|also\s+works|works\s+too"
    r"|(?:is|seems|looks)\s+(?:also\s+|equally\s+)?(?:right|correct|valid|acceptable|plausible"
    r"|possible|reasonable|defensible)(?=\s+(?:too|as\s+well)\b)|(?:is|seems|looks)\s+(?:also"
    r"|equally)\s+(?:right|correct|valid|acceptable|plausible|possible|reasonable|defensible))"
    r"\b(?P<rest>[^.!?\n]*)")
# Two choices both said to be right: "Both D and C are reasonable answers."
_BOTH = re.compile(r"\bboth\s+\(?([A-Z])\)?\s+and\s+\(?([A-Z])\)?\s+(?:are|seem|look)\s+"
                   r"(?:\w+\s+)?(?:right|correct|valid|acceptable|plausible|possible|reasonable"
                   r"|good)\b", re.IGNORECASE)
_LABELLED = re.compile(r"[ \t*_]*\(?([A-Za-z])\)[ \t*_]*")
_BESIDE = re.compile(r"[ \t*_]*(?:/|\||\bor\b)")


def set_beside(text: str, label: str | None, choices: Sequence[Choice]) -> bool:
    """Whether `text`, a pick's line after its label (or, `label` None, an answer that opens
    with its label: "C) bedroom / B) garage"), sets another choice with its own text right
    beside the pick's own: "D) make a big purchase / B) throw it away", "(D) clinic or (B)
    mall"; not "C) bedroom. Rooms like B) garage ..." nor "(rather than B) garage)"."""
    texts = {c.label.upper(): c.text.lower() for c in choices}
    if label is None:
        if (opening := _LABELLED.match(text)) is None:
            return False
        label, text = opening.group(1).upper(), text[opening.end() :]
    rest = text.lstrip(" \t*_")
    if (own := texts.get(label)) and rest.lower().startswith(own):
        rest = rest[len(own) :]
    if (sep := _BESIDE.match(rest)) is None or (
            other := _LABELLED.match(rest, sep.end())) is None:
        return False
    name = other.group(1).upper()
    return name != label and name in texts and rest[other.end() :].lower().startswith(texts[name])
_OFFER_ENDS = frozenset({"", "too", "as well", "here", "equally well", "just as well"})
_DENIED_BEFORE = re.compile(r"(?:\b(?:not|never|no|if|whether|unless|doubt|some|others|people"
                            r"|many|might\s+say|would\s+say|one\s+might)\b|n't)[^.!?\n]*\Z",
                            re.IGNORECASE)


def offered_after(text: str, label: str, choices: Sequence[Choice]) -> bool:
    """Whether `text`, written after a pick of `label`, offers another choice as right too
    (`_OFFERED`, `_BOTH`), in a sentence that neither denies, attributes nor conditions the
    offer."""
    labels = {c.label.upper() for c in choices}
    if set_beside(text, label, choices):
        return True  # "D) make a big purchase / B) throw it away"
    for m in _BOTH.finditer(text):
        if {m.group(1).upper(), m.group(2).upper()} <= labels and label in (
                m.group(1).upper(), m.group(2).upper()) and m.group(1) != m.group(2):
            return True  # "Both D and C are reasonable answers."
    for m in _OFFERED.finditer(text):
        other = m.group(1) or m.group(2)
        if other not in labels or other == label or (
                m.group("rest").strip(" ,;:)").lower() not in _OFFER_ENDS):
            continue
        start = max(text.rfind(stop, 0, m.start()) for stop in (". ", "! ", "? ", "\n")) + 1
        if not _DENIED_BEFORE.search(text, start, m.start()) and not _IN_REASON.search(
                text, start, m.start()):
            return True
    return False


# A correction after a pick that names another choice by its text: "Actually, the garage
# makes more sense here.", "Wait, no: a library."
_TEXT_CORRECTION = re.compile(
    r"(?:^|[.!?]\s+|\n)[\s*_]*(?:(?:but|oh|hmm+|well)[,\s]+)?(?:(?:actually|wait|hold\s+on"
    r"|on\s+second\s+thought|on\s+reflection|correction|i\s+meant|make\s+that|scratch\s+that)\b"
    r"|no(?=\s*[,:;—–-]))[\s,:;—–-]*(?P<rest>[^.!?\n]+)", re.IGNORECASE)  # ("No garage has")


def corrected_by_text(text: str, label: str, choices: Sequence[Choice]) -> bool:
    """Whether `text`, written after a pick of `label`, corrects it to another choice named
    by its text alone (`text_label`: one choice, not ruled out, doubted or set against
    another)."""
    return any((named := text_label(m.group("rest"), choices, marked=True)) is not None
               and named != label for m in _TEXT_CORRECTION.finditer(text))


# Another choice for when the answer's condition fails: "D, if the person is healthy;
# otherwise E", "D if healthy, else E", "D (or E if not)".
_OTHERWISE = re.compile(r"\b(?:otherwise|else|if\s+not)\b[^.;\n]{0,60}?(?<![\w'’])\(?([A-Z])\)?"
                        r"(?![\w'’])|(?<![\w'’])\(?([A-Z])\)?\s+(?:otherwise|if\s+not)\b")


def otherwise(text: str, label: str, choices: Sequence[Choice]) -> bool:
    """Whether `text`, an answer picking `label`, names another choice for when its
    condition fails (`_OTHERWISE`): a conditional answer, no commitment."""
    labels = {c.label.upper() for c in choices}
    return any((m.group(1) or m.group(2)) in labels - {label} for m in _OTHERWISE.finditer(text))


# A letter in a reason explains the pick: "B, since A is also a city, but not in France".
_IN_REASON = re.compile(r"\b(?:since|because|as|given\s+that)\b[^.;]*\Z", re.IGNORECASE)


_TAIL_FIRST = re.compile(r"[),;(\[]|\s[-–—]+\s|\b(?:because|since|as|which|not)\b", re.IGNORECASE)


# Another letter named in a tail, unless rejected: "not A (bank)", "rather than C", "over C".
_OTHER_LETTER = re.compile(r"(?<![\w'’])\(?([A-Z])\)?(?![\w'’])")
_REJECTED_BEFORE = re.compile(r"(?:\bnot|n't|\bnor|\bover|\brather\s+than|\binstead\s+of"
                              r"|\bunlike|\bexcept)\W*\Z", re.IGNORECASE)


def tail_conflict(tail: str, label: str, choices: Sequence[Choice]) -> str | None:
    """"contradiction" when the words right after a marked letter name another choice's text
    ("B (bank)", "B, bank" when (a) is bank); "alternatives" when the tail names another
    choice's letter it does not reject ("B; C is also correct"); None when they name its own
    ("B (library)") or none."""
    first = _TAIL_FIRST.split(tail.lstrip(" ([,;:-–—"), maxsplit=1)[0].strip()
    named = by_text(first, choices) if first else None
    if named is not None and named != label:
        return "contradiction"
    labels = {c.label.upper() for c in choices}
    if _REASON_FIRST.match(tail):
        return None  # "B, because A is a bank": letters in a reason explain the pick
    for m in _OTHER_LETTER.finditer(tail):
        letter = m.group(1)
        if letter in labels and letter != label and not (
                letter in "AI" and _ARTICLE_AFTER.match(tail, m.end())) and not (
                _REJECTED_BEFORE.search(tail, 0, m.start())):
            return "alternatives"
    return None


# "A bank", "I think": the article and the pronoun, not letters ("A is", "C also" are).
_ARTICLE_AFTER = re.compile(r"\s+(?!(?:is|was|would|could|seems|fits|works|also|too|and|or)\b)"
                            r"[a-z]")
_REASON_FIRST = re.compile(r"[\s(\[,;:—–-]*(?:because|since|as|given|due)\b", re.IGNORECASE)


# -- a pick, then why the other choices are wrong ------------------------------------------
# "The correct option is D.\n- A is incorrect because ...\n- B is incorrect because ...": the
# closing sentences reject choices; the pick is the last sentence before them that picks one.
_SENTENCES = re.compile(r"(?<=[.!?])(?<![A-Z]\.)\s+|\n+")  # (not after "D." of a list)
_REJECTS = re.compile(r"n't\b|\b(?:not|never|no|incorrect|wrong|false|unlikely|rather\s+than"
                      r"|cannot|ruled\s+out|eliminated?|doesn't|don't|isn't|aren't"
                      r"|distractors?|red\s+herrings?|irrelevant|implausible)\b",
                      re.IGNORECASE)
# ("as well" is "also", but not in "doesn't fit as well": not equally well.)
_UNSURE = re.compile(r"\b(?:maybe|perhaps|probably|possibly|might|could|either|unsure|guess"
                     r"|also|too|(?<!n't fit )(?<!not fit )(?<!n't work )(?<!not work )"
                     r"(?<!n't suit )(?<!not suit )as\s+well"
                     # two picks: "C and A are equally valid", "are both acceptable"
                     r"|equally\s+(?:valid|good|correct|right|likely|plausible|acceptable)"
                     r"|(?:are\s+)?both\s+(?:valid|correct|right|acceptable|plausible|possible|work))"
                     r"\b|\bnot\s+(?:sure|certain)\b|\?", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{2,}")
PICK_REACH = 3_000  # characters before the end looked through for the pick


def pick_before_rejections(text: str, choices: Sequence[Choice]) -> Extraction | None:
    """The letter picked before closing sentences that only reject other choices, or None.
    From the end: sentences naming no letter are passed over; one that rejects the letters
    it names ("A is incorrect because ...", "He wouldn't find people in the desert (C)") is
    read on past; the first that picks one letter ("The correct option is D.", "late for
    work (option B)", "head to (B) populated areas, since ...", "B is best, not A or C") is
    the pick, unless a later sentence rejects it. A sentence in doubt, or naming letters
    otherwise (a list of the choices), ends the search: None."""
    labels = {c.label.upper() for c in choices}
    start = max(0, len(text) - PICK_REACH)
    bounds = [start, *(b for m in _SENTENCES.finditer(text, start) for b in (m.start(), m.end())),
              len(text)]
    rejected: set[str] = set()
    for at, end in reversed(list(zip(bounds[::2], bounds[1::2], strict=True))):
        found = _pick_in(text[at:end], labels, choices, rejected)
        if found is not None:
            return Extraction(found, end, "fallback") if found else None
    return None


def _pick_in(sentence: str, labels: set[str], choices: Sequence[Choice],
             rejected: set[str]) -> str | None:
    """The letter the sentence picks; "" when it ends the search; None to read on (it
    names no letter, or rejects those it names: added to `rejected`)."""
    if _NONE_FITS.search(sentence) and not _CLOSEST.search(sentence):
        return ""  # "None of the options fit.": it gave up on the choices
    named = _letters(sentence, labels)
    if not named:
        return None
    if secondary(sentence):
        rejected |= named  # "Runner-up: (E).": not the pick
        return None
    if _UNSURE.search(sentence):
        return ""
    picked = {p[0] for p in _picked(sentence, labels)} - rejected
    if len(picked) == 1:
        return picked.pop()  # "The correct option is D.", "B is best, not A or C"
    if _REJECTS.search(sentence) and not picked:
        rejected |= named
        return None
    if len(named) == 1 and not named & rejected and _with_text(sentence, next(iter(named)),
                                                                choices):
        return next(iter(named))
    return ""


# A choice named as second to the pick: "Runner-up: (E).", "Second choice: B", "Backup: C".
_SECONDARY = re.compile(r"\W*(?:runner[- ]up|second(?:[- ]best|\s+(?:choice|pick|option|guess))"
                        r"|back-?up(?:\s+(?:choice|pick|option))?|next\s+best)\b", re.IGNORECASE)


def secondary(sentence: str) -> bool:
    """Whether a sentence names a choice as second to the pick ("Runner-up: (E).")."""
    return _SECONDARY.match(sentence) is not None


def unsure(sentence: str) -> bool:
    """Whether a sentence doubts its pick or offers two ("probably B", "C and A are both
    valid", "either is acceptable")."""
    return _UNSURE.search(sentence) is not None


def rejects(sentence: str) -> bool:
    """Whether a sentence rejects what it names, surely ("A is incorrect", "wouldn't")."""
    return _REJECTS.search(sentence) is not None and _UNSURE.search(sentence) is None


def _letters(sentence: str, labels: set[str]) -> set[str]:
    """The choices' letters a sentence names: "(B)", "option B", "A is ...", "Options A, C
    and D" (not the article "A" before a noun, nor the pronoun "I")."""
    named = {m.group(1).upper() for m in _PAREN.finditer(sentence)}
    named |= {m.group(1).upper() for m in _NAMED.finditer(sentence)}
    named |= {m.group(1) for m in _LONE.finditer(sentence)
              if not (m.group(1) in "AI" and _ARTICLE_AFTER.match(sentence, m.end()))}
    return named & labels


_LONE = re.compile(r"(?<![\w'’(\[])([A-Z])(?![\w'’)\]])")


def _with_text(sentence: str, label: str, choices: Sequence[Choice]) -> bool:
    """Whether the sentence names the letter with its own choice's text, in words of its
    own: "head to (B) populated areas, since ...", not a list's "B. populated areas"."""
    own = next((c for c in choices if c.label.upper() == label), None)
    if own is None or not own.text.strip() or _norm(own.text) not in _norm(sentence):
        return False
    return len(_WORD.findall(sentence)) >= len(_WORD.findall(own.text)) + 3


_NON_WORD = re.compile(r"[^A-Za-z0-9]+")
_CONTRASTS = re.compile(r"\b(?:unlike|instead\s+of|other\s+than|except|versus|vs\.?|compared"
                        r"\s+(?:to|with)|whereas|while|but)\b", re.IGNORECASE)


# A conclusion or a pick, where a final sentence may name its choice by text alone.
_CONCLUDES = re.compile(
    r"^\W*(?:so|thus|therefore|hence|overall|in\s+(?:short|conclusion|the\s+end))\b|,\s*so\b"
    r"|\b(?:i'd|i\s+would|i'll|i\s+will|i)\s+(?:say|go\s+with|choose|pick|select|opt\s+for)\b"
    r"|\b(?:answer|option|choice)\s+is\b|\bthe\s+best\s+(?:answer|option|choice|fit)\b",
    re.IGNORECASE)
# The best of choices it finds wanting: "None of the options is right, but the closest is C."
_CLOSEST = re.compile(r"\b(?:closest|nearest|best\s+fit)\b", re.IGNORECASE)
# Giving up on the choices: "None of the options is right", "I cannot choose one".
_NONE_FITS = re.compile(r"\bnone\s+of\s+(?:the\s+)?(?:options|choices|answers)\b|\b(?:cannot|can't"
                        r"|can\s+not|unable\s+to)\s+(?:choose|pick|select|decide)\b"
                        # "none of them really fits", "none of these is right"
                        r"|\bnone\s+of\s+(?:them|these|those)\s+(?:\w+\s+)?(?:fits?|works?|is\s+"
                        r"(?:right|correct|true))\b", re.IGNORECASE)


def only_mentions(rest: str) -> bool:
    """Whether the text after an opening pick only mentions other choices, saying why they
    are wrong (`(A) charges money`, `Option A (24) would be 10%`): no sentence of it picks a
    letter, and none doubts."""
    return bool(rest.strip()) and not _PICKED.search(rest) and not _UNSURE.search(rest)


def text_label(sentence: str, choices: Sequence[Choice] | None, before: str = "",
               alone: bool = False, marked: bool = False) -> str | None:
    """The one choice a concluding final sentence (or, `alone`, the completion's only one:
    "You would find it in a library.") names by its whole text, without a letter or copula
    ("So a switch can stop and start the flow of current.", "I'd say a bookstore."), or
    None: when it draws no conclusion ("A bank is where you keep money." after the working),
    names no choice's text or several, sets one against another ("a library, unlike a
    bank"), rules one out ("not a bank") or doubts, or the text `before` it gave up on the
    choices ("None of the options is right"). `marked`: what a marker names the answer
    ("The answer is in the kitchen sink."), a conclusion."""
    if not choices or not (alone or marked or _CONCLUDES.search(sentence)) or _REJECTS.search(
            sentence) or (_UNSURE.search(sentence) or _CONTRASTS.search(sentence)) or (
            _NONE_FITS.search(before)):
        return None
    said = f" {_norm(_NON_WORD.sub(' ', _POSSESSIVE.sub('s', sentence)))} "
    subject = alone and _ARTICLE.sub("", said.strip())
    spans: list[tuple[int, int, str]] = []
    for c in choices:
        text = _norm(_NON_WORD.sub(" ", _POSSESSIVE.sub("s", c.text)))
        if len(text) < 4 or subject and subject.startswith(text):
            # (a lone sentence whose subject is the choice describes it: "A bank is where
            # you keep money." picks nothing)
            continue
        at = said.find(f" {text} ")
        while at != -1:
            spans.append((at, at + len(text) + 2, c.label.upper()))
            at = said.find(f" {text} ", at + 1)
        # in the other number, as the sentence's last words only ("... one of his gardens.")
        spans += [(len(said) - len(form) - 2, len(said), c.label.upper())
                  for form in _number_forms(text) if said.endswith(f" {form} ")]
    # a text inside another's is no name of its own ("garden" in "garden center")
    named = {label for start, end, label in spans if not any(
        s <= start and end <= e and e - s > end - start for s, e, _ in spans)}
    return named.pop() if len(named) == 1 else None


_POSSESSIVE = re.compile(r"['’]s\b")  # "farmer's market" is the choice "farmers market"


def _number_forms(text: str) -> tuple[str, ...]:
    """A choice's text in the other grammatical number, its last word's `s` or `es` added
    or dropped: "swimming pools" names "swimming pool", "shoe" names "shoes"."""
    if text.endswith("es") and len(text) > 5:
        return (text[:-1], text[:-2])
    if text.endswith("s") and len(text) > 4:
        return (text[:-1],)
    return (f"{text}s", f"{text}es")


# A choice that is a quantity: "24 m/s", "$30", "6 Ω", "12.5%", "210".
_QUANTITY = re.compile(r"\s*[$€£¥]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*(?:%|[^\W\d][^\d=]{0,15})?\s*\.?\s*")
_OTHER_CHOICE = re.compile(r"\s*(?:all|none|both|neither)\b", re.IGNORECASE)


def quantity_label(sentence: str, choices: Sequence[Choice] | None, context: str = ""
                   ) -> str | None:
    """The choice whose quantity the final sentence states, where the choices are quantities
    ("R = V / I = 12 V / 2 A = 6 Ω" picks "6 Ω", "Ans: 11/36" picks "11/36"; a choice "none
    of the above" aside): the value the sentence states, read as a word problem's is, equal
    to one choice's only. A value without its unit ("\\boxed{4}" for "4 years") names a
    choice only where all choices share that unit and `context`, the text around the
    answer, names no other unit nor money (`_unit_left_out`)."""
    values: dict[str, tuple[Fraction, str]] = {}
    for c in choices or ():
        if (value := _quantity(c.text)) is not None:
            values[c.label.upper()] = value
        elif not _OTHER_CHOICE.match(c.text):
            return None  # a choice in words: the letters or texts say which
    if len(values) < 2 or _NOT_COMMITTED.search(sentence):
        return None  # "It is not $30.", "about $30", "$30, or maybe $40"
    found = final_statement(sentence)
    said = _quantity(f"{found.text} {found.tail}".strip()) if found is not None else None
    if said is None:
        return None
    # (a choice's unit, where both name one, is the sentence's: "6 kΩ" is not "6 Ω")
    named = [label for label, (v, u) in values.items()
             if v == said[0] and (not u or u == said[1] or not said[1] and _unit_left_out(
                 found.text, u, values, context))]  # type: ignore[union-attr]
    return named[0] if len(named) == 1 else None


def _unit_left_out(number: str, unit: str, values: dict[str, tuple[Fraction, str]],
                   context: str) -> bool:
    """Whether a bare number may name a choice in `unit`: every choice is in that unit, and
    the text around it names no other unit ("thirty seconds", "30%") nor money ("$45")."""
    if any(u != unit for _, u in values.values()) or _MONEY.search(context):
        return False
    # (any unit word near the answer: "thirty seconds", "2 working days", "48 sq ft")
    return all(w.rstrip("s") == unit.rstrip("s") for w in re.findall(
        r"%|[A-Za-z][A-Za-z/]*", context.lower()) if w in _UNIT_WORDS)


_UNIT_WORDS = frozenset((
    "%", "percent", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
    "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
    "years", "km", "m", "cm", "mm", "kg", "g", "mg", "l", "ml", "liter", "liters", "litre",
    "litres", "meter", "meters", "metre", "metres", "mile", "miles", "ft", "feet", "foot", "inch",
    "inches", "dollars", "dollar", "cents", "rs", "rupees", "km/h", "kmph", "mph", "m/s", "units",
    "yr", "yrs", "lb", "lbs", "sq", "square", "yard", "yards", "euros", "pounds", "kilograms",
    "grams", "kilometres", "kilometers"))
# Money near the answer: "$30" (not LaTeX's "$4$"), "€30", "Rs. 20".
_MONEY = re.compile(r"[€£₹]|(?<!\$)\$\s?\d[\d,.]*(?![\d$])|\brs\.?\s*\d", re.IGNORECASE)


def _quantity(text: str) -> tuple[Fraction, str] | None:
    """(value, unit) of a quantity ("24 m/s", "$30", "12.5%", "11/36"), or None."""
    if (m := _QUANTITY.fullmatch(text)) is not None:
        return Fraction(m.group(1).replace(",", "")), _unit(text, m)
    if "/" in text and (value := parse_number(text.strip().rstrip("."))) is not None:
        return value, ""  # a fraction: "11/36", "$\\frac{3}{4}$"
    return None


# Words that keep a sentence from committing to one quantity.
_NOT_COMMITTED = re.compile(r"\b(?:not|no|maybe|perhaps|about|approximately|roughly|around|or"
                            r"|think|guess|might|could)\b|n't|≈", re.IGNORECASE)


def _unit(text: str, m: re.Match[str]) -> str:
    """A quantity's unit: its currency sign or the words after its number ("Ω", "m/s")."""
    sign = "$" if "$" in text[: m.start(1) + 1] else ""
    return sign + "".join(text[m.end(1) :].split()).rstrip(".").lower()


