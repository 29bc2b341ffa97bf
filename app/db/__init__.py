"""Persistence: the SQLCipher engine, key slots, models, audit chain, outbox and migrations."""
