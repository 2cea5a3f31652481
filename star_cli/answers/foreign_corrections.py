"""An answer taken back in another language, read as `hedges.retracted` reads English's.

Outright: "me equivoqué", "я ошибся", "我错了" (`RETRACTION`); a correction's label opening a
sentence ("Korrektur:", "Poprawka:", "更正："), as English's "correction"; "no, wait" ("No,
espera", "Нет, подожди", "不，等等"). By a cue opening a sentence ("Espera, en realidad es C.",
"Warte, eigentlich ist es 48.", "Точнее, ответ 48.", "等等，其实是48。"): only when that
sentence, or the next one when its own states nothing, gives another value, as English's
"wait" and "actually" (`CORRECTING`; `hedges.retracted` weighs the value).

One table a language, as `foreign_picks` reads picks: each cue is a word or phrase that turns
from what was said ("wait", "actually", "rather", "more exactly"), never one that only
explains ("because"). A cue only opens a sentence (after a full stop, a colon, a line break,
or a full-width comma in Chinese and Japanese), so the same word inside a clause ("plutôt
que") is none.
"""

from __future__ import annotations

import re

ELSEWHERE_REACH = 240  # characters after the answer where an outright retraction is looked for

# Taking an answer back outright in another language ("me equivoqué: eso no es correcto",
# "беру свои слова обратно", "mýlil jsem se", "我错了"), in a text after the answer that is not
# ASCII (each of these has a letter past ASCII; a scan of every text would cost every check).
RETRACTION = re.compile(
    # (every form starts with one of these: a look at the character first skips the others
    # at a fraction of the cost of trying every form there)
    r"(?=[meijcndstbpohyaяэбцέαטזاأهमय我这間誤제틀])"
    r"(?:(?<!\w)(?:me\s+(?:he\s+)?equivoqu[ée]|eso\s+(?:no\s+es\s+correcto|es\s+incorrecto|está"
    r"\s+mal)|me\s+enganei|isso\s+(?:está\s+errado|não\s+está\s+correto)|je\s+me\s+suis\s+"
    r"trompée?|ce\s+n['’]est\s+pas\s+(?:correct|juste)|mi\s+sono\s+sbagliat[oa]|non\s+è\s+"
    r"corretto|ich\s+habe\s+mich\s+geirrt|das\s+ist\s+(?:falsch|nicht\s+richtig)|mýlil[a]?\s+"
    r"jsem\s+se|spletl[a]?\s+jsem\s+se|to\s+(?:je\s+špatně|není\s+správně)|beru\s+(?:to\s+)?zpět"
    r"|mýlil\s+som\s+sa|pomylił[ae]m\s+się|to\s+(?:jest\s+błędne|nie\s+jest\s+poprawne)"
    r"|jag\s+hade\s+fel|det\s+(?:är\s+fel|stämmer\s+inte)|jeg\s+(?:tog\s+fejl|tok\s+feil)"
    r"|olin\s+väärässä|я\s+ошибл(?:ся|ась)|это\s+(?:неверно|неправильно)|беру\s+свои\s+слова"
    r"\s+обратно|я\s+помилил(?:ся|ася)|це\s+(?:неправильно|невірно)|έκανα\s+λάθος|αυτό\s+είναι"
    r"\s+λάθος|טעיתי|זה\s+(?:לא\s+נכון|שגוי)|اشتباه\s+کردم|این\s+(?:درست\s+نیست|اشتباه\s+است)"
    r"|أخطأت|هذا\s+(?:خطأ|غير\s+صحيح)|yanıldım|hata\s+yaptım|bu\s+(?:yanlış|doğru\s+değil)"
    r"|tôi\s+(?:đã\s+)?sai(?:\s+rồi)?|m-am\s+înșelat|am\s+greșit|tévedtem|ez\s+nem\s+helyes"
    r"|मैं\s+गलत\s+था|यह\s+गलत\s+है)(?!\w)|我错了|这是错的|間違えました|間違いでした|誤りでした"
    r"|제가\s*틀렸|틀렸습니다)",
    re.IGNORECASE)

