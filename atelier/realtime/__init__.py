"""Socket.IO transport: handlers in events.py, the one broadcast point in broadcast.py."""
