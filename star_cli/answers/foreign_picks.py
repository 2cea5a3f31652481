"""An option's letter picked in the sentence that ends a completion in another language, one
table a language: "Správná odpověď je **A**.", "Svaret är C.", "Ang tamang sagot ay A.",
"پاسخ: گزینه D", "最終回答：D", "Jag väljer alternativ D.", "選択肢 E を選びます。".

Only a letter is read here, and only where that sentence says nothing else: the word for the
answer (with a qualifier that makes it the right or final one) and that language's present
"is" or a colon, or a first-person "I choose"; the letter; maybe the option's text; the end.
A past tense ("Mitt första svar var D"), a negation ("Odpověď není A") or a second letter
("Svaret är C eller D") matches no form. Before the answer's word only what may open a
sentence may stand (`_OPENING`: "so", "my", an article, a first-person subject), and no
word may make it a wrong, earlier, possible, conditional or someone else's answer
(`_NOT_THE_PICK`): a closing sentence shaped as a pick that is not clean commits to nothing
(the checker's `uncertain`), so it neither confirms nor contradicts an earlier answer. A
pick with anything after it is not read at all: whether what follows takes it back ("To je
ale omyl", "vänta", "いや、やっぱりB") can only be read word by word in each language, and a
false label costs more than a lost sample. A number in these languages is left to the
fallback. (Two helper reviews, 1,100 probes, shaped these rules: a list of disqualifying
words alone leaked in every language.)
"""

from __future__ import annotations

import re

# Each language: its word for the answer, with the qualifiers that make it this problem's
# right or final answer, then its "is" or a colon (and a word for "option" where one is used
# before the letter); then "I choose" in it.
_OPTION = (r"(?:\s+(?:možnost|možnosť|varianta|variantu|opcja|opcję|optie|alternativ|mulighed"
           r"|vaihtoehto|vaihtoehdon|варіант|вариант|επιλογή|pilihan|opsi|letrang|opțiunea"
           r"|antwort|odpowiedź|respuesta|réponse|risposta|resposta|opción|opção|opzione"
           r"|option|alternativa|alternative"
           r"|la|il|a|ang|την|το|η))*")
