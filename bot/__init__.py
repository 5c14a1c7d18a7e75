"""Dialogue: the Rasa project, its training-data generation and custom actions (coming with the bot issue)."""
