"""An answer taken back in another language, read as `hedges.retracted` reads English's.

Tables of words a kind, each a few dozen languages, and what each kind needs to take an
answer back (`hedges._corrects_elsewhere` weighs the value):
- outright, whatever follows: "I made a mistake", "I miscalculated", "oops", "I'm not sure"
  (`_MY_MISTAKE`; and `RETRACTION` anywhere in a text outside ASCII), a correction's label
  ("Korrektur:", "更正："), "no, wait" ("No, espera") but not after a question;
- "wait" (`_WAIT`, only with a stop right after it) and "or rather", "I correct myself"
  (`_BACK`): a sentence, theirs or the next, that gives another value;
- "actually", "more exactly", "on second thought" (`_ACTUALLY`) and "sorry" (`_SORRY`):
  these open explanations and closings as often as corrections ("Eigentlich braucht man nur
  3 Schritte", "Lo siento si quedó larga"), so only a sentence (for "sorry", a last clause)
  that is a value (`is_a_value`: "En realidad es C.", "Perdón, conté mal: es 48.").
A cue opens a sentence (after a full stop, a colon, a line break, or a full-width comma in
Chinese and Japanese); one in someone's quoted words, before a check, a question, a denied
value or an amount in a list is none (`QUOTED`, `CHECKING`, `NEGATED`, `in_a_bill`). Two
helper reviews (1,741 probes) shaped these rules: a cue word alone is an explanation's as
often as a correction's.
"""

from __future__ import annotations

import functools
import re

ELSEWHERE_REACH = 240  # characters after the answer where an outright retraction is looked for

# Taking an answer back outright in another language ("me equivoqué: eso no es correcto",
# "беру свои слова обратно", "mýlil jsem se", "我错了"), in a text after the answer that is not
# ASCII (each of these has a letter past ASCII; a scan of every text would cost every check).
RETRACTION = re.compile(
    # (every form starts with one of these: a look at the character first skips the others
    # at a fraction of the cost of trying every form there)
    r"(?=[meijcndstbpohyaяэбцέαטזاأهमयভ我这間誤제틀])"
    r"(?:(?<!\w)(?:me\s+(?:he\s+)?equivoqu[ée]|eso\s+(?:no\s+es\s+correcto|es\s+incorrecto|está"
    r"\s+mal)|me\s+enganei|isso\s+(?:está\s+errado|não\s+está\s+correto)|je\s+me\s+suis\s+"
    r"trompée?|ce\s+n['’]est\s+pas\s+(?:correct|juste)|mi\s+sono\s+sbagliat[oa]|non\s+è\s+"
    r"corretto|ich\s+habe\s+mich\s+(?:geirrt|verrechnet|vertan)|das\s+ist\s+(?:falsch|nicht\s+richtig)|(?:po)?mýlil[a]?\s+"
    r"jsem\s+se|spletl[a]?\s+jsem\s+se|to\s+(?:je\s+špatně|není\s+správně)|beru\s+(?:to\s+)?zpět"
    r"|mýlil\s+som\s+sa|pomylił[ae]m\s+się|to\s+(?:jest\s+błędne|nie\s+jest\s+poprawne)"
    r"|jag\s+hade\s+fel|det\s+(?:är\s+fel|stämmer\s+inte)|jeg\s+(?:tog\s+fejl|tok\s+feil)"
    r"|olin\s+väärässä|я\s+ошиб(?:ся|лась)|это\s+(?:неверно|неправильно)|беру\s+свои\s+слова"
    r"\s+обратно|я\s+помили(?:вся|лася)|це\s+(?:неправильно|невірно)|έκανα\s+λάθος|αυτό\s+είναι"
    r"\s+λάθος|טעיתי|זה\s+(?:לא\s+נכון|שגוי)|اشتباه\s+کردم|این\s+(?:درست\s+نیست|اشتباه\s+است)"
    r"|أخطأت|هذا\s+(?:خطأ|غير\s+صحيح)|yanıldım|hata\s+yaptım|bu\s+(?:yanlış|doğru\s+değil)"
    r"|tôi\s+(?:đã\s+)?sai(?:\s+rồi)?|m-am\s+înșelat|am\s+greșit|tévedtem|ez\s+nem\s+helyes"
    r"|मैं\s+गलत\s+था|यह\s+गलत\s+है|ভুল\s+(?:লিখেছি|করেছি|হয়েছে|হয়েছে))(?!\w)|我(?:算|搞)?错了"
    r"|这是错的|間違えました|間違いでした|誤りでした"
    r"|제가\s*틀렸|틀렸습니다)",
    re.IGNORECASE)