_LANGUAGES = {
    "cs/sk": r"(?:(?:správn[áa]|konečn[áa]|finální|finálna)\s+)?odpov[ěe][ďd]"
             r"(?:\s+(?:je|zní|znie)(?:\s+tedy)?|\s*[:：—–-])",
    "pl": r"(?:(?:prawidłowa|poprawna|ostateczna|właściwa)\s+)?odpowied[źz]"
          r"(?:\s+(?:to|jest|brzmi)|\s*[:：—–-])",
    "nl": r"(?:(?:juiste|correcte|goede|uiteindelijke)\s+)?antwoord(?:\s+is(?:\s+dus)?|\s*[:：])"
          r"|is\s+het\s+(?:(?:juiste|correcte|goede|uiteindelijke)\s+)?antwoord",
    "de": r"(?:ist|lautet)\s+die\s+(?:(?:richtige|korrekte|endgültige)\s+)?antwort",
    "sv/da/no": r"(?:(?:rätta|korrekta|slutliga|riktiga|riktige|rigtige|korrekte|endelige"
                r"|rätt|riktig|rigtigt|korrekt)\s+)?svar(?:et)?\s+(?:är|er)"
                r"(?:\s+(?:alltså|altså|därför|derfor|dermed|så))?"
                r"|(?:är|er)\s+(?:det\s+(?:rätta|riktige|rigtige|korrekte|korrekta)\s+)?svaret"
                r"|(?:(?:slutligt|slutgiltigt|endelig|endeligt|endelige|rätt|riktig|rigtigt"
                r"|rigtige|riktige|korrekt|korrekte|rätta)\s+)?svar"
                r"\s*[:：]",
    "el": r"(?:(?:σωστή|τελική)\s+)?απάντηση(?:\s+είναι|\s*[:：])",
    "he": r"[ושכ]?ה?תשובה(?:\s+(?:הנכונה|הסופית))?(?:\s+(?:היא|הינה)|\s*[:：])",
    "fa": r"پاسخ(?:\s+(?:درست|صحیح|نهایی))?(?:\s*[:：])?(?:\s*گزینه(?:\u200cی|ی|ٔ)?)?",
    "uk/ru": r"(?:(?:(?:правильна|остаточна|вірна|правильный|окончательный|верный)\s+)?"
             r"(?:відповідь|ответ)|(?:правильний|вірний|правильный|верный)\s+(?:варіант|вариант))"
             r"(?:\s*[:：—–-]|\s+(?:це|є|это))?",
    "ms": r"jawapan(?:nya)?(?:\s+(?:yang\s+betul|akhir|sebenar))?(?:\s+(?:ialah|adalah)|\s*[:：])",
    "tl": r"(?:(?:tamang|pinal\s+na|huling)\s+)?sagot(?:\s+ay|\s*[:：])",
    "ro": r"răspunsul(?:\s+(?:corect|final))?\s+este|răspuns(?:\s+final)?\s*[:：]",
    "fi": r"(?:(?:oikea|lopullinen)\s+)?vastaus(?:\s+on(?:\s+siis)?|\s*[:：])",
    "ar": r"(?:الإجابة|الجواب)(?:\s+(?:الصحيحة|الصحيح|النهائية))?\s+(?:هي|هو)",
    "bg": r"(?:(?:правилен|верен|окончателен|правилният|верният)\s+)?отговор(?:ът)?"
          r"(?:\s*[:：—–-]|\s+е)",
    "hr/sr/sl": r"(?:(?:točan|tačan|ispravan|pravilan|pravilen|konačan|končni|tačni)\s+)?odgovor"
                r"(?:\s+je|\s*[:：—–-])",
    "et": r"(?:(?:õige|lõplik)\s+)?vastus(?:\s+on|\s*[:：])",
    "hu": r"(?:(?:helyes|végső)\s+)?válasz(?:\s*[:：]|\s+az?(?=\s+[A-J]\b))",
    "ur": r"(?:(?:درست|صحیح)\s+)?جواب(?:\s*[:：])",
    "sv/da/no alternative": r"(?:rätt|riktig|riktige|rigtige|korrekt|korrekte|rätta|riktiga)\s+"
                            r"alternativ(?:et)?\s+(?:är|er)",
}
_CHOOSE = (
    r"scelgo|elijo|escojo|(?:eu\s+)?escolho|je\s+choisis|ich\s+wähle|ik\s+kies(?:\s+voor)?"
    r"|jag\s+väljer|jeg\s+(?:vælger|velger)|valitsen|volím|vybírám|vyberám|wybieram|aleg"
    r"|(?:я\s+)?(?:выбираю|обираю|вибираю)|επιλέγω|(?:אני\s+)?(?:בוחר|בוחרת)\s+(?:באפשרות|ב-?)"
    r"|أختار"
    r"|(?:saya\s+)?(?:memilih|pilih)|pinipili\s+ko|pipiliin\s+ko|(?:tôi\s+)?chọn(?:\s+đáp\s+án)?"
    # "I stay with": a pick kept after weighing another
    r"|ich\s+bleibe\s+bei|fico\s+com|me\s+quedo\s+con|je\s+reste\s+sur|(?:resto|rimango)\s+"
    r"(?:sulla|con\s+la)|blijf\s+bij|stannar\s+vid|holder\s+mig\s+til|holder\s+meg\s+til")
# Where the letter comes before the verb: Persian, Hindi, Korean, Japanese.
_CHOSEN = re.compile(
    r"(?:گزینه(?:\u200cی|ی|ٔ)?\s*(?P<fa>[A-J])\s+را\s+انتخاب\s+می\u200c?کنم"
    r"|विकल्प\s+(?P<hi>[A-J])\s+चुन(?:ता|ती)\s+हूँ"
    r"|(?P<ko>[A-J])\s*(?:를|을)\s*(?:선택합니다|선택하겠습니다|고르겠습니다)"
    r"|(?:選択肢\s*)?(?P<ja>[A-J])\s*を選びます)[ \t]*[.。।]?[ \t*]*\Z")
