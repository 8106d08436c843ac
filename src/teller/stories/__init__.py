"""teller.stories: near-duplicate articles, story clusters and cross-article event merging.

``StoryIndex`` takes analysed articles one by one (or in batches) and answers, at any time and
independently of the order they came in: which articles copy which (``duplicates``), which
articles tell one story (``stories``), and which per-article events are reports of one real
event (``canonical_events``, with every report as evidence). See docs/stories.md.
"""

from teller.stories.index import Settings, StoryIndex

__all__ = ["Settings", "StoryIndex"]
