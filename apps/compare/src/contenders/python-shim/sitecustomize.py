# Loaded by Python at start-up when this folder is on PYTHONPATH (apps/compare puts it there for the Python peer bot
# only). Written for this project; no peer code. Inert unless PEER_SIM_MAP is set.
#
# The peer bot's venue URLs are constants in its source (no config, no env), so this redirects them without editing
# any of its files: PEER_SIM_MAP = {"api.elections.kalshi.com": "127.0.0.1:41234", ...} maps a venue host to a
# loopback port of the simulator; wss/https become ws/http for mapped hosts, and their `ssl=` arguments are dropped
# (both websockets 10 and 15 refuse an ssl context with a ws:// URI). Debian's websockets 10.4 names the handshake
# headers `extra_headers`, the bot passes `additional_headers` (websockets >= 14): renamed. With PEER_STUB_CLOB=1 a
# stub `py_clob_client` is installed (no Debian package has it; its constructor would reach the real venue): paper mode
# never places an order, and the stub's order methods raise so that nothing can pretend otherwise.
import json
import os
import sys
import types
from urllib.parse import urlsplit, urlunsplit

_MAP = json.loads(os.environ.get("PEER_SIM_MAP") or "{}")


def _redirect(url):
    parts = urlsplit(str(url))
    target = _MAP.get(parts.hostname or "")
    if target is None:
        return str(url), False
    scheme = {"wss": "ws", "https": "http"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, target, parts.path, parts.query, parts.fragment)), True


if _MAP:
    try:
        import websockets

        _connect = websockets.connect
        _major = int(websockets.__version__.split(".")[0])

        def _ws_connect(uri, *args, **kwargs):
            uri, hit = _redirect(uri)
            if hit:
                kwargs.pop("ssl", None)
                if _major < 14 and "additional_headers" in kwargs:
                    kwargs["extra_headers"] = kwargs.pop("additional_headers")
            return _connect(uri, *args, **kwargs)

        websockets.connect = _ws_connect
    except ImportError:
        pass

    try:
        import aiohttp

        _request = aiohttp.ClientSession._request

        async def _aiohttp_request(self, method, str_or_url, **kwargs):
            url, hit = _redirect(str_or_url)
            if hit:
                kwargs.pop("ssl", None)
                kwargs.pop("verify_ssl", None)
            return await _request(self, method, url, **kwargs)

        aiohttp.ClientSession._request = _aiohttp_request
    except ImportError:
        pass

    try:
        import requests

        _session_request = requests.Session.request

        def _requests_request(self, method, url, *args, **kwargs):
            url, hit = _redirect(url)
            if hit:
                kwargs.pop("verify", None)
            return _session_request(self, method, url, *args, **kwargs)

        requests.Session.request = _requests_request
    except ImportError:
        pass

if os.environ.get("PEER_STUB_CLOB") == "1":

    class _Refused(Exception):
        pass

    class ClobClient:
        def __init__(self, *args, **kwargs):
            self.builder = types.SimpleNamespace(sig_type=0)

        def create_or_derive_api_creds(self):
            return None

        def set_api_creds(self, creds):
            return None

        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise _Refused("py_clob_client stub: paper mode sends no Polymarket orders (" + name + ")")

            return refuse

    def _module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    _module("py_clob_client")
    _module("py_clob_client.client", ClobClient=ClobClient)
    _module(
        "py_clob_client.clob_types",
        OrderArgs=lambda **kw: kw,
        OrderType=types.SimpleNamespace(GTC="GTC", FOK="FOK", FAK="FAK", GTD="GTD"),
        BalanceAllowanceParams=lambda **kw: kw,
        AssetType=types.SimpleNamespace(COLLATERAL="COLLATERAL", CONDITIONAL="CONDITIONAL"),
    )
    _module("py_clob_client.order_builder")
    _module("py_clob_client.order_builder.constants", BUY="BUY", SELL="SELL")
