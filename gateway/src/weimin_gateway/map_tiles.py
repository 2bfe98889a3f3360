"""The map's base layer, an operator setting the SPA reads at run time.

The SPA draws grid units, buildings and incidents from our own GeoJSON; tiles underneath
are optional. With no tile URL the map is a plain background (the default, and what the
tests run). A tile URL is a Leaflet template (`https://t{s}.tianditu.gov.cn/…/{z}/{x}/{y}`,
`{s}` one of `subdomains`); its hosts join the Content-Security-Policy's img-src, so
configuring tiles is one setting, not two. `crs` says which datum the tiles are drawn in:
"gcj02" for AMap or Tencent (the app then shifts our WGS-84 data onto them), "wgs84" for
Tianditu (CGCS2000, within centimetres of WGS-84) and OpenStreetMap-style servers.
"""

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator, model_validator

TileCrs = Literal["wgs84", "gcj02"]


class MapTiles(BaseModel):
    #: Leaflet URL template of the base tiles; empty: no tiles, a plain background.
    url: str = ""
    #: An optional overlay drawn above the base (Tianditu's place-name layer `cva_w`).
    label_url: str = ""
    #: What `{s}` stands for in either template (Tianditu: t0…t7).
    subdomains: list[str] = Field(default_factory=list)
    crs: TileCrs = "wgs84"
    #: Shown in the map's corner, as the tile provider's terms require.
    attribution: str = Field(default="", max_length=200)
    max_zoom: int = Field(default=18, ge=1, le=22)

    @field_validator("url", "label_url")
    @classmethod
    def _template(cls, value: str) -> str:
        if not value:
            return value
        parts = urlsplit(value.replace("{s}", "s"))
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) tile URL template")
        if not all(key in value for key in ("{z}", "{x}", "{y}")):
            raise ValueError(f"{value!r} needs the {{z}}, {{x}} and {{y}} placeholders")
        if any(c in value for c in " ;,\t\r\n'\""):
            raise ValueError(f"{value!r} holds a character a CSP source cannot")
        return value

    @model_validator(mode="after")
    def _subdomains_given(self) -> "MapTiles":
        uses_s = "{s}" in self.url or "{s}" in self.label_url
        if uses_s and not self.subdomains:
            raise ValueError("a template with {s} needs subdomains")
        for sub in self.subdomains:
            if not sub or not all(c.isalnum() or c == "-" for c in sub):
                raise ValueError(f"{sub!r} is not a host name label")
        if self.label_url and not self.url:
            raise ValueError("a label overlay needs base tiles (url)")
        return self

    def origins(self) -> list[str]:
        """Every scheme://host[:port] the templates can expand to, for img-src."""
        found: list[str] = []
        for template in (self.url, self.label_url):
            if not template:
                continue
            expanded = (
                [template.replace("{s}", sub) for sub in self.subdomains]
                if "{s}" in template
                else [template]
            )
            for url in expanded:
                parts = urlsplit(url)
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin not in found:
                    found.append(origin)
        return found

    def public(self) -> dict[str, object]:
        """What the SPA is told (a tile key in the URL is a browser key, public anyway)."""
        return self.model_dump()
