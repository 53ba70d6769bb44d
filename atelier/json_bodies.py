"""JSON request bodies: nested too deeply is a malformed request, not a server error."""

from flask.json.provider import DefaultJSONProvider


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, with one difference when reading.

    Python's parser gives up with RecursionError past about a thousand
    levels of brackets, which fit easily in a 64 KiB body. Flask only
    treats ValueError as malformed JSON, so it is turned into one: every
    JSON route then answers ``400 invalid_request`` (``get_json`` is silent
    or raises BadRequest) instead of a 500. No body of ours nests beyond a
    few levels.
    """

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
