"""The prompted form's direct reading against the walk over every marker."""

import random

import pytest


def test_the_prompted_form_is_read_as_every_marker_would_read_it():
    """`first_of` reads a completion ending in "The answer is N." directly; whatever the
    text before it holds (other markers, boxes, run-ons, another language, newlines, end of
    turn tokens), its reading is the one the walk over every marker gives."""
    from star_cli.answers.extract import _walk, first_of

    rng = random.Random(11)
    pieces = ["Tom has 3 apples. ", "The answer is 7. ", "#### 9 ", "\\boxed{4} ", "Answer: 5",
              "\n", "\nQ: next question? ", "<|im_end|>", "<<3*4=12>>", "</s>",
              "La respuesta es 6. ", "答案是 8。", "It is false that ", "I don't think ",
              "I am not sure that ",
              "the answer is 2 ", "answer is", " ", "**", "The final answer is 3. ", "x" * 50]
    endings = ["The answer is 18.", "the answer is 18.", "The final answer is 18.",
               "answer is 18.", "Answer is 18.", "ANSWER IS 18.", "xanswer is 18.",
               "The answer is 018.", "The answer is 18", "The answer is 18. ", "is 18."]
    names = ("answer_is", "hashes", "answer_colon", "boxed", "fallback")
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))
        text += rng.choice(endings)
        assert first_of(text, names) == _walk(text, names), text


def test_a_marker_on_the_last_line_is_read_as_every_marker_would_read_it():
    """`first_of` reads a last line "A: 26", "Answer: 26", "Final answer: 26" or "#### 26"
    directly; whatever the text before it holds (other markers, boxes, fences, run-ons into
    a next question, end-of-turn tokens, another language), its reading is the walk's, for
    every checker's extractors."""
    from star_cli.answers.extract import _walk, first_of

    rng = random.Random(12)
    pieces = ["Tom has 3 apples. ", "The answer is 7. ", "#### 9 ", "\\boxed{4} ", "Answer: 5",
              "\n", "\nQ: next question? ", "\nQuestion: and? ", "<|im_end|>", "<<3*4=12>>",
              "</s>", "```python\nprint(1)\n```", "```", "La respuesta es 6. ", "答案是 8。",
              "Example format: ", "Final answer: 3", "A: 2\n", "x" * 50, "**", "{\"answer\": 1}"]
    endings = ["A: 26", "A: 26.", "Answer: 26", "Final answer: 26", "#### 26", "####26",
               "A:26", "A: 26 ", "A: -26", "A: 2.5", "a: 26", "ANSWER: 26", "A: 0026",
               "My answer: 26", "A: " + "2" * 16, "A: 90,000", "A: -129025", "A: 10.95",
               "#### 7.5", "A: 1,234.5", "A: 1,23", "A: .5", "A: 5.", "A: -0.5.", "#### -3",
               "A: 1,000,000", "A: 12,0000", "A: 3.", "Answer: -", "A: 2.5.5", "A: --2",
               "A: 1.2.3", "A: 0.", "Final answer: 1,2,3"]
    names_of = [("answer_is", "hashes", "answer_colon", "boxed", "fallback"),
                ("boxed", "answer_is", "answer_colon", "hashes", "fallback"),
                ("answer_is", "hashes", "answer_colon", "boxed", "last_sentence"),
                ("hashes", "fallback"), ("answer_colon",)]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))
        text += rng.choice(["", "\n", "\n\n", " "]) + rng.choice(endings)
        names = rng.choice(names_of)
        assert first_of(text, names) == _walk(text, names), (text, names)


