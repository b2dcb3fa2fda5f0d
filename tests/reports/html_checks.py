"""What makes an HTML report self-contained, checked by parsing it."""

from __future__ import annotations

from html.parser import HTMLParser

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_LOADING_ATTRIBUTES = {"src", "srcset", "data", "poster", "background", "action", "formaction"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.loads: list[str] = []  # every attribute or tag that would fetch something
        self.links: list[str] = []  # <a href>: followed only when clicked, never loaded
        self.csp: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self.in_style = False
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag in {"script", "iframe", "object", "embed", "img", "link", "base", "form"}:
            self.loads.append(f"<{tag}>")
        for name, value in attrs:
            if name in _LOADING_ATTRIBUTES or name.startswith("on"):
                self.loads.append(f"{tag} {name}={value}")
            if name in {"href", "xlink:href"}:
                if tag == "a" and (value or "").startswith("https://"):
                    self.links.append(value or "")
                else:
                    self.loads.append(f"{tag} {name}={value}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(values.get("content") or "")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.loads.append("meta refresh")
        if tag in {"h1", "h2", "h3"}:
            self._heading = []
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3"} and self._heading is not None:
            self.headings.append(f"{tag}:{''.join(self._heading).strip()}")
            self._heading = None
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self.in_style:
            self.style += data


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def assert_self_contained(page: str) -> None:
    found = parse(page)
    assert found.loads == [], found.loads
    assert found.csp == [CSP]
    assert "script" not in found.tags
    lowered = page.lower()
    for fragment in ("@import", "url(", "<script", "@font-face", "<link", "<img", "<iframe"):
        assert fragment not in lowered, fragment
    # every "http" in the page is the address of an <a> link (its href or its visible text)
    for link in found.links:
        lowered = lowered.replace(f'href="{link.lower()}"', "")
    assert "http://" not in lowered