def retracts(text: str) -> bool:
    """Whether `text` takes an answer back outright (`RETRACTION`) in its first
    ELSEWHERE_REACH characters, not in someone's quoted words („Ich habe mich verrechnet!")."""
    return any(QUOTED.search(text, max(0, m.start() - 2), m.start()) is None
               for m in RETRACTION.finditer(text, 0, ELSEWHERE_REACH))


# Cues of a correction, by language; matched on lower-cased text. "Wait": only with a stop
# right after it ("Espera, ...", "Подожди. ...", "等等，"), so "stai attento", "zaraz po" and
# "un momento clave" are none.
_WAIT = (
    "espera|esperen|espere|un momento|attends|attendez|warte|moment|halt|aspetta|aspetti"
    "|un attimo|wacht|vänta|vent|czekaj|zaczekaj|chwila|zaraz|počkej|počkejte|počkaj|čekaj"
    "|подожди|подождите|погоди|погодите|постой|стоп|зачекай|зачекайте|стривай|чакай"
    "|περίμενε|περιμένετε|στάσου|bekle|bekleyin|dur|tunggu|khoan|đợi đã|chờ đã|teka|sandali"
    "|subiri|ngoja|stai|stați|várj|várjunk|várjunk csak|odota|oota|khoan đã|רגע|انتظر|انتظري|مهلا"
    "|لحظة|صبر کن|रुको|रुकिए|počkat|vent litt|vent nå|vänta lite|czekaj chwilę"
    "|দাঁড়াও|잠깐|잠깐만|잠깐만요|等等|等一下|稍等|待って|ちょっと待って|待ってください|待てよ")
# Turning from what was said: "or rather", "I correct myself".
_BACK = ("ou melhor|ou plutôt|anzi|a raczej|daha doğrusu|mi correggo|me corrijo|corrijo"
         "|je corrige|je rectifie|corrigindo|corectez|хотя нет|ei kun|à không|nhầm rồi"
         "|sửa lại|mali pala|哦不|opravujem sa|opravuji se|poprawiam się|исправляюсь"
         "|виправляюся|düzeltiyorum|korjaan|rättar mig|retter meg|retter mig|ik verbeter mezelf"
         "|nein, doch|nee, toch|nej, förresten|nej förresten|ei, vaan|ei vaan"  # ("no, D
         # after all", "no, but 44": alone, a particle)
         # "I forgot" (the fee, a step): a sentence after it that gives another value
         "|olvidé|me olvidé|esqueci|j'ai oublié|ho dimenticato|ich habe vergessen|ik ben vergeten"
         "|jag glömde|jeg glemte|zapomniałem|zapomniałam|zapomněl jsem|zapomněla jsem|я забыл"
         "|я забыла|я забув|я забула|unuttum|saya lupa|aku lupa|tôi quên|nakalimutan ko"
         "|nilisahau|elfelejtettem|unohdin|am uitat|ξέχασα|שכחתי|نسيت|فراموش کردم|भूल गया"
         "|भूल गई|ভুলে গেছি|我忘了|忘れていました|잊었습니다"
         "|เดี๋ยว")  # (Thai's "wait": a space is its stop)
# "Actually", "rather", "more exactly", "on second thought": words that also open an
# explanation ("Eigentlich braucht man nur 3 Schritte", "En realidad, la opción A no
# sirve"), so they correct only a
# sentence that is a value: a word or two, the value, maybe a unit, the end (`_SHAPED`).
_ACTUALLY = (
    "mejor dicho|o mejor dicho|вернее|вірніше|pensándolo bien|pensando bem|à la réflexion"
    "|a pensarci bene|en realidad|de hecho|na verdade|aliás|en fait|plutôt|v skutočnosti"
    "|ve skutečnosti|u stvari|у ствари"
    "|eigentlich|vielmehr|in realtà|eigenlijk|egentligen|faktisk|egentlig"
    "|właściwie|vlastně|vlastne|přesněji|presnejšie|zapravo|točnije|tačnije"
    "|на самом деле|точнее|насправді|точніше|всъщност|по-точно"
    "|στην πραγματικότητα|για την ακρίβεια|βασικά|aslında|sebenarnya|sebetulnya"
    "|thực ra|thật ra|ang totoo|sa totoo lang|kwa kweli|de fapt|mai exact|valójában|igazából"
    "|pontosabban|itse asiassa|oikeastaan|tarkemmin|tegelikult|בעצם|למעשה|في الواقع|في الحقيقة"
    "|در واقع|در حقیقت|دراصل|اصل میں|असल में|दरअसल|वास्तव में|আসলে|প্রকৃতপক্ষে|사실은")
