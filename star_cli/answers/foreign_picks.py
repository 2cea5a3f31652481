"""An option's letter picked in a sentence of another language, one table a language: "Správná
odpověď je **A**.", "Svaret är C.", "Ang tamang sagot ay A.", "پاسخ: گزینه D", "最終回答：D".

Only a letter is read here, and only where the sentence says nothing else: the word for the
answer (with a qualifier that makes it the right or final one), that language's present "is"
or a colon, the letter, and the sentence's end. So a past tense ("Mitt första svar var D"),
a negation ("Odpověď není A"), a second letter ("Svaret är C eller D") or a condition read as
a clause ("Om svaret är C, ...") is no pick; a qualifier that makes the answer a wrong, a
first or a supposed one, in the words before it, is looked for apart (`_NOT_THE_PICK`). A
number in these languages is left to the fallback, which reads numbers in any language
(their words before a number read whole sentences as answers)."""

from __future__ import annotations

import re

# Each language: its word for the answer, with the qualifiers that make it this problem's
# right or final answer, then its "is" or a colon (and a word for "option" where one is used
# before the letter).
_LANGUAGES = {
    "cs/sk": r"(?:(?:správn[áa]|konečn[áa]|finální|finálna)\s+)?odpově[ďd]"
             r"(?:\s+(?:je|zní|znie)|\s*[:：—–-])(?:\s+(?:možnost|varianta))?",
    "pl": r"(?:(?:prawidłowa|poprawna|ostateczna|właściwa)\s+)?odpowied[źz]"
          r"(?:\s+(?:to|jest|brzmi)|\s*[:：—–-])(?:\s+opcja)?",
    "nl": r"(?:(?:juiste|correcte|goede|uiteindelijke)\s+)?antwoord"
          r"(?:\s+is(?:\s+dus)?|\s*[:：])(?:\s+optie)?",
    "sv/da/no": r"(?:(?:rätta|korrekta|slutliga|riktiga|riktige|rigtige|korrekte|endelige)\s+)?"
                r"svaret\s+(?:är|er)(?:\s+(?:alltså|altså|därför|derfor|dermed))?"
                r"|(?:(?:slutligt|slutgiltigt|endelig|endeligt|rätt|riktig|rigtigt)\s+)?svar"
                r"\s*[:：]",
    "el": r"(?:(?:σωστή|τελική)\s+)?απάντηση(?:\s+είναι(?:\s+(?:η|το))?|\s*[:：])",
    "he": r"ה?תשובה(?:\s+(?:הנכונה|הסופית))?(?:\s+(?:היא|הינה)|\s*[:：])",
    "fa": r"پاسخ(?:\s+(?:درست|صحیح|نهایی))?(?:\s*[:：])?(?:\s*گزینه(?:\u200cی|ی)?)?",
    "uk/ru": r"(?:(?:правильна|остаточна|вірна|правильный|окончательный|верный)\s+)?"
             r"(?:відповідь|ответ)(?:\s*[:：—–-]|\s+(?:це|є|это))?(?:\s+(?:варіант|вариант))?",
    "ms": r"jawapan(?:nya)?(?:\s+(?:yang\s+betul|akhir|sebenar))?(?:\s+(?:ialah|adalah)|\s*[:：])",
    "tl": r"(?:(?:tamang|pinal\s+na|huling)\s+)?sagot(?:\s+ay|\s*[:：])",
    "ro": r"răspunsul(?:\s+(?:corect|final))?\s+este|răspuns(?:\s+final)?\s*[:：]",
    "fi": r"(?:(?:oikea|lopullinen)\s+)?vastaus(?:\s+on|\s*[:：])",
}
_PICK = re.compile(
    r"(?:(?<!\w)(?:" + "|".join(_LANGUAGES.values()) + r")"
    r"|(?:最終)?回答\s*(?:[:：]|は))"  # (Japanese: no space before a word)
    # the letter, maybe bold or in brackets; then the sentence ends (or a gloss follows it:
    # "B – מסתכל בשעון", "C (frysen)"; Persian says "is" after it: "گزینه A است")
    r"[ \t]*\**[ \t]*[(\[]?(?P<letter>(?-i:[A-J]))[)\]]?\**"
    r"(?=[ \t]*(?:\Z|\n|[.!。](?:\s|\Z)|[,，][ \t]*\Z|[ \t]+[–—-][ \t]|[ \t]*\("
    r"|[ \t]+است(?=[ \t]*(?:[.!。]|\Z|\n))|[ \t]*[:：][ \t]))",
    re.IGNORECASE)
