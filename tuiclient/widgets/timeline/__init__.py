"""The timeline: a virtualised list of posts."""

from tuiclient.widgets.timeline.view import TimelineView

__all__ = ["TimelineView"]