# The letter, Latin or a look-alike (Greek's Α-Κ name options in Greek; Cyrillic А В С Е);
# where the completion labels the options with Cyrillic letters itself (a `Б`, which looks
# like no Latin letter), by their place in that alphabet (В the third).
_LOOKALIKE = str.maketrans("ΑΒΓΔΕΖΗΘΙΚАВСЕ", "ABCDEFGHIJABCE")
_CYRILLIC_ORDER = str.maketrans("АБВГДЕ", "ABCDEF")
_CYRILLIC_LABELS = re.compile(r"(?<!\w)Б\s?[).:–—-]")
# Every form before the letter (Japanese's with no space before a word).
_FORMS = (r"(?<!\w)(?:" + "|".join(_LANGUAGES.values()) + "|" + _CHOOSE + r")" + _OPTION +
          r"|(?:最終)?回答\s*(?:[:：]|は)")
_PICK = re.compile(
    r"(?:" + _FORMS + r")"
    r"[ \t]*\**[ \t]*[(\[「«]?(?P<letter>(?-i:[A-JΑ-ΚАВСЕ]))[)\]」»]?\**"
    # then the end: maybe the option's text ("B – lufttryck", "C (frysen)", "C) ve škole"),
    # maybe Persian's or Japanese's "is" ("گزینه A است", "Bです")
    r"(?P<gloss>(?:[ \t]*[(（][^()（）\n,;.!?]{1,40}[)）]|[ \t]+[–—-][ \t][^\n,;.!?]{1,40}"
    r"|(?<=[)\]])[ \t]+[^\n,;.!?]{1,40}|[ \t]+است|です)?)"
    r"[ \t]*\**[ \t]*[.!。।]?[ \t*]*\Z",
    re.IGNORECASE)
# An answer stated before the pick: the forms above, or English's, with a letter.
_EARLIER = re.compile(
    r"(?:" + _FORMS + r"|(?<!\w)answer(?:\s+is)?\s*[:：]?)"
    r"[ \t]*\**[ \t]*[(\[「«]?(?P<letter>(?-i:[A-J]))(?![\w])",
    re.IGNORECASE)
# One of these in every form above; the look costs nothing where none is.
HINTS = ("dpov", "dpow", "тговор", "dgovor", "astus", "álasz", "جواب", "lternativ", "leibe",
         "fico", "quedo", "reste", "esto", "imango", "lijf", "tannar", "older", "ntwoord",
         "ntwort", "svar", "Svar", "πάντησ", "ΠΆΝΤΗΣ", "תשובה", "پاسخ", "گزینه", "ідповід", "твет",
         "аріант", "ариант", "awapan", "agot", "回答", "ăspuns", "astaus", "الإجابة", "الجواب",
         "celgo", "lijo", "scojo", "scolho", "hoisis", "ähle", "kies", "äljer", "ælger", "elger",
         "alitsen", "olím", "ybírám", "yberám", "ybieram", "leg", "ыбираю", "бираю", "πιλέγω",
         "בוחר", "أختار", "ilih", "ipili", "họn", "विकल्प", "선택", "고르", "選びます")
# (in a text in ASCII, looked for only where no English marker is)
ASCII_HINTS = ("ntwoord", "svar", "Svar", "jawapan", "Jawapan", "sagot", "Sagot", "vastaus",
               "Vastaus", "ntwort", "Scelgo", "scelgo", "Elijo", "elijo", "kies", "Valitsen",
               "valitsen", "Aleg", "aleg", "pilih", "milih", "Pinipili", "pipiliin", "Pipiliin",
               "choisis", "dgovor", "vastus", "Vastus", "lternativ", "leibe", "fico", "quedo",
               "reste", "imango", "lijf", "tannar", "velger", "ybieram", "scolho", "scojo",
               "esto")
# Words in a pick's sentence that make it no pick of the completion's own, by kind, in the
# languages above.
_WRONG = (r"nesprávn\w*|špatn\w*|chybn\w*|nieprawidłow\w*|niepoprawn\w*|błędn\w*|zł[ae]"
          r"|onjuist\w*|fout\w*|verkeerd\w*|falsch\w*|felaktig\w*|fel|forkert\w*|feil\w*|gale"
          r"|λάθος|λανθασμέν\w*|неправильн\w*|невірн\w*|хибн\w*|неверн\w*|mali|maling|salah"
          r"|väärä|greșit\w*|不正解|pogrešn?\w*|netočn?\w*|netačn?\w*|kriv\w*|napačn?\w*|rossz"
          r"|helytelen|hibás|грешн?\w*|неправилн?\w*|vale|ebaõige")
