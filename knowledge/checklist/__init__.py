"""Situational guidance: 情形 questions → a personalised checklist, also for 一件事 bundles."""

from knowledge.checklist.engine import TargetNotFound, build, find_target, resolve_target, step
from knowledge.checklist.model import Checklist, ChecklistMaterial, Step
from knowledge.checklist.situation import AnswerError, Target

__all__ = ["AnswerError", "Checklist", "ChecklistMaterial", "Step", "Target", "TargetNotFound", "build", "find_target", "resolve_target", "step"]
