"""Operations: each one owns its transaction and returns an Outcome to broadcast.

Transport code (HTTP blueprints, Socket.IO events) calls these and never
writes to the database itself.
"""
