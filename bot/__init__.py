"""The edges of newsbot: settings, the QA service, the CLI (and later Telegram)."""
