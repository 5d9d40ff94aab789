"""The output layer: turns the engine's results into tables for people and JSON/CSV for scripts."""