def test_a_box_ending_the_text_is_read_as_every_marker_would_read_it():
    """`first_of` reads a box in the completion's last words (`... is \\(\\boxed{9}\\).`,
    `\\(\\boxed{10}\\) meters.`) directly; whatever the text before and after it holds
    (other boxes, `\\fbox`, escaped backslashes, markers, a supposition, fences, run-ons,
    end-of-turn tokens, invisible characters, a marker inside the box, an embedded or
    struck box, alternatives after it), its reading is the walk's, for every checker's
    extractors."""
    from star_cli.answers.extract import _walk, first_of

    rng = random.Random(13)
    pieces = ["We have $x = 3$. ", "The answer is 7. ", "#### 9 ", "\\boxed{4} ", "Answer: 5",
              "\n", "\n\n", "\nQ: next question? ", "\nProblem: and? ", "<|im_end|>", "</s>",
              "```python\nprint(1)\n```", "```python\n", "```\n", "`x`",
              "If it were 8, it would be wrong. ",
              "\\fbox{2} ", "\\\\", "\\", "Final Answer: ", "\\approx ", "2", "\\sout{",
              "答案是 8。", "{\"answer\": 1}", "x" * 50, "**", "$", "\\(", "\\[", " or 7 ",
              "\u200b", "\\frac{1}{2}", "In that case ", "Put 3 in the box. ", "\\mbox{ cm} ",
              "\\colorbox{red}{", "boxes ", "the number in the box is ", "boxed{3} ",
              "\\framebox{3} ", "unboxed ", "\\\\boxed{6} ", "\\fbox {7} "]
    contents = ["9", "-4", "\\frac{1}{9}", "4a-2", " 12 ", "", " ", "\\text{Answer: } 42",
                "\\text{(B)}", "3\\sqrt{2}", "x^{2^{3}}", "a{b{c{d}}}", "\\{1,2\\}", "\\}",
                "１２", "7\u200b", "box", "\\boxed{5}", "A", "answer is 5", "\u00e9",
                "B", " C ", "Answer", "Svar", "jawab", "x1"]
    closings = ["", ".", "$", "$.", "$$", "$$.", "\\)", "\\).", "\\]", "\\].", "}", ". ", "\n",
                " \\]", "\n\\]", "\\) square units.", "$ or 7.", " \\text{ if } x > 0", "!",
                "\nThe answer is 5.", "\n\nQuestion: and?", "\\boxed{3}", "$ (tentative)",
                " \\fbox{1}", " in the box.", "$, but it would be 8.", "\n<|im_end|>", "\\sqrt{3}$",
                "$ " + "x" * 300, "$.\n```"]
    openings = ["", "$", "\\(", "\\[", "$$", " ", "2", "=", "\\approx ", "\\sout{$"]
    names_of = [("boxed", "answer_is", "answer_colon", "hashes", "fallback"),
                ("boxed", "fallback"), ("boxed",),
                ("answer_is", "hashes", "answer_colon", "boxed", "fallback")]
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))
        text += rng.choice(openings) + rng.choice(["\\boxed", "\\boxed ", "\\fbox"])
        text += "{" + rng.choice(contents) + "}" + rng.choice(closings)
        names = rng.choice(names_of)
        assert first_of(text, names) == _walk(text, names), (text, names)


def test_an_answer_ending_the_text_is_read_as_one_ending_its_line():
    """`_span` reads a short answer that ends the completion ("A: 26", "#### 26.") without
    its general line reading; the answer and its end are those of the same answer followed
    by a newline, which takes the general reading."""
    from star_cli.answers.extract import EXTRACTORS, _span

    values = ["26", "26.", "3.5", "3.5.", "026", "26 ", " 26", "²", "２６", "26.5.", "2.", ".",
              "", "26 apples.", "**26**", "1" * 300, "1" * 301, "12,000", "-3", "26。"]
    for value in values:
        for lead in ("A: ", "#### ", "The answer is ", "Answer:\t"):
            text = "She has 3 apples.\n" + lead + value
            for period_ends in (True, False):
                start = len(text) - len(value)
                assert _span(text, start, period_ends=period_ends) == _span(
                    text + "\n", start, period_ends=period_ends), (text, period_ends)
            for name in ("answer_colon", "hashes", "answer_is"):
                got, alone = EXTRACTORS[name](text + "\n", 0), EXTRACTORS[name](text, 0)
                assert (got and got.text) == (alone and alone.text), (name, text)


