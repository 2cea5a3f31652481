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
