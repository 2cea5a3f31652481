"""Few-shot worked examples, written for star (not taken from any benchmark).

Every problem here is our own. Each rationale is one paragraph (no blank line, no line that
starts with "Q:"), states each calculation explicitly, and ends with the task's final-answer
sentence: "The answer is N." (gsm8k), "The answer is $\\boxed{...}$." (math), or
"The answer is (x) choice text." (csqa). tests/tasks/test_presets.py checks each one with its
preset's checker, so a malformed or wrong exemplar fails the test suite. The addition
exemplars are the exception to "one paragraph": a scratchpad is one line a digit
(star_cli/answers/addition.py), and tests/tasks/test_addition.py checks each with `addition-steps`.
"""

from __future__ import annotations

from star_cli.records import Choice
from star_cli.tasks.base import Exemplar


def _choices(*texts: str) -> tuple[Choice, ...]:
    return tuple(Choice(label, text) for label, text in zip("ABCDE", texts, strict=True))


GSM8K_EXEMPLARS: tuple[Exemplar, ...] = (
    Exemplar(
        "Maya reads 12 pages of her book on each weekday and 20 pages on each day of the "
        "weekend. How many pages does she read in 3 weeks?",
        "A week has 5 weekdays, so on weekdays she reads 5 * 12 = 60 pages. The weekend has "
        "2 days, so she reads 2 * 20 = 40 pages then. In one week she reads 60 + 40 = 100 "
        "pages. In 3 weeks she reads 3 * 100 = 300 pages. The answer is 300.",
    ),
    Exemplar(
        "A school orders 14 boxes of pencils with 36 pencils in each box. It gives 9 pencils "
        "to each of its 52 students. How many pencils are left over?",
        "The school has 14 * 36 = 504 pencils. The students get 52 * 9 = 468 pencils. "
        "So 504 - 468 = 36 pencils are left over. The answer is 36.",
    ),
    Exemplar(
        "Leo buys 3 notebooks that cost $2.75 each and a pen that costs $1.50. He pays with "
        "a $20 bill. How much change does he get, in dollars?",
        "The notebooks cost 3 * 2.75 = 8.25 dollars. With the pen the total is "
        "8.25 + 1.50 = 9.75 dollars. His change is 20 - 9.75 = 10.25 dollars. "
        "The answer is 10.25.",
    ),
    Exemplar(
        "A garden has 240 flowers. One third of them are tulips, and 25% of the other "
        "flowers are daisies. The rest are roses. How many roses are in the garden?",
        "There are 240 / 3 = 80 tulips. The other flowers number 240 - 80 = 160. "
        "Of those, 25% are daisies: 160 * 0.25 = 40 daisies. The roses are the rest, "
        "160 - 40 = 120. The answer is 120.",
    ),
    Exemplar(
        "A train travels at 64 miles per hour for 2.5 hours, then at 48 miles per hour for "
        "1.5 hours. How many miles does it travel in all?",
        "In the first part it travels 64 * 2.5 = 160 miles. In the second part it travels "
        "48 * 1.5 = 72 miles. In all it travels 160 + 72 = 232 miles. The answer is 232.",
    ),
    Exemplar(
        "A concert hall has 45 rows with 28 seats in each row. Every ticket costs $15. "
        "If all but 60 of the seats are sold, how many dollars do the tickets bring in?",
        "The hall has 45 * 28 = 1260 seats. The number sold is 1260 - 60 = 1200. "
        "The tickets bring in 1200 * 15 = 18000 dollars. The answer is 18000.",
    ),
    Exemplar(
        "Nina is 4 years older than her brother Sam. In 6 years, their ages will add up to "
        "40. How old is Sam now?",
        "In 6 years each of them is 6 years older, so the sum of their ages grows by "
        "6 + 6 = 12. Today their ages add up to 40 - 12 = 28. Sam's age plus Sam's age plus "
        "4 is 28, so twice Sam's age is 28 - 4 = 24, and Sam is 24 / 2 = 12 years old. "
        "Check: Nina is 12 + 4 = 16, and in 6 years 18 + 22 = 40. The answer is 12.",
    ),
    Exemplar(
        "Oscar has twice as many stickers as Priya, and Priya has 7 fewer stickers than "
        "Quinn. Quinn has 25 stickers. How many stickers do the three of them have together?",
        "Priya has 25 - 7 = 18 stickers. Oscar has 2 * 18 = 36 stickers. Together they have "
        "25 + 18 = 43 and 43 + 36 = 79 stickers. The answer is 79.",
    ),
)