_RUN_IN_ACTUALLY = "其实|其實|实际上|實際上|実は|実際は|正しくは|やっぱり|ที่จริง|จริงๆ แล้ว"
# Nouns for a correction, as a label ("Korrektur:", "Poprawka:", "更正："): English's
# "correction" takes the answer back outright, and so do these (not the words that also
# mean a repair, `Oprava: 30 Kč` in a bill: oprava, javítás, korjaus, תיקון, सुधार, اصلاح).
_LABELS = ("corrección|correção|correction|korrektur|berichtigung|correzione|correctie"
           "|verbetering|rättelse|rettelse|retting|poprawka|ispravka|поправка|исправление"
           "|виправлення|διόρθωση|düzeltme|koreksi|ralat|pembetulan|marekebisho|corectură"
           "|تصحيح|تصحیح|সংশোধন|정정|更正|订正|訂正"
           # "corrected answer:", "mistake:"
           "|răspuns corectat|respuesta corregida|resposta corrigida|réponse corrigée"
           "|korrigierte antwort|risposta corretta|gecorrigeerd antwoord|poprawiona odpowiedź"
           "|opravená odpověď|исправленный ответ|виправлена відповідь|düzeltilmiş cevap"
           "|greșeală|greseala|修正后的答案|修正後の答え")
# Words for a correction that also mean a repair or a fix: a label of these corrects only by a
# sentence that states a value with a word before it ("Oprava: odpověď je 48.").
_REPAIR = "oprava|javítás|korjaus|parandus|תיקון|सुधार|اصلاح"
# "I made a mistake" opening a sentence (in any script: `RETRACTION` reads only texts outside
# ASCII, and "Ich habe mich verrechnet" is ASCII).
_MY_MISTAKE = ("me equivoqué|me he equivocado|me enganei|je me suis trompé|je me suis trompée"
               "|mi sono sbagliato|mi sono sbagliata|ich habe mich geirrt|ich habe mich verrechnet"
               "|ich habe mich vertan|ik heb me vergist|jag hade fel|jeg tog fejl|jeg tok feil"
               "|pomyliłem się|pomyliłam się|mýlil jsem se|pomýlil jsem se|spletl jsem se"
               "|я ошибся|я ошиблась|я помилився|я помилилася|yanıldım|hata yaptım|saya salah"
               "|aku salah|tôi đã sai|tôi sai rồi|m-am înșelat|am greșit|tévedtem|olin väärässä"
               # "I made a mistake", "I correct myself"
               "|cometí un error|cometi um erro|j'ai fait une erreur|ho fatto un errore"
               "|ich habe einen fehler gemacht|ich korrigiere mich|ik heb een fout gemaakt"
               "|jag gjorde ett fel|jag rättar mig|jeg lavede en fejl|jeg gjorde en feil"
               "|jeg retter mig selv|jeg retter meg selv|popełniłem błąd|popełniłam błąd"
               "|udělal jsem chybu|udělala jsem chybu|я допустил ошибку|я допустила ошибку"
               "|я зробив помилку|bir hata yaptım|saya membuat kesalahan|saya keliru|tôi đã nhầm"
               "|nagkamali ako|nimekosea|nilikosea|am făcut o greșeală|hibát követtem el"
               "|tein virheen|pogriješio sam|pogriješila sam|pogrešio sam|pogrešila sam"
               "|погрешио сам|погрешила сам|مجھ سے غلطی ہوئی|میں نے غلطی کی"
               "|עשיתי טעות|ارتكبت خطأ|मैंने गलती की|मुझसे गलती हुई|আমি ভুল করেছি|我犯了一个错误"
               "|我搞错了|실수했습니다|ฉันผิดเอง"
               # "I miscalculated"
               "|calculé mal|calculei mal|j'ai mal calculé|ho calcolato male|ich habe falsch"
               " gerechnet|yanlış hesapladım|saya salah hitung|tôi tính sai|я неправильно посчитал"
               "|я неправильно посчитала|źle policzyłem|źle policzyłam|špatně jsem spočítal"
               # "oops", as English's
               "|oops|oeps|oups|ups|upps|hoppla|ojej|упс|ой|ayy|アッ|あっ|哎呀"
               # "I'm not sure", as English's
               "|no estoy seguro|no estoy segura|não tenho certeza|je ne suis pas sûr"
               "|je ne suis pas sûre|ich bin mir nicht sicher|ich bin nicht sicher|non sono sicuro"
               "|non sono sicura|ik weet het niet zeker|jag är inte säker|jeg er ikke sikker"
               "|nie jestem pewien|nie jestem pewna|nejsem si jistý|nejsem si jistá|я не уверен"
               "|я не уверена|не уверен|не уверена|я не впевнений|я не впевнена|emin değilim"
               "|saya tidak yakin|aku tidak yakin|tôi không chắc|hindi ako sigurado|sina uhakika"
               "|nu sunt sigur|nu sunt sigură|nu pot alege|nem vagyok biztos|en ole varma"
               "|δεν είμαι σίγουρος|δεν είμαι σίγουρη|אני לא בטוח|אני לא בטוחה|لست متأكدا"
               "|لست متأكدة"
               "|مطمئن نیستم|मुझे यकीन नहीं|আমি নিশ্চিত নই|我不确定|我不太确定|確信が持てません"
               "|잘 모르겠|확실하지 않|ไม่แน่ใจ")
