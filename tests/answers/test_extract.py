"""The prompted form's direct reading against the walk over every marker."""

import random


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
               "My answer: 26", "A: " + "2" * 16]
    names_of = [("answer_is", "hashes", "answer_colon", "boxed", "fallback"),
                ("boxed", "answer_is", "answer_colon", "hashes", "fallback"),
                ("answer_is", "hashes", "answer_colon", "boxed", "last_sentence"),
                ("hashes", "fallback"), ("answer_colon",)]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6)))
        text += rng.choice(["", "\n", "\n\n", " "]) + rng.choice(endings)
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