_BEFORE = (r"první|prvá|původní|pôvodn\w*|předchozí|pierwsz\w*|poprzedni\w*|eerste"
           r"|oorspronkelijk\w*|vorige|första|første|ursprungliga|oprindelige|opprinnelige"
           r"|tidigare|forrige|πρώτη|αρχική|αρχικά|перш\w*|початков\w*|первый|первоначальн\w*"
           r"|una|unang|kanina|ensimmäinen|aiempi|ostatni\w*|nejdřív\w*|najpierw|eerst|först"
           r"|først|ensin|сначала|спочатку|început|mulanya|zuerst|anterior|הקודמת|先ほど")
_MAYBE = (r"možn\w*|możliw\w*|może|mogelijk\w*|misschien|möjlig\w*|kanske|mulig\w*|måske"
          r"|vielleicht|kanskje|πιθαν\w*|ίσως|можлив\w*|возможн\w*|может|исключ\w*|posibil\w*"
          r"|poate|mungkin|posible|siguro|baka|mahdollin\w*|ehkä|kenties|אולי|شاید|احتمال\w*"
          r"|gissning|guess|odhad|tipp|zgaduję|gok|gæt|arvaus|догадка|припущення|μάντεψη|ניחוש"
          r"|حدس|tebakan|hula|ghicit|nejsem|nevím|nie wiem|weet niet|vet inte|ved ikke|vet ikke"
          r"|не знаю|не впевнен\w*|tipuj\w*|geraten|strzelam|usikker|osäker|onzeker|epävarma"
          r"|nesigur\w*|unsicher")
_WAIT = (r"nej|nee|nein|vänta|wacht|moment|vent|počkat|počkej|chwila|zaraz|odota|стоп|подожди"
         r"|зачекай|רגע|صبر|tunggu|teka|așteaptă|stai|espera|aspetta|attends|warte")
_THAT_IS = (r"det vill säga|dvs|tedy|czyli|тобто|то есть|eli|dus|adică|das heißt|es decir"
            r"|ou seja|cioè|c'est-à-dire|yaitu|yakni|ibig sabihin|δηλαδή|כלומר|یعنی|يعني")
_IF = (r"pokud|jestli\w*|kdyby|ak|jeśli|jeżeli|gdyby|als|indien|wenn|falls|hvis|αν|εάν|אם|اگر"
       r"|om|wanneer|antag\w*|cazul|במקרה|صورتی|sakaling|آیا|якщо|якби|если|ли|jika|kalau"
       r"|sekiranya|kung|jos|dacă|もし")
_SAYS = (r"facit\w*|lösung\w*|laut|gemäß|ifølge|enligt|volgens|według|podle|podľa|σύμφωνα"
         r"|согласно|згідно|לפי|menurut|ayon|potrivit|conform|mukaan|طبق|key|klucz\w*|klíč\w*"
         r"|sleutel|nøgle\w*|nøkkel\w*|säger|sier|siger|sagt|zegt|říká|mówi|λέει|говорит|каже"
         r"|tvrdí|påstår|twierdzi|beweert|väittää|spune|считает|sabi|טוען")
_NOT = r"ne|nie|niet|nicht|inte|ikke|ei|не|нет|لا|לא|nu|non|não|hindi|tidak|bukan|όχι|δεν"
_THAT = r"že|że|att|at|dass|dat|että|ότι|что|що|că|bahawa|که"  # a clause someone thinks or says


def _words(*kinds: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(kinds) + r")(?!\w)", re.IGNORECASE)