# "Sorry" ("Perdón", "Entschuldigung", "抱歉"): a take-back only when its sentence, or the next,
# ends on another value ("Perdón, son 48."); a closing ("Lo siento si quedó larga") is none.
_SORRY = ("perdón|perdona|disculpa|disculpe|lo siento|desculpe|desculpa|perdão|désolé|désolée"
          "|entschuldigung|scusa|scusate|scusami|mi scuso|förlåt|ursäkta|undskyld|beklager"
          "|przepraszam|promiň|promiňte|omlouvám se|prepáč|prepáčte|oprosti|извини|извините"
          "|извиняюсь|прошу прощения|вибач|вибачте|извинявай|συγγνώμη|özür dilerim|maaf|xin lỗi"
          "|paumanhin|samahani|scuze|îmi cer scuze|bocsánat|elnézést|anteeksi|vabandust|סליחה"
          "|آسف|عذراً|عذرا|معذرة|ببخشید|معذرت|माफ़ कीजिए|क्षमा करें|माफ करें|দুঃখিত|抱歉|对不起"
          "|對不起|不好意思|すみません|ごめんなさい|ごめん|申し訳ありません|죄송합니다|미안합니다|ขอโทษ"
          "|pardon|क्षमस्व|माफ करा|oprostite|izvinite|извините|معاف کیجیے|معاف کیجئے|معاف کریں")
# What may come before an outright take-back: "oh", "oops" ("Ops, desculpe", "ओह, मैंने
# गलती की").
_OH = ("oh|ah|eh|oops|ups|opa|oups|hoppla|hov|ojej|ой|ох|упс|aduh|ôi|ay|hmm|hm|ओह|أوه|오|아"
       "|哦|噢|啊|あ|おっと")
# "No" before "wait" ("No, espera", "Нет, подожди", "不，等等"), outright as English's "no,
# wait"; before any cue, a lead-in ("Non, en fait c'est 48."), as "but", "oh" and "well" are.
_NO = ("no|não|non|nein|nee|nej|nei|nie|ne|нет|ні|не|όχι|hayır|tidak|bukan|không|hindi|hapana"
       "|nu|ba nu|nem|ei|לא|لا|نه|नहीं|না|아니|不|いや")
_LEAD = ("but|well|pero|bueno|mas|mais|euh|aber|ma|maar|men|ale|но|ну|хм|але|ama|tapi|nhưng"
         "|但是|但|嗯|でも|" + _OH + "|" + _NO + "|" + _ACTUALLY)  # ("En fait, je corrige : ...")


def one_of(*tables: str) -> str:
    """A regex for any word of `tables` (each "a|b|c"), written as a trie: where a cue may
    start, the regex tries a branch for each first character, not each of 300 words."""
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