MATH_EXEMPLARS: tuple[Exemplar, ...] = (
    Exemplar(
        "Solve for $x$: $5x - 7 = 3x + 9$.",
        "Subtracting $3x$ from both sides gives $2x - 7 = 9$. Adding 7 to both sides gives "
        "$2x = 16$, so $x = \\frac{16}{2} = 8$. Check: $5 \\cdot 8 - 7 = 33$ and "
        "$3 \\cdot 8 + 9 = 33$. The answer is $\\boxed{8}$.",
    ),
    Exemplar(
        "Compute $\\frac{2}{3} \\cdot \\frac{9}{10} - \\frac{1}{5}$. "
        "Express your answer as a common fraction.",
        "First, $\\frac{2}{3} \\cdot \\frac{9}{10} = \\frac{18}{30} = \\frac{3}{5}$. "
        "Then $\\frac{3}{5} - \\frac{1}{5} = \\frac{2}{5}$. "
        "The answer is $\\boxed{\\frac{2}{5}}$.",
    ),
    Exemplar(
        "Simplify $\\sqrt{72} + \\sqrt{50}$.",
        "Since $72 = 36 \\cdot 2$, we have $\\sqrt{72} = 6\\sqrt{2}$. Since "
        "$50 = 25 \\cdot 2$, we have $\\sqrt{50} = 5\\sqrt{2}$. Adding, "
        "$6\\sqrt{2} + 5\\sqrt{2} = 11\\sqrt{2}$. The answer is $\\boxed{11\\sqrt{2}}$.",
    ),
    Exemplar(
        "Find all real $x$ such that $|2x - 3| < 5$. Express your answer in interval notation.",
        "The inequality $|2x - 3| < 5$ means $-5 < 2x - 3 < 5$. Adding 3 to every part gives "
        "$-2 < 2x < 8$, and dividing by 2 gives $-1 < x < 4$. Both ends are excluded, so the "
        "interval is open. The answer is $\\boxed{(-1, 4)}$.",
    ),
    Exemplar(
        "Solve the system $x + 2y = 7$ and $3x - y = 7$. "
        "Give your answer as an ordered pair $(x, y)$.",
        "The second equation gives $y = 3x - 7$. Substituting into the first, "
        "$x + 2(3x - 7) = 7$, so $7x - 14 = 7$, $7x = 21$ and $x = 3$. Then "
        "$y = 3 \\cdot 3 - 7 = 2$. Check: $3 + 2 \\cdot 2 = 7$ and $3 \\cdot 3 - 2 = 7$. "
        "The answer is $\\boxed{(3, 2)}$.",
    ),
)

CSQA_EXEMPLARS: tuple[Exemplar, ...] = (
    Exemplar(
        "Where would you put a letter once it is addressed and stamped so that it gets delivered?",
        "A letter is delivered by the postal service, which collects mail from mailboxes. "
        "A bookshelf, an oven, a desk drawer or a garden would leave the letter where it is. "
        "The answer is (a) mailbox.",
        _choices("mailbox", "bookshelf", "oven", "desk drawer", "garden"),
    ),
    Exemplar(
        "What do people usually do when they hear a joke they find funny?",
        "A funny joke amuses people, and amusement shows as laughter. Crying, sleeping, "
        "sneezing and arguing are not reactions to something funny. The answer is (b) laugh.",
        _choices("cry", "laugh", "fall asleep", "sneeze", "argue"),
    ),
    Exemplar(
        "A houseplant was left in a dark closet for a month. What most likely happened to it?",
        "Plants need light to make their food. After a month without light the plant would "
        "weaken and droop rather than bloom, bear fruit or grow, and a closet indoors is not "
        "cold enough to freeze it. The answer is (c) it wilted.",
        _choices("it bloomed", "it grew fruit", "it wilted", "it froze", "it doubled in size"),
    ),
    Exemplar(
        "What would you use to dry yourself after a shower?",
        "Drying off means soaking up the water on your skin. A sponge and a napkin are too "
        "small, an umbrella keeps water off instead of removing it, and a blanket is for "
        "warmth. A towel is made for drying. The answer is (d) towel.",
        _choices("sponge", "umbrella", "blanket", "towel", "napkin"),
    ),
    Exemplar(
        "Someone who wants to learn to play the violin should look for a what?",
        "Learning an instrument takes lessons from someone who can play it and teach it. "
        "A mechanic, a dentist, a lawyer and a chef work in other fields. "
        "The answer is (e) music teacher.",
        _choices("mechanic", "dentist", "lawyer", "chef", "music teacher"),
    ),
    Exemplar(
        "The crowd cheered loudly when the home team scored. How were the fans feeling?",
        "People cheer loudly when something they hoped for happens, and a home team scoring "
        "is what its fans hope for. That makes them excited, not bored, sleepy, angry or "
        "confused. The answer is (d) excited.",
        _choices("bored", "sleepy", "angry", "excited", "confused"),
    ),
    Exemplar(
        "Where would you go to borrow a book for free and bring it back a few weeks later?",
        "A bookstore and a newsstand sell reading material, a printing press makes it, and a "
        "classroom is for lessons. Lending books for free is what a library does. "
        "The answer is (b) library.",
        _choices("bookstore", "library", "printing press", "classroom", "newsstand"),
    ),
)

# Operands zero-padded to the task's default width (star_cli.tasks.addition.WIDTH = 5).
ADDITION_EXEMPLARS: tuple[Exemplar, ...] = (
    Exemplar(
        "00008 + 00006",
        "8+6+0=14\n"
        "0+0+1=01\n"
        "0+0+0=00\n"
        "0+0+0=00\n"
        "0+0+0=00\n"
        "The answer is 000014.",
    ),
    Exemplar(
        "00047 + 00085",
        "7+5+0=12\n"
        "4+8+1=13\n"
        "0+0+1=01\n"
        "0+0+0=00\n"
        "0+0+0=00\n"
        "The answer is 000132.",
    ),
    Exemplar(
        "00396 + 00728",
        "6+8+0=14\n"
        "9+2+1=12\n"
        "3+7+1=11\n"
        "0+0+1=01\n"
        "0+0+0=00\n"
        "The answer is 001124.",
    ),
)