# One of these in every form above; the look costs nothing where none is.
HINTS = ("dpov", "dpow", "ntwoord", "svar", "Svar", "πάντησ", "ΠΆΝΤΗΣ", "תשובה", "پاسخ", "ідповід",
         "твет", "awapan", "agot", "回答", "ăspuns", "astaus")
# (in ASCII, each starts with a letter that rarely starts a word in English, as `NEEDS` in
# `extract` scans for first letters)
ASCII_HINTS = ("ntwoord", "svar", "Svar", "jawapan", "Jawapan", "sagot", "Sagot", "vastaus",
               "Vastaus")
# Words before the answer's that make it a wrong, a first, a possible, a supposed or someone
# else's one ("Det felaktiga svaret är D", "Ang una kong sagot ay D", "Ostatnia możliwa
# odpowiedź to E", "Om svaret är C, ...", "Men facit säger att svaret är D", "poate
# răspunsul corect este D"), in the languages above: wrong; first, original; possible, maybe;
# if, whether; key, says, according to.
_NOT_THE_PICK = re.compile(
    r"(?<!\w)(?:"
    r"nesprávn\w*|špatn\w*|chybn\w*|nieprawidłow\w*|niepoprawn\w*|błędn\w*|zł[ae]|onjuist\w*"
    r"|fout\w*|verkeerd\w*|felaktig\w*|fel|forkert\w*|feil\w*|gale|λάθος|λανθασμέν\w*"
    r"|неправильн\w*|невірн\w*|хибн\w*|неверн\w*|maling|väärä|greșit\w*"
    r"|první|prvá|původní|pôvodn\w*|pierwsz\w*|eerste|oorspronkelijk\w*|första|første"
    r"|ursprungliga|oprindelige|opprinnelige|πρώτη|αρχική|перш\w*|початков\w*|первый"
    r"|una|unang|ensimmäinen|ostatni\w*"
    r"|možn\w*|možná|możliw\w*|może|mogelijk\w*|misschien|möjlig\w*|kanske|mulig\w*|måske"
    r"|kanskje|πιθαν\w*|ίσως|можлив\w*|возможн\w*|может|исключ\w*|posibil\w*|poate|mungkin"
    r"|posible|siguro|baka|mahdollin\w*|ehkä|kenties|אולי|شاید|احتمال\w*"
    r"|pokud|jestli\w*|kdyby|ak|jeśli|jeżeli|gdyby|als|indien|om|hvis|αν|εάν|אם|اگر|آیا|якщо"
    r"|якби|если|ли|jika|kalau|kung|hindi|jos|dacă"
    r"|facit|key|klucz\w*|klíč\w*|sleutel|nøgle\w*|nøkkel\w*|säger|sier|siger|zegt|říká"
    r"|mówi|λέει|говорит|каже|ayon|menurut|potrivit|conform|enligt|ifølge|volgens|podle"
    r"|według|σύμφωνα|согласно|згідно|לפי|طبق|اساس"
    r"|最初|間違|誤|もし|たぶん|多分|によると)"
    r"(?!\w)[^\n.!?。؟]{0,24}\Z",
    re.IGNORECASE)
SENTENCE = 40  # characters before a pick where its sentence's qualifiers are looked for


# Another option's letter standing alone after a pick ("... (D) juga, jadi saya pilih D.",
# "... kaya D na lang."): a switch in words these tables do not read, so the pick is no
# commitment. (Not English's "I think" nor "A farm ...": a pronoun and an article.)
_LETTER = re.compile(r"(?<![\w'’])(?-i:[A-J])(?![\w'’])(?<!I(?= [a-z]))(?<!A(?= [a-z]))")


def last_pick(text: str, lo: int = 0) -> tuple[str, int, int, bool] | None:
    """(letter, end, start, switched) of the last pick in another language starting at or
    after `lo` whose sentence neither denies, supposes nor dates it, `switched` where another
    option's letter stands alone after it; None without one."""
    for m in reversed(list(_PICK.finditer(text, lo))):
        at = m.start()
        if _NOT_THE_PICK.search(text, max(0, at - SENTENCE), at) is None:
            letter = m.group("letter")
            switched = any(other.group() != letter for other in _LETTER.finditer(text, m.end()))
            return letter, m.end(), at, switched
    return None
