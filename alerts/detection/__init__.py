"""Incident detection: classify entries, extract gear, agencies, tactics and place."""

from alerts.detection.core import Detection, EntryText, agencies, detect
from alerts.detection.placing import PlaceGuess, locate

__all__ = ["Detection", "EntryText", "PlaceGuess", "agencies", "detect", "locate"]