def test_several_boxes_are_found_as_the_token_scan_finds_them():
    """A box's closing brace is matched by a regex (for a lone box, and each of several); the
    spans are those the token scan over every brace and escape gives: boxes nested in boxes,
    `\\\\boxed` after an even or odd run of backslashes, `\\fbox`, escaped braces, unclosed
    and empty boxes, braces more than three levels deep (left to the scan)."""
    from star_cli.answers.extract import _box_spans, _first_box, _matched_boxes, _scanned_boxes

    rng = random.Random(13)
    leaves = [" ", "a", "1", "\\\\", "\\{", "\\}", "\\frac", "$", "\n", "\\boxed", "\\", "x y",
              "{", "}", "box", "\\mbox{", "\\f"]
    opens = ["\\boxed{", "\\fbox{", "\\boxed {", "\\boxed\t{", "\\\\boxed{", "\\\\\\boxed{", "{"]

    def nested(depth: int) -> str:
        out = []
        for _ in range(rng.randrange(0, 5)):
            if depth < 5 and rng.random() < 0.3:
                out.append(rng.choice(opens) + nested(depth + 1) + rng.choice(["}", "}", ""]))
            else:
                out.append(rng.choice(leaves))
        return "".join(out)

    matched = 0
    for _ in range(6000):
        text = nested(0)
        first = _first_box(text)
        if first == -1:
            continue
        want = _scanned_boxes(text, first)
        got = _matched_boxes(text, first)
        matched += got is not None
        assert got is None or got == want, text
        assert _box_spans(text) == want, text
    assert matched > 1000  # the regex path is the one put to the test
    # One box: read by its own regex, from where `_boxed` found it.
    for _ in range(3000):
        text = nested(1).replace("box", "") + rng.choice(opens[:5]) + nested(2).replace(
            "box", "") + rng.choice(["}", "}", "", "}}"]) + nested(1).replace("box", "")
        first = _first_box(text)
        want = _scanned_boxes(text, first) if first != -1 else []
        assert _box_spans(text, text.rfind("\\boxed")) == want, text


_MARKER_PIECES = [
    "Tom has 3 apples. ", "The answer is 7. ", "the answer is: 5\n", "#### 9 ", "####9",
    "\\boxed{4} ", "$\\boxed{\\frac{1}{2}}$", "\\fbox{3}", "\\boxed{\\text{The answer is }42}",
    "Answer: 5", "\nA: 2\n", "\nFinal Answer: 8", "### Answer\n12\n", "ANSWER IS 6. ",
    "Final answer:\n$$3$$\n", ". My final answer: 4", "\n", "\n\n", "**", "box", "A", "nswer",
    "La respuesta es 6. ", "Die Antwort lautet 5. ", "答案是 8。", "Ответ: 12", "选 B",
    "<answer>11</answer>", "<answer>", "</answer>", "{\"answer\": 1}", "{'answer': 'C'}",
    "\":", "```python\nprint('The answer is 3')\n```", "```", "é", "x" * 40, "}$.", "\\]",
]


def _marker_text(rng: random.Random) -> str:
    return "".join(rng.choice(_MARKER_PIECES) for _ in range(rng.randrange(0, 9)))


