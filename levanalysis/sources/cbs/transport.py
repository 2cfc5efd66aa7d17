"""HTTP for both CBS APIs: JSON requests with bounded retries, and bounded paging.

CBS's OData v3 service had multi-day outages with connection resets (February 2026), and any
service answers 429 or 5xx now and then. Every request is therefore retried with exponential
backoff (tenacity) on 429, 5xx, connections that could not be made or broke off mid-way, and
time-outs; bounded in attempts and in total time. Each retry is announced in one Dutch line.
Paging follows ``odata.nextLink`` (v3) or ``@odata.nextLink`` (v4), bounded in pages and in
time, so a server whose next link never ends cannot keep a fetch busy forever.

Every failure becomes a :class:`CbsFetchError` with a complete Dutch message; no exception class
name of the HTTP library reaches a person.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
)
from urllib3.exceptions import NewConnectionError

from levanalysis.sources.cbs.backend import (
    DEFAULT_TIMEOUT,
    CbsFetchError,
    failed_message,
)

Reporter = Callable[[str], None]
USER_AGENT = "levanalysis (LEV-monitor)"


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. The defaults ride out a short outage without keeping a person waiting
    long for a long one: 4 attempts per request (waits of about 2, 4 and 8 s), at most 3 minutes
    per request, at most 1 000 pages and 30 minutes of paging per table."""

    attempts: int = 4
    first_wait: float = 2.0
    max_wait: float = 30.0
    max_request_seconds: float = 180.0
    max_pages: int = 1000
    max_paging_seconds: float = 1800.0
    retry_after_cap: float = 60.0
    """A server's Retry-After is honoured up to this many seconds."""


DEFAULT_POLICY = RetryPolicy()


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its arguments that are exceptions, and their causes and contexts."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        for attr in ("reason", "__cause__", "__context__"):
            linked = getattr(current, attr, None)
            if isinstance(linked, BaseException):
                stack.append(linked)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


