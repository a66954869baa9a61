"""Reading the files reviewers edit by hand (curation, judgements): YAML whose mappings may not
repeat a key. PyYAML keeps the last of two equal keys silently, so a second `judgements:` list
pasted below the first would drop the first without a word; YAML 1.2 says keys are unique."""

from __future__ import annotations

import yaml


class _UniqueKeyLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"found the key {key!r} twice (the first would be lost)", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_reviewed(text: str):
    """yaml.safe_load, refusing a mapping that repeats a key (a yaml.YAMLError, as for any
    invalid YAML, so callers' messages name the file, line and key)."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
