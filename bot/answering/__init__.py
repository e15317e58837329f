"""The answering core: the parsed question, the named rules, leads bound to what was asked.

It renders nothing and talks to no user; the front-ends (CLI, Telegram) reach it through
`bot.qa.QAService`.
"""
