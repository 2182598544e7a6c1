"""Signals of the shared ground, sent by the floors above and heard by whoever needs them."""

from django.dispatch import Signal

# Sent with ``token`` (the new data version) and whatever the writer said it changed (for
# positions: ``positions``, ``labels``, ``texts``; see apps/debate/changes.py).
data_changed = Signal()
