"""Persons stage: local persons of every report → one person per real person, with stable ids."""