# In the pick's sentence: "Det felaktiga svaret är D", "Ang una kong sagot ay D", "Ostatnia
# możliwa odpowiedź to E", "Nejdřív jsem si myslel, že odpověď je C.", "Jeśli ..., odpowiedź
# to C.", "Men facit säger att svaret är D", "poate răspunsul corect este D".
_NOT_THE_PICK = _words(_WRONG, _BEFORE, _MAYBE, _WAIT, _THAT_IS, _IF, _SAYS, _NOT, _THAT)
# In the option's text after the letter: "C (jen tipuji)", "C – nej vänta", "C (det vill
# säga syre)" (an "i.e." that names something else).
_NOT_A_GLOSS = _words(_MAYBE, _WAIT, _THAT_IS, _NOT)
SENTENCE = 200  # characters before a pick where its sentence's words are looked for
_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)])[ \t]")  # a line that is an item of a list
_SENTENCE_END = re.compile(r"[.!?。؟\n](?=\s|\Z)|\n")


def last_pick(text: str, lo: int = 0) -> tuple[str, int, int, str, bool] | None:
    """(letter, end, start, gloss, clean) of the pick in another language that ends `text`,
    starting at or after `lo`; None without one. `gloss`: the option's text written after
    the letter, in brackets ("(frysen)" for "C – frysen"), for the checker to hold against the
    options ("" without one). `clean`: nothing in its sentence but the pick and what may open
    one (`_OPENING`: "so", "therefore", "my", an article, a first-person subject), and no word
    that makes it a wrong, first, possible, supposed, quoted or someone else's answer
    (`_NOT_THE_PICK`), nor a list's item; a pick that is not clean is no commitment."""
    m = _PICK.search(text, max(lo, len(text) - SENTENCE))
    while m is not None and m.start() < lo:
        m = _PICK.search(text, m.start() + 1)
    gloss = ""
    if m is not None:
        letter = m.group("letter")
        if (said := m.group("gloss").strip(" \t()（）–—-")) and said not in ("است", "です"):
            gloss = f"({said})"
    elif (m := _CHOSEN.search(text, max(lo, len(text) - SENTENCE))) is not None:
        letter = next(g for g in m.groups() if g)
    else:
        return None
    at = m.start()
    line = text.rfind("\n", 0, at) + 1
    sentence = max([line] + [e.end() for e in _SENTENCE_END.finditer(
        text, max(line, at - SENTENCE), at)])
    if at - sentence > SENTENCE:
        return letter.translate(_LOOKALIKE), len(text), at, gloss, False  # (no short opening)
    before = text.rfind("\n", 0, max(0, line - 1)) + 1  # the line before the pick's
    clean = not (text.startswith(">", line) or text[:sentence].rstrip(" \t*_")[-1:] in "?？" and (
        sentence > 0) or _ITEM.match(text, line) and _ITEM.match(
        text, before) or _NOT_THE_PICK.search(text, sentence, at) is not None or (
        _NOT_A_GLOSS.search(gloss) is not None) or not _OPENING.fullmatch(text, sentence, at)
        or _ABBREVIATION.search(text, max(0, sentence - 8), sentence) is not None or (
        sentence == line and _INTRODUCED.search(  # (its last words: every start tried)
            text, max(before, line - 1 - INTRODUCED_REACH), max(before, line - 1))))
    if clean and ((earlier := _last_earlier(text, sentence)) is not None and (
            earlier != letter) or _V1.match(text, at) and not text[sentence:at].strip(" *_#")):
        clean = False  # another answer before it, never taken back here; or a question
        # asked with the verb first ("## Ist die richtige Antwort A")
    table = _CYRILLIC_ORDER if letter in "АБВГДЕ" and _CYRILLIC_LABELS.search(text) else (
        _LOOKALIKE)
    return letter.translate(table), len(text), at, gloss, clean


def _last_earlier(text: str, end: int) -> str | None:
    """The letter of the last answer stated before `end` (in English or a language above),
    looked for only where one of their words is (the forms' regex tries every one of them at
    each character: 0.7 ms over 1,000 characters of prose)."""
    lo = max(0, end - EARLIER_REACH)
    if not any(text.find(hint, lo, end) != -1 for hint in _EARLIER_HINTS):
        return None
    last = None
    for m in _EARLIER.finditer(text, lo, end):
        last = m.group("letter")
    return last


EARLIER_REACH = 500  # characters before a pick where an earlier answer is looked for
_EARLIER_HINTS = (*HINTS, *ASCII_HINTS, "nswer", "NSWER")
_V1 = re.compile(r"(?:ist|lautet|är|er|is)\s", re.IGNORECASE)


