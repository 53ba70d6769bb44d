"""Sending e-mail through the SMTP server of ``ATELIER_SMTP_*``; nothing else."""

import smtplib
import ssl
from email.message import EmailMessage

from flask import Flask


class SmtpMailer:
    def __init__(self, config: dict):
        self.host = config["SMTP_HOST"]
        self.port = int(config.get("SMTP_PORT") or 587)
        self.username = config.get("SMTP_USERNAME") or ""
        self.password = config.get("SMTP_PASSWORD") or ""
        self.security = config.get("SMTP_SECURITY", "starttls")  # starttls | ssl | none
        self.sender = config["SMTP_SENDER"]
        self.timeout = 20

    def send(self, message: EmailMessage) -> None:
        message["From"] = self.sender
        context = ssl.create_default_context()
        if self.security == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


def mail_enabled(app: Flask) -> bool:
    return bool(app.config.get("SMTP_HOST"))


def mailer_for(app: Flask) -> SmtpMailer | None:
    return SmtpMailer(app.config) if mail_enabled(app) else None
