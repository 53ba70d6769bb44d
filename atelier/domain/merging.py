"""Merging duplicates: the kept idea carries every author and every vote."""

from dataclasses import dataclass

from .errors import Refusal


@dataclass(frozen=True)
class MergeSide:
    id: int
    kind: str
    merged: bool


def check_merge(source: MergeSide, target: MergeSide) -> None:
    if source.id == target.id or source.kind != target.kind:
        raise Refusal("merge_invalid")
    if source.merged or target.merged:
        raise Refusal("idea_not_found")
