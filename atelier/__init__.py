"""Atelier: a live workshop from customer care to colleague commitments.

``create_app`` is imported lazily so that ``atelier serve`` can patch the
standard library for gevent before Flask and the database drivers load.
"""


def create_app(test_config=None):
    from .app import build_app

    return build_app(test_config)