def test_no_marker_is_found_after_a_floor_where_what_it_needs_is_absent():
    """`NEEDS` names for each marker what must stand after the floor for it to find one;
    on any text and floor where none of that does, the marker finds nothing (so skipping it
    changes no reading)."""
    import re

    from star_cli.answers.extract import EXTRACTORS, NEEDS

    rng = random.Random(14)
    needs = {name: re.compile("|".join(alts)) for name, alts in NEEDS.items()}
    absent = 0
    for _ in range(4000):
        text = _marker_text(rng)
        for floor in range(1, len(text) + 1, max(1, len(text) // 12)):
            for name, pattern in needs.items():
                if pattern.search(text, floor - 1) is None:
                    absent += 1
                    assert EXTRACTORS[name](text, floor) is None, (name, floor, text)
    assert absent > 10_000  # the skipped cases are the ones put to the test


def test_the_last_marker_is_the_one_every_marker_called_in_turn_finds():
    """`_last_marker` stops calling markers once nothing they need follows the best so far;
    its reading is the one calling every marker gives, for every checker's markers."""
    from star_cli.answers.extract import _last_marker, _plan, later_marker

    def every_marker(text, markers):
        best = None
        for extractor in markers.extractors:
            found = extractor(text, best.start + 1 if best else 0)
            if found is not None and (best is None or found.start > best.start):
                best = later_marker(text, best, found, extractor)
        return best

    rng = random.Random(15)
    plans = [_plan(names)[0] for names in (
        ("boxed", "answer_is", "answer_colon", "hashes", "fallback"),
        ("answer_is", "hashes", "answer_colon", "boxed", "fallback"),
        ("answer_is", "hashes", "answer_colon", "boxed", "last_sentence"),
        ("hashes", "boxed"), ("answer_colon",))]
    for _ in range(6000):
        text = _marker_text(rng)
        for markers in plans:
            assert _last_marker(text, markers) == every_marker(text, markers), text


def test_a_lone_box_is_read_as_the_scan_of_every_box_reads_it(monkeypatch):
    """`_boxed` reads a text whose only `box` is its last `\\boxed` by that box's own regex;
    on any text and floor, its reading is the general one (every box scanned), which a
    pattern that finds an earlier `box` everywhere forces."""
    import re

    from star_cli.answers import extract

    rng = random.Random(16)
    pieces = ["x = 3. ", "\\boxed{4}", "$\\boxed{\\frac{1}{2}}$.", "\\\\boxed{5}", "\\fbox{6}",
              "\\boxed{", "}", "{", "box", "\\box", "\\boxed {7}", " or ", "\n\n", "\\boxed{}",
              "\\boxed{\\boxed{8}}", "x" * 30, "$", "\\]", "\\boxed{2} and \\boxed{3}", "b"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 6)))
             for _ in range(6000)]
    cases = [(t, rng.randrange(0, len(t) + 1) if rng.random() < 0.3 else 0) for t in texts]
    fast = [extract._boxed(t, floor) for t, floor in cases]
    monkeypatch.setattr(extract, "_BOX_NAME", re.compile(""))
    assert [extract._boxed(t, floor) for t, floor in cases] == fast
    assert sum(f is not None for f in fast) > 1000


def test_a_box_name_is_found_before_a_point_as_the_regex_finds_it():
    """`_names_a_box` (a look back for `box`, the regex only up to it) says what the box
    name's regex over the whole span says, for any text and end."""
    from star_cli.answers import extract

    rng = random.Random(23)
    pieces = ["\\boxed{1}", "\\fbox{2}", "box", "\\box", "\\bo", "xed", "\\f", "bo",
              "x", "\\", "\\\\boxed", "fbox", "boxed", " a ", "$", "\\frac{1}{2}"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        end = rng.randrange(0, len(text) + 1)
        want = extract._BOX_NAME.search(text, 0, end) is not None
        assert extract._names_a_box(text, end) == want, (text, end)


@pytest.mark.parametrize("name", ["_RUN_ON", "_WIDE_RUN_ON"])
def test_the_run_on_search_finds_what_its_plain_form_finds(name):
    """`_RUN_ON` (and `_WIDE_RUN_ON`, with other scripts' words) tests each newline's next
    character before its spaces, and after them the character a run-on opens with; on any text
    it finds the run-ons (and only those) that the plain pattern finds."""
    import re

    from star_cli.answers import extract

    run_on = getattr(extract, name)
    gates = re.match(r"\\n(\(\?=\[[^\]]*\]\))\[ \\t\]\*(\(\?=\[[^\]]*\]\))", run_on.pattern)
    assert gates is not None and gates.group(1).replace(" \\t", "") == gates.group(2)
    plain = re.compile(r"\n[ \t]*" + run_on.pattern[gates.end() :])
    rng = random.Random(17)
    parts = [["", " ", "\t", "  "], ["", "#", "##", "*", "**", "### ", "x"],
             ["Q", "Question", "Problem", "Example", "Exercise", "Human", "User", "Instruction",
              "Next problem", "Next", "P", "E", "q", "Bonus", "Follow-up", "Follow up",
              "Bonus question", "B", "F", "Pregunta", "Frage", "Вопрос", "Задача", "Soru",
              "प्रश्न", "سؤال", "问题", "問題", "문제", "S", "D", "В"],
             ["", " ", "2", " 12"], ["", ":", ".", "**:", ":**", "x", "："],
             ["", " ", "\n", "\t", "?"]]
    found = 0
    for _ in range(20000):
        text = "".join("\n" + "".join(rng.choice(p) for p in parts)
                       for _ in range(rng.randrange(1, 4)))
        want = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in run_on.finditer(text)] == want, text
        found += bool(want)
    assert found > 1000