# Correction cues, by language; matched on lower-cased text. Words of scripts that write
# words apart end at a word's end; those of scripts that do not (Chinese, Japanese, Thai)
# may run into the next word ("其实是C").
_CUES = {
    "es": "espera|esperen|un momento|en realidad|mejor dicho|me corrijo|corrijo|corrección",
    "pt": "espera|espere|na verdade|aliás|corrigindo|correção|corrijo",
    "fr": "attends|attendez|en fait|plutôt|je corrige|je rectifie|rectification|correction",
    "de": "warte|moment mal|eigentlich|vielmehr|korrektur|berichtigung",
    "it": "aspetta|aspettate|anzi|in realtà|correggo|correzione",
    "nl": "wacht|eigenlijk|correctie|verbetering",
    "sv/da/no": "vänta|egentligen|rättelse|vent|faktisk|egentlig|rettelse|retting",
    "pl": "czekaj|zaraz|właściwie|poprawka|a raczej",
    "cs/sk": "počkej|počkejte|počkaj|vlastně|vlastne|oprava|přesněji|presnejšie",
    "sr/hr/bs/sl": "čekaj|zapravo|ispravka|točnije|tačnije|popravek",
    "ru": "подожди|погоди|постой|на самом деле|точнее|вернее|поправка|исправление",
    "uk": "зачекай|стривай|насправді|точніше|вірніше|виправлення",
    "bg": "чакай|всъщност|по-точно|поправка",
    "el": "περίμενε|στην πραγματικότητα|διόρθωση|για την ακρίβεια",
    "tr": "bekle|aslında|düzeltme|daha doğrusu",
    "id/ms": "tunggu|sebenarnya|sebetulnya|koreksi|ralat|pembetulan",
    "vi": "khoan|đợi đã|chờ đã|thực ra|à không|nhầm rồi|sửa lại",
    "tl": "teka|sandali|ang totoo|sa totoo lang|mali pala",
    "sw": "subiri|kwa kweli|marekebisho",
    "ro": "stai|de fapt|corectez|corectură|mai exact",
    "hu": "várj|valójában|igazából|javítás|pontosabban",
    "fi/et": "odota|itse asiassa|korjaus|tarkemmin|oota|tegelikult|parandus",
    "he": "רגע|בעצם|למעשה|תיקון",
    "ar": "انتظر|مهلا|في الواقع|في الحقيقة|تصحيح",
    "fa/ur": "صبر کن|در واقع|در حقیقت|اصلاح|رکو|دراصل|اصل میں|تصحیح",
    "hi": "रुको|रुकिए|असल में|दरअसल|वास्तव में|सुधार",
    "bn": "দাঁড়াও|আসলে|প্রকৃতপক্ষে|সংশোধন",
    "ko": "잠깐|사실은|정정",
}
_RUN_IN_CUES = {  # scripts that write no space between words
    "zh": "等等|等一下|其实|其實|实际上|實際上|更正|订正|訂正|哦不",
    "ja": "待って|待てよ|実は|実際は|訂正",
    "th": "เดี๋ยว|ที่จริง|จริงๆ แล้ว|แก้ไข",
}
# Nouns for a correction, as a label ("Korrektur:", "Poprawka:", "更正："): English's
# "correction" takes the answer back outright, and so do these.
_LABELS = ("corrección|correção|correction|korrektur|berichtigung|correzione|correctie"
           "|verbetering|rättelse|rettelse|retting|poprawka|oprava|ispravka|поправка|исправление"
           "|виправлення|διόρθωση|düzeltme|koreksi|ralat|pembetulan|marekebisho|corectură"
           "|javítás|korjaus|parandus|תיקון|تصحيح|اصلاح|تصحیح|सुधार|সংশোধন|정정|更正|订正|訂正")
# "No, wait" ("No, espera", "Nein, warte", "Нет, подожди", "不，等等"): outright, as English's.
_NO = ("no|não|non|nein|nee|nej|nei|nie|ne|нет|ні|не|όχι|hayır|tidak|bukan|không|hindi|hapana"
       "|nu|nem|ei|לא|لا|نه|नहीं|না|아니|不|いや")
_WAIT = ("espera|esperen|espere|un momento|attends|attendez|warte|aspetta|wacht|vänta|vent"
         "|czekaj|zaraz|počkej|počkaj|čekaj|подожди|погоди|постой|зачекай|стривай|чакай"
         "|περίμενε|bekle|tunggu|khoan|đợi đã|chờ đã|teka|sandali|subiri|stai|várj|odota|oota"
         "|רגע|انتظر|مهلا|صبر کن|रुको|रुकिए|দাঁড়াও|잠깐|等等|等一下|待って")
_BUT = "but|oh|pero|mas|mais|aber|ma|maar|men|ale|но|але|ama|tapi|nhưng|但是|但|でも"


def _one_of(*tables: str) -> str:
    """A regex for any word of `tables` (each "a|b|c"), written as a trie: where a cue may
    start, the regex tries a branch for each first character, not each of 200 words."""
    trie: dict[str, dict] = {}
    for word in "|".join(tables).split("|"):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie(trie)


def _trie(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


_FIRST = "".join(sorted({word[0] for table in (_BUT, _NO, _LABELS, *_CUES.values(),
                                                 *_RUN_IN_CUES.values())
                         for word in table.split("|")}))
# What a cue may follow: "but" or "oh"; a full stop, colon, line break or bracket before it and
# markup between (a text's start too: `_AT_START`); never a backslash (`\\(\\text`: LaTeX).
# (The first character of the search a class, and a look at the cue's first character
# before any cue is tried: most windows after an answer are math, and pay little.)
_CUE = (rf"\s*\W{{0,3}}(?<!\\)(?=[{re.escape(_FIRST)}])(?:{_one_of(_BUT)}\W{{1,3}})?"
        # with `outright`, the answer is taken back whatever follows; otherwise the cue's
        # sentence must give another value
        rf"(?:(?P<outright>(?:{_one_of(_NO)}[\s,，、]+)?{_one_of(_LABELS)}\s*[:：]"
        rf"|{_one_of(_NO)}[\s,，、!！]+{_one_of(_WAIT)}(?!\w))"
        rf"|{_one_of(*_CUES.values())}(?!\w)|{_one_of(*_RUN_IN_CUES.values())})")
_STOPS = "[.!?:;\n(。！？：；，、،؛؟।]"
_IN_TEXT = (re.compile(_STOPS + _CUE), re.compile(_STOPS + _CUE, re.IGNORECASE))
_AT_START = (re.compile(_CUE), re.compile(_CUE, re.IGNORECASE))


def cues(text: str, lowered: bool) -> list[re.Match[str]]:
    """The correction cues in `text`, in order (a cue at its start maybe twice); `lowered`:
    `text` is lower-cased, so the cues are matched as written, else case-blind."""
    case = 0 if lowered else 1
    first = _AT_START[case].match(text)
    rest = list(_IN_TEXT[case].finditer(text))
    return [first, *rest] if first is not None else rest