_OPENERS = (_OH, _LEAD, _WAIT, _BACK, _ACTUALLY, _RUN_IN_ACTUALLY, _LABELS, _REPAIR, _MY_MISTAKE,
            _SORRY)
_FIRST = "".join(sorted({word[0] for table in _OPENERS for word in table.split("|")}))
_STOP = r"\s*[,:;.!…—–-]|\s*[，、：；。！،؛।]"  # what follows "wait"
# A cue, from where a sentence starts: markup, a lead-in ("but", "well", "no") and its
# comma, then the cue. `outright`: the answer is taken back whatever follows; `actually`: only
# by a sentence that is a value; any other, by a sentence that gives another value.
# (A look at the cue's first character before any word is tried, and never after a
# backslash, `\\(\\text`: most text after an answer is math, and pays little.)
_CUE = (rf"\s*\W{{0,3}}(?<!\\)(?=[{re.escape(_FIRST)}])"
        rf"(?:(?:{one_of(_OH, _SORRY)}\s*[,，、!！.…—–-]*\s*)?"
        rf"(?P<outright>(?:{one_of(_NO)}\s*[,，、]\s*)?{one_of(_LABELS)}\s*[:：]"
        rf"|{one_of(_MY_MISTAKE)}(?!\w)"
        rf"|{one_of(_NO)}\s*[,，、!！.]\s*{one_of(_WAIT)}(?={_STOP}))"
        rf"|(?:{one_of(_LEAD)}(?:\s*[,，、!！.]?\s+|\s*[,，、]\s*))?"
        rf"(?:(?P<wait>{one_of(_WAIT)})(?={_STOP})|{one_of(_BACK)}(?!\w)"
        rf"|(?P<sorry>{one_of(_SORRY)})(?!\w)"
        rf"|(?P<actually>{one_of(_ACTUALLY)}(?!\w)|{one_of(_RUN_IN_ACTUALLY)})"
        rf"|(?P<repair>{one_of(_REPAIR)})\s*[:：]))")
_STOPS = "[.!?:;\\n(。！？：；，、،؛؟।]"


@functools.cache
def _cue_pattern() -> re.Pattern[str]:
    # (compiled on first use: some twenty milliseconds, which a run that never reads a
    # take-back, or a cold start of `star check`, should not pay)
    return re.compile(_STOPS + _CUE)


def cues(window: str) -> list[re.Match[str]]:
    """The correction cues in `window`, in order, matched on its lower case; their positions
    are those of `"\\n" + window` (a cue may open the window: the line break is its stop)."""
    lowered = window.lower()
    if len(lowered) != len(window):  # (a letter whose lower case is longer: İ)
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in window)
    return list(_cue_pattern().finditer("\n" + lowered))


QUESTION_MARKS = "?？؟"


def asks(text: str) -> bool:
    """Whether `text` ends on a question mark (of any script)."""
    return (last := text.rstrip()[-1:]) != "" and last in QUESTION_MARKS


def outright(cue: re.Match[str]) -> bool:
    """Whether a cue takes the answer back whatever follows: a correction's label, "I made a
    mistake", "no, wait"; not a "no" that answers a question just asked ("¿Podría ser 48? No,
    espera: ... así que 42 es correcto."): that one is a cue as "wait" is."""
    return cue.group("outright") is not None and cue.string[cue.start()] not in QUESTION_MARKS and (
        not in_a_bill(cue))


# A line "Word: amount" (a bill's, a list's: "Korrektur: 30 €", "- Espera: 20 minutos").
_AMOUNT_LINE = re.compile(r"[^\n:：]{1,40}[:：][ \t]*[^\n\d]{0,4}\d[^\n]*")
_AN_AMOUNT_AFTER = re.compile(r"[ \t*_]*[:：]?[ \t*_]*[-+$€£]?\d")  # right after a cue
_A_COLON_AFTER = re.compile(r"[\s*_]*[:：]")