def test_the_foreign_marker_search_finds_what_its_ungated_form_finds():
    """`_FOREIGN` looks at a position's first character before it tries every form there;
    on any text, in any case, it finds the markers (and only those) that the forms alone
    find."""
    import re

    from star_cli.answers.extract import _FOREIGN

    gate = "(?=[最正答我选应所因故정답अउldarоjđcyاคউసsvoвαתپجhtwpпησהसrefkévиτnচஇ최])(?:"
    assert _FOREIGN.pattern.startswith(gate) and _FOREIGN.pattern.endswith(")")
    plain = re.compile(_FOREIGN.pattern[len(gate) : -1], _FOREIGN.flags)
    rng = random.Random(18)
    words = ["答案是", "最终答案为", "答え", "正解は", "正确答案是", "我选", "选择", "应选",
             "정답:", "답:", "अंतिम उत्तर:", "उत्तर:", "La respuesta es", "la bonne réponse est",
             "Die richtige Antwort ist", "A resposta é", "la risposta è", "Ответ:", "ОТВЕТ：",
             "Respuesta:", "RÉPONSE :", "antwort:", "la B", "el C", "LA", "DIE", "x", "7", " ",
             "\n", ":", "*", "a", "r", "l", "d", "о", "ła", "Ａ", "ﬀ", "उत्तर है", "الإجابة هي",
             "الجواب:", "Jawabannya adalah", "jawaban akhirnya adalah", "Đáp án là",
             "đáp số:", "Đáp án cuối cùng là", "Cevap:", "答：", "c", "j", "đ", "ا", "C",
             "Jibu ni", "jibu la mwisho ni", "Jibu:", "คำตอบคือ", "คำตอบสุดท้ายคือ", "คำตอบ:",
             "উত্তর হল", "উত্তর:", "సమాధానం:", "Odpowiedź:", "odpowiedz to", "Ответ —", "o",
             "ค", "উ", "స", "doğru cevap", "cevabı", "Cevabım", "yanıt", "Yanıtı", "Yanıt:",
             "B'dir", "42", "y", "(C)", "Odpověď:", "odpowiedź:", "Svar:", "svaret:",
             "Antwoord:", "Sagot:", "Jawapannya:", "Απάντηση:", "Відповідь:", "תשובה סופית:",
             "پاسخ:", "最終回答：", "回答:", "o", "s", "α", "в", "ת", "پ", "回", "所以选", "因此选",
             "故选", "所", "Respuesta final:", "Jawaban yang benar:", "Risposta corretta:",
             "Jawapan:", "jawapannya ialah", "RM11", "RM", "Antwoord: 56", "svar: 4", "Sagot:\t-3",
             "תשובה: 48", "پاسخ: 49", "Válasz: 35", "Răspuns: 7", "Відповідь: 12", "ВІДПОВІДЬ:",
             "Odgovor: 9", "ΑΠΆΝΤΗΣΗ: 1", "Vastaus: 2", "jawab", "جواب: 5", "€3",
             "het juiste antwoord is 24", "det rigtige svar er", "Svaret är",
             "Η σωστή απάντηση είναι", "התשובה הנכונה היא", "Ang tamang sagot ay",
             "tačan odgovor je", "správná odpověď je", "Răspunsul corect este", "A helyes válasz",
             "सही उत्तर", "الإجابة الصحيحة هي", "正しくは", "vastaus on",
             "odpowiedź to", "h", "t", "w", "p", "п", "η", "σ", "ה", "स", "Rp",
             "Răspuns final: 7", "**תשובה סופית:** 3", "Nihai cevap:", "Endgültige Antwort: 4",
             "Die endgültige Antwort ist", "இறுதி விடை 61", "최종 답: 3", "الإجابة النهائية: 8",
             "Eindantwoord: 6", "Τελική απάντηση: 2", "Окончательный ответ: 5", "r", "e", "k",
             "é", "v", "и", "τ", "n", "চ", "இ", "최"]
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice(["", " ", "  ", "\t", "_"])
                       for _ in range(rng.randrange(1, 6)))
        want = [(m.span(), m.group("colon")) for m in plain.finditer(text)]
        assert [(m.span(), m.group("colon")) for m in _FOREIGN.finditer(text)] == want, text
        found += bool(want)
    assert found > 5000
