"""Articles that arrive after a chat followed "ceasefire in Aleppo" (tests of topic alerts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOPIC = "ceasefire in Aleppo"

CEASEFIRE = {
    "url": "https://example.org/aleppo-ceasefire",
    "title": "Ceasefire takes hold in Aleppo after a week of fighting",
    "source": "Levant Wire",
    "published_at": "2024-12-05",
    "body": "A ceasefire took effect in Aleppo on Thursday after a week of fighting between "
    "insurgents and government forces. Turkish and Russian mediators said the truce covers the "
    "whole city and its airport. Residents returned to the markets of the old city for the "
    "first time in days.",
}
TRUCE_HOLDS = {
    "url": "https://example.org/aleppo-truce-holds",
    "title": "Aleppo truce holds for a second day",
    "source": "Coastal Courier",
    "published_at": "2024-12-06",
    "body": "The ceasefire in Aleppo held for a second day on Saturday, with no shelling "
    "reported overnight. Aid convoys reached the eastern districts of the city. Mediators "
    "said talks on a lasting truce would resume next week.",
}
CHEESE_FAIR = {
    "url": "https://example.org/cheese-fair",
    "title": "Mountain cheese fair draws record crowds",
    "source": "Valley Gazette",
    "published_at": "2024-12-05",
    "body": "The annual mountain cheese fair drew a record 40,000 visitors this weekend. "
    "Dairy farmers sold out of aged gruyère by Saturday noon. The organisers plan to add a "
    "second marquee next year.",
}


def dump(path: Path, *articles: dict[str, Any]) -> Path:
    path.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    return path