def in_a_bill(cue: re.Match[str]) -> bool:
    """Whether a cue is a label with an amount on its line among lines of the same shape, or
    "wait" labelling a time ("Espera: 20 minutos"): a bill or a list, no take-back."""
    text, end = cue.string, cue.end()
    if _AN_AMOUNT_AFTER.match(text, end) is None:
        return False
    if cue.group("wait") is not None and _A_COLON_AFTER.match(text, end):
        return True
    line = text.rfind("\n", 0, end) + 1  # (the window starts with a line break)
    before = text[text.rfind("\n", 0, max(line - 1, 0)) + 1 : max(line - 1, 0)]
    after = ""
    if (nl := text.find("\n", end)) != -1:
        nxt = text.find("\n", nl + 1)
        after = text[nl + 1 : nxt if nxt != -1 else len(text)]
    return any(_AMOUNT_LINE.fullmatch(lines.strip()) for lines in (before, after) if lines)


# A sentence that is a value: a word or two before it ("es", "ist es", "c'est", "это", "是"),
# the value, maybe a unit after a short word ("sind es 48 Äpfel", not "stačí 2 kroky"), the end.
# (a word: letters and the marks that join them, which `\w` leaves out: "म्हणून", "ที่ถูก")
_MARKS = ("\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0903"
          "\u093a-\u094f\u0955-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09cd\u09d7\u09e2\u09e3"
          "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e")
_A_WORD = rf"[^\W\d_](?:[^\W\d_]|[{_MARKS}])*"


def _value_sentence(words: int) -> re.Pattern[str]:
    """Up to `words` words, a value, maybe one word after it (its unit or a copula). (Each
    word whole: a long word split into up to four took seconds, and its last letter was
    read as a choice's, "esa" as "es a".)"""
    word = rf"{_A_WORD}(?![^\W\d_]|[{_MARKS}])"
    return re.compile(rf"\W*(?P<words>(?:{word}\W*?){{0,{words}}}?)\W*[$(\\]*"
                      rf"(?:-?\d[\d,.]*|\(?[A-Ea-e]\)?)\W*(?P<unit>{_A_WORD}\W*)?", re.DOTALL)


_SHAPED = _value_sentence(2)
_NAMED = _value_sentence(4)  # (when one of them names the answer: "la respuesta es C")
_WORD = re.compile(_A_WORD)
# The words for "the answer" and "the total" (lower case): "la respuesta es 48".
ANSWER_NOUNS = frozenset((
    "respuesta", "resposta", "réponse", "antwort", "risposta", "antwoord", "svar", "svaret",
    "odpowiedź", "odpověď", "odpoveď", "ответ", "відповідь", "cevap", "jawaban", "jawabannya",
    "jawapan", "sagot", "jibu", "răspunsul", "răspuns", "válasz", "vastaus", "απάντηση",
    "תשובה", "התשובה", "الإجابة", "الجواب", "پاسخ", "उत्तर", "উত্তর", "答案", "答え", "정답",
    "คำตอบ", "total", "totale", "gesamt", "totaal", "итого", "всего", "toplam", "jumlah", "tổng",
    # "the result" ("kết quả", "đáp án": the syllable that names it)
    "resultado", "résultat", "ergebnis", "risultato", "resultaat", "resultat", "wynik",
    "výsledek", "výsledok", "результат", "sonuç", "hasil", "rezultat", "quả", "án"))
_RUN_IN_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
SHORT_WORD = 3  # letters of a word before a value and its unit ("es", "ist", "это"; "是")


_CLAUSE_BREAK = re.compile(r"[:;,—–，：；。]|[.!?।](?=\s)")


def last_clause(text: str) -> str:
    """What follows the last colon, semicolon, comma, dash or full stop of `text` (its end
    aside: "..., es 48.")."""
    body = text.rstrip(" \t\n.!?।。*_")
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(body)]
    return text[breaks[-1] :] if breaks else text


def is_a_value(sentence: str, stated: bool = False) -> bool:
    """Whether what follows an "actually" cue in its sentence is only a value (`_SHAPED`):
    "..., es C.", "ist es 48.", "是48。", not "braucht man nur 3 Schritte", "la opción A no
    sirve porque ...", "6 коробок по 7 яблок", "wystarczą 2 kroki"; `stated`: with a word
    before the value ("odpověď je 48", not "30 Kč")."""
    m = _SHAPED.fullmatch(sentence)
    if m is None:  # "Mejor dicho, la respuesta es C.": up to four words with the answer's
        return (m := _NAMED.fullmatch(sentence)) is not None and any(
            w in ANSWER_NOUNS for w in _WORD.findall(m.group("words"))) and (
            not m.group("unit") or _copula(_WORD.match(m.group("unit")).group()))  # type: ignore
    words = _WORD.findall(m.group("words"))
    if stated and not words:
        return False
    if m.group("unit") and words:  # a value with its unit: after a copula's short word,
        last, unit = words[-1], _WORD.match(m.group("unit")).group()  # type: ignore[union-attr]
        return len(last) <= (1 if _RUN_IN_SCRIPT.search(last) else SHORT_WORD) or _copula(unit)
    return True


