"""exocalc: what an exosome skin or scalp treatment in Seoul really costs, all in."""

__version__ = "0.1.0"
