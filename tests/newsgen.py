"""Small generated news articles for crash, watch and soak tests (plain sentences, no real text).

Each article reports one diplomatic event ("The foreign minister of X met the Y ambassador in Z on
Monday.") with a few varied sentences around it; every event is reported by two or three outlets
in different words, so the story index has clusters to build. Deterministic for a seed.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

COUNTRIES = [
    ("France", "French", "Paris"), ("Japan", "Japanese", "Tokyo"), ("Brazil", "Brazilian", "Brasilia"),
    ("Kenya", "Kenyan", "Nairobi"), ("India", "Indian", "New Delhi"), ("Germany", "German", "Berlin"),
    ("Egypt", "Egyptian", "Cairo"), ("Canada", "Canadian", "Ottawa"), ("Mexico", "Mexican", "Mexico City"),
    ("Turkey", "Turkish", "Ankara"), ("Nigeria", "Nigerian", "Abuja"), ("Vietnam", "Vietnamese", "Hanoi"),
    ("Poland", "Polish", "Warsaw"), ("Chile", "Chilean", "Santiago"), ("Indonesia", "Indonesian", "Jakarta"),
    ("Spain", "Spanish", "Madrid"), ("Ghana", "Ghanaian", "Accra"), ("Peru", "Peruvian", "Lima"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SOURCES = ["Wire One", "Daily Two", "Times Three", "Herald Four", "Post Five"]
VERBS = [
    ("met", "The foreign minister of {a} met the {b} ambassador in {city} on {day}."),
    ("met", "{A_adj} Foreign Minister talks were held with the {b} ambassador in {city} on {day}."),
    ("called", "The {a_adj} prime minister spoke by telephone with the {b} president on {day}."),
    ("visited", "The president of {a} visited {b} on {day} and met officials in {b_city}."),
    ("criticised", "The government of {a} criticised {b} on {day} over a border dispute."),
    ("signed", "{a} and {b} signed a trade agreement in {city} on {day}."),
]
FILLERS = [
    "Officials said the talks covered trade, energy and regional security.",
    "A spokesperson described the meeting as constructive.",
    "No joint statement was issued afterwards.",
    "Both sides agreed to continue the dialogue next month.",
    "Analysts said relations between the two countries had improved this year.",
    "The ministry published a short summary of the discussions.",
    "Reporters were not allowed into the room.",
    "The visit had been planned for several weeks.",
]


@dataclass(frozen=True, slots=True)
class GenArticle:
    url: str
    title: str
    text: str
    published: str
    source: str

    def json_line(self) -> str:
        return json.dumps({"url": self.url, "title": self.title, "text": self.text,
                           "published": self.published, "source": self.source})


def articles(n: int, seed: int = 0, *, base: str = "https://news.invalid",
             start: datetime = datetime(2024, 3, 4, 9, tzinfo=UTC)) -> list[GenArticle]:
    """``n`` articles: events reported by 1-3 outlets each, in varied wording."""
    rnd = random.Random(seed)
    out: list[GenArticle] = []
    event = 0
    while len(out) < n:
        a, b = rnd.sample(COUNTRIES, 2)
        day_i = rnd.randrange(len(WEEKDAYS))
        when = start + timedelta(days=7 * (event // 12) + day_i, hours=rnd.randrange(10))
        kind, _ = rnd.choice(VERBS)
        reports = rnd.choice((1, 2, 2, 3))
        templates = [t for k, t in VERBS if k == kind] or [VERBS[0][1]]
        for r in range(reports):
            if len(out) >= n:
                break
            lead = rnd.choice(templates).format(
                a=a[0], b=b[0] if kind != "met" else b[1], A_adj=a[1], a_adj=a[1], b_adj=b[1],
                city=a[2], b_city=b[2], day=WEEKDAYS[day_i])
            lead = lead[0].upper() + lead[1:]
            body = rnd.sample(FILLERS, rnd.randint(2, 4))
            source = SOURCES[(event + r) % len(SOURCES)]
            text = " ".join([lead, *body, f"This report is number {event}-{r} of {source}."])
            published = (when + timedelta(hours=2 + 3 * r)).isoformat()
            out.append(GenArticle(url=f"{base}/{event}/{r}", title=f"{a[0]} and {b[0]}: {kind} ({event})",
                                  text=text, published=published, source=source))
        event += 1
    return out


def write_jsonl(path, n: int, seed: int = 0) -> list[GenArticle]:
    arts = articles(n, seed)
    path.write_text("\n".join(a.json_line() for a in arts) + "\n")
    return arts