class Transport:
    """GET JSON from a CBS API. One instance per fetch run; not thread-safe."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, policy: RetryPolicy | None = None,
                 report: Reporter | None = None, sleep: Callable[[float], None] | None = None):
        self.timeout = timeout
        # Looked up now, not at import: a test (or a caller) may replace DEFAULT_POLICY.
        self.policy = policy or DEFAULT_POLICY
        self.report = report
        self.sleep = sleep or time.sleep
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        self.requests_sent = 0

    # --- one request, with retries ----------------------------------------------------------

    def get_json(self, url: str, params: Mapping[str, str] | None = None, *, table_id: str,
                 what: str) -> dict[str, Any]:
        """GET ``url`` (with ``params``) and return the JSON object, retrying transient failures."""
        full = f"{url}?{urlencode(dict(params), quote_via=quote, safe='$,')}" if params else url

        def announce(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0.0
            if self.report and isinstance(error, CbsFetchError):
                seconds = f"{wait:.0f}" if wait >= 1 or wait == 0 else f"{wait:.1f}".replace(".", ",")
                self.report(
                    f"CBS-tabel {table_id}: {self._short(error)} bij {what}; nieuwe poging "
                    f"{state.attempt_number + 1} van {self.policy.attempts} over {seconds} s."
                )

        retrying = Retrying(
            stop=stop_after_attempt(self.policy.attempts) | stop_before_delay(self.policy.max_request_seconds),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, CbsFetchError) and e.transient),
            before_sleep=announce,
            sleep=self.sleep,
            reraise=True,
        )
        attempts = 0

        def once() -> dict[str, Any]:
            nonlocal attempts
            attempts += 1
            return self._get_once(full, table_id=table_id, what=what)

        try:
            return retrying(once)
        except CbsFetchError as exc:
            if attempts > 1:
                raise exc.with_message(f"{exc} Gestopt na {attempts} pogingen.") from exc.__cause__
            raise

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        backoff = min(self.policy.max_wait, self.policy.first_wait * 2 ** (state.attempt_number - 1))
        if isinstance(error, CbsFetchError) and error.retry_after is not None:
            return min(self.policy.retry_after_cap, max(backoff, error.retry_after))
        return backoff

    def _get_once(self, url: str, *, table_id: str, what: str) -> dict[str, Any]:
        parts = urlsplit(url)
        kwargs: dict[str, Any] = {"timeout": self.timeout}
        if _is_loopback(parts.hostname):
            # A proxy from the environment must never see requests meant for a local server.
            kwargs["proxies"] = {"http": None, "https": None}
        self.requests_sent += 1
        try:
            response = self.session.get(url, **kwargs)
        except requests.RequestException as exc:
            raise self._network_error(exc, url, table_id, what) from exc
        if response.status_code >= 400:
            raise self._http_error(response, url, table_id)
        try:
            body = json.loads(response.content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise self._malformed(table_id, url, "geen geldige JSON") from exc
        if not isinstance(body, dict):
            raise self._malformed(table_id, url, "geen JSON-object")
        return body

    # --- paging -----------------------------------------------------------------------------

    def get_pages(self, url: str, params: Mapping[str, str] | None, *, table_id: str, what: str,
                  next_key: str) -> list[dict[str, Any]]:
        """Every record of ``value`` over all pages linked by ``next_key``, within the bounds."""
        started = time.monotonic()
        records: list[dict[str, Any]] = []
        seen: set[str] = set()
        page_url, page_params, pages = url, params, 0
        while True:
            body = self.get_json(page_url, page_params, table_id=table_id, what=what)
            pages += 1
            value = body.get("value")
            if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
                raise self._malformed(table_id, page_url, "geen lijst met records in 'value'")
            records.extend(value)
            link = body.get(next_key)
            if not link:
                return records
            if not isinstance(link, str) or link in seen:
                raise CbsFetchError(
                    failed_message(table_id, f"de server verwijst bij {what} steeds opnieuw naar dezelfde "
                                             f"pagina; het ophalen is gestopt na {pages} pagina's."),
                    table_id=table_id, reason="paging",
                )
            seen.add(link)
            if pages >= self.policy.max_pages:
                raise CbsFetchError(
                    failed_message(table_id, f"na {pages} pagina's van {what} verwees de server nog steeds "
                                             f"naar een volgende pagina; het ophalen is gestopt (grens: "
                                             f"{self.policy.max_pages} pagina's)."),
                    table_id=table_id, reason="paging",
                )
            if time.monotonic() - started > self.policy.max_paging_seconds:
                raise CbsFetchError(
                    failed_message(table_id, f"het doorbladeren van {what} duurde langer dan "
                                             f"{self.policy.max_paging_seconds:g} seconden ({pages} pagina's); "
                                             f"het ophalen is gestopt."),
                    table_id=table_id, reason="paging",
                )
            page_url, page_params = link, None

    # --- errors -----------------------------------------------------------------------------

    def _short(self, error: CbsFetchError) -> str:
        if error.reason == "http":
            return "te veel verzoeken (HTTP 429)" if error.status == 429 else f"serverfout (HTTP {error.status})"
        return {
            "connection": "geen verbinding",
            "dropped": "verbinding verbroken",
            "timeout": f"geen antwoord binnen {self.timeout:g} s",
        }.get(error.reason, "fout")

    def _network_error(self, exc: requests.RequestException, url: str, table_id: str, what: str) -> CbsFetchError:
        origin = _origin(url)
        chain = list(_chain(exc))
        timed_out = isinstance(exc, requests.Timeout) or any("timed out" in str(e).lower() for e in chain)
        if timed_out:
            return CbsFetchError(
                failed_message(table_id, f"time-out: {origin} antwoordde niet binnen {self.timeout:g} seconden."),
                table_id=table_id, reason="timeout", transient=True,
            )
        never_connected = any(isinstance(e, (NewConnectionError, ConnectionRefusedError, socket.gaierror)) for e in chain)
        if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.exceptions.ChunkedEncodingError) \
                and never_connected:
            return CbsFetchError(
                failed_message(table_id, f"geen verbinding met {origin} (de server is niet bereikbaar, of er "
                                         f"is geen netwerk)."),
                table_id=table_id, reason="connection", transient=True,
            )
        if isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                            requests.exceptions.ContentDecodingError)):
            # A connection was made and then broke off: the network is there, the answer was cut.
            return CbsFetchError(
                failed_message(table_id, f"de verbinding met {origin} werd tijdens het ophalen van {what} "
                                         f"verbroken, voordat het antwoord compleet was."),
                table_id=table_id, reason="dropped", transient=True,
            )
        return CbsFetchError(
            failed_message(table_id, f"het verzoek aan {origin} voor {what} mislukte (ongeldig adres of "
                                     f"onbekende netwerkfout)."),
            table_id=table_id, reason="connection",
        )

    def _http_error(self, response: requests.Response, url: str, table_id: str) -> CbsFetchError:
        status = response.status_code
        where = _without_query(url)
        if status == 404:
            what = "tabel of onderdeel niet gevonden"
        elif status == 429:
            what = "te veel verzoeken"
        elif status >= 500:
            what = "serverfout"
        else:
            what = "verzoek geweigerd"
        return CbsFetchError(
            failed_message(table_id, f"{what} (HTTP {status}) bij {where}."),
            table_id=table_id, reason="http", status=status,
            transient=status == 429 or status >= 500,
            retry_after=_retry_after(response),
        )

    def _malformed(self, table_id: str, url: str, detail: str) -> CbsFetchError:
        return CbsFetchError(
            failed_message(table_id, f"onleesbaar antwoord van de server bij {_without_query(url)} ({detail})."),
            table_id=table_id, reason="malformed",
        )


class TransportBackend:
    """What the OData v3 and v4 backends share: a base address, the retrying transport, and the
    Dutch message for an answer that cannot be read. Subclasses say how an address is resolved
    (``resolve_url``) and where a table lives (``table_url``)."""

    def __init__(self, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT, *,
                 transport: Transport | None = None, policy: RetryPolicy | None = None,
                 report: Reporter | None = None):
        self.base_url = self.resolve_url(base_url)
        self.transport = transport or Transport(timeout, policy, report)
        self.timeout = self.transport.timeout

    @staticmethod
    def resolve_url(base_url: str | None) -> str:
        raise NotImplementedError

    def table_url(self, table_id: str) -> str:
        raise NotImplementedError

    def _malformed(self, table_id: str, name: str, detail: str) -> CbsFetchError:
        return CbsFetchError(
            failed_message(table_id, f"onleesbaar antwoord van de server bij {self.table_url(table_id)}/{name} ({detail})."),
            table_id=table_id,
            reason="malformed",
        )
