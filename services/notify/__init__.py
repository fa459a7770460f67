"""Notify: messages to citizens and staff, and the delivery log."""
