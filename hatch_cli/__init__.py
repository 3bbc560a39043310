"""hatch: hatch new ideas out of your own markdown notes."""

__version__ = "0.1.0"