# What may open the sentence of a pick: markup, "so", "therefore", "finally" (in English and
# the languages above; maybe after a clause and its comma: "Chlorophyll reflektiert Grün,
# daher ist die Antwort B"), "my", an article or a first-person subject; nothing else ("Many
# students choose A", "Jeho odpověď je A", "Đừng chọn A", "I så fall är svaret A" are not
# the completion's own pick).
_CONNECTIVES = (
    "so|therefore|thus|hence|finally|overall|in conclusion|in summary|final answer:|answer:"
    "|tedy|takže|proto|tak|a tak|čili|nakonec|celkově|teda|preto|więc|zatem|dlatego"
    "|ostatecznie|podsumowując|czyli|dus|daarom|uiteindelijk|kortom|also|daher|deshalb|somit"
    "|folglich|damit|zusammengefasst|insgesamt|så|alltså|därför|derfor|dermed|slutligen"
    "|sammanfattningsvis|altså|til slutt|til sidst|άρα|επομένως|συνεπώς|οπότε|τελικά|לכן|ולכן"
    "|אז|לסיכום|بنابراین|پس|در نتیجه|در نهایت|отже|тому|таким чином|тож|отож|итак|поэтому"
    "|значит|таким образом|следовательно|в итоге|jadi|oleh itu|oleh sebab itu|maka|justeru"
    "|oleh karena itu|dengan demikian|kaya|kaya naman|samakatuwid|sa huli|よって|したがって"
    "|つまり|なので|以上より|以上から|deci|așadar|prin urmare|în concluzie|în final|joten|siis"
    "|näin ollen|lopuksi|следователно|затова|значи|така че|dakle|stoga|zato|prema tome|seega"
    "|järelikult|niisiis|lõpuks|tehát|így|ezért|vagyis|végül|لہذا|اس لیے|چنانچہ|لذلك|إذن"
    "|وبالتالي|لذا|así que|por lo tanto|por tanto|entonces|portanto|então|assim|logo|quindi"
    "|perciò|dunque|pertanto|donc|alors|ainsi|finalement|vì vậy|do đó|vậy|cho nên|因此|所以"
    "|综上|总之|그러므로|따라서|그래서|इसलिए|अतः|bu yüzden|dolayısıyla|sonuç olarak")
# (each form once, none made of others: "tak więc" is "tak" then "więc", "ang aking" is "ang"
# then "aking"; a form two ways doubled the ways a run of them reads, each tried before the
# opening fails: two seconds for twenty words)
_OWNERS = (
    "the|my|moje|moja|můj|mój|het|de|mijn|det|den|mitt|min|mit|η|το|ο|мой|моя|мій|ang"
    "|aking|la|el|a|o|le|il|die|der|das|az|私は|저는|나는|من|मैं|saya|aku|tôi|eu|yo"
    "|je|ich|ik|jag|jeg|minä|я|אני|أنا|ben")
_OPENING = re.compile(
    rf"[\s*_#\-–—•]*(?:[^\n]*?,\s*(?=(?:{_CONNECTIVES})(?![^\W_])))?"  # "X reflects green, so"
    rf"(?:(?:{_CONNECTIVES})(?![^\W_])[\s,:*_]*)*(?:(?:{_OWNERS})(?![^\W_])\s*)*[\s*_]*",
    re.IGNORECASE)
# An abbreviation's full stop right before the pick's sentence: it ends no sentence ("např.
# odpověď je A", "z. B. ist die Antwort B").
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:např|np|t\.ex|esim|bijv|z\. ?B|tj|напр|e\.g|i\.e|f\.eks|d\.h|p\.ej|ex|vgl"
    r"|т\.е|т\.к)\.\s*\Z", re.IGNORECASE)
# A line that introduces what follows ("Pokud jde o dýchání:"): the pick on the next line
# answers it, not the problem; a one- or two-word heading ("Závěr:", "Final answer:") does not.
_INTRODUCED = re.compile(r"\S+(?:\s+\S+){2,}[ \t*_]*:[ \t*_]*\Z")
INTRODUCED_REACH = 200  # characters of the line before a pick read for its introduction
