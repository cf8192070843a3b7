"""Thin handlers: translate updates into store writes and core calls, and back."""