def _copula(word: str) -> bool:
    """Whether a word after a value may be a copula ("پاسخ 48 است", "उत्तर 48 है", "48です")."""
    return word in _COPULAS or len(word) <= SHORT_WORD and not _RUN_IN_SCRIPT.search(word)


_COPULAS = frozenset({"です", "だ", "입니다", "이다", "예요", "이에요"})


# A check in other languages ("Warte, ich prüfe: 42 / 6 = 7 ✓", "等等，验证一下"): the
# numbers it ends on are the check's, not a corrected answer.
CHECKING = re.compile(
    r"prüf|kontroll|comprob|verific|vérif|controll|conferir|провер|перевір|kontrol|periksa|semak"
    r"|\bcek\b|검산|검증|doğrula|controle|أتأكد|التأكد|تأكد|בדוק|נבדוק|जांच|確かめ|核对|核實"
    r"|kiểm tra|sprawdz|ověř|overi|provjer|ellenőr|tarkist|έλεγχ|בדיק|تحقق|بررسی|जाँच|যাচাই"
    r"|验证|驗證|检查|檢查|検算|確認|확인|ตรวจ|✓|✔|✅"
    # recounting: "repasemos", "nachrechnen", "пересчитаем", "再算一遍", "念のため"
    r"|repas|recont|recompt|nachrechn|rifacc|ricontr|пересчит|перерах|przelicz|hitung ulang"
    r"|tính lại|再算|重新算|念のため|다시 계산|ξαναμετρ|revis|\bprobe\b|نعد الحساب|tuhesabu"
    r"|hesabu tena|meriksa|uhakiki|pagsusuri|சரிபார்|\bprova\b", re.IGNORECASE)
# A sentence that finds the answer right ("42 ÷ 6 = 7, cuadra", "stimmt", "对的"): with the
# answer in it, a check.
CONFIRMING = re.compile(r"cuadra|\bbate\b|stimmt|passt|\btorna\b|сходится|zgadza|tutuyor"
                        r"|cocok|khớp|对的|對的|没错|合って|맞습니다|מתאים|ταιριάζει",
                        re.IGNORECASE)
# A cue right after an opening quote is someone's words in a story («Disculpe, ...», „Ich habe
# mich verrechnet!", 「すみません」).
QUOTED = re.compile(r'[«„“"「『]')
# A value the sentence denies: "En realidad no son 48.", "其实不是C。", "Aslında 48 değil.",
# "C (Garage) ist falsch", "A no sirve" (no correction to it).
NEGATED = re.compile(
    r"(?:(?<!\w)(?:no|não|nao|pas|nicht|non|niet|inte|ikke|nie|ne|не|ні|δεν|όχι|bukan|tidak"
    r"|không(?:\s+phải)?|nu|nem|ei)(?:\s+(?:es|é|est|ist|sind|è|sono|son|são|это|is|je|jest|e"
    r"|este|on|la|le)){0,2}|不是|并非|並非)\s*\(?(?:-?\d[\d,.]*|[A-E])\)?(?:\W*[^\W\d_]+)?\W*\Z"
    r"|(?:-?\d[\d,.]*|[A-E])\)?\s*(?:değil|ではない|ではありません|이\s*아니|가\s*아니)[^\dA-E]*\Z"
    r"|(?<!\w)[A-E]\s*(?:\([^)]*\)|（[^）]*）)?\s*(?:ist falsch|не подходит|不对|no sirve|tampoco"
    r"|não serve|ne va pas|non va|は違います|olmaz)", re.IGNORECASE)
# A capital A or E opening a sentence before a lower-case word: a word ("A panela ...", "E
# poi ..."), not an option's letter.
_LETTER_WORD = re.compile(r"(^\W*|[.!?:]\s+)[AE](?=\s+[a-zà-öø-ÿа-яёα-ω])")


def letters_as_words(span: str) -> str:
    """`span` with the capitals that are words there blanked (`_LETTER_WORD`)."""
    return _LETTER_WORD.sub(r"\1_", span)
