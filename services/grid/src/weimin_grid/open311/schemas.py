"""The GeoReport v2 documents, field for field as the specification names them.

Each is a plain record rendered by formats.py as JSON or XML: the specification, not our
problem+json, decides field names, nulls and the error list."""

from dataclasses import dataclass
from typing import Any

#: The XML element that wraps each document, and the one that wraps each of its items.
SERVICES_XML = ("services", "service")
REQUESTS_XML = ("service_requests", "request")
ERRORS_XML = ("errors", "error")


class Open311Error(Exception):
    """An answer in the specification's error form: HTTP `status`, and one `{code,
    description}` per problem (the code is the HTTP status, as in the specification's
    examples; the description names the field first, as `field: reason`)."""

    def __init__(self, status: int, descriptions: list[str]) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = list(descriptions)

    @classmethod
    def field(cls, status: int, name: str, reason: str) -> "Open311Error":
        return cls(status, [f"{name}: {reason}"])

    def items(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": text} for text in self.descriptions]


@dataclass(frozen=True, slots=True)
class Service:
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str

    def document(self) -> dict[str, Any]:
        return {
            "service_code": self.service_code,
            "service_name": self.service_name,
            "description": self.description,
            "metadata": self.metadata,
            "type": self.type,
            "keywords": self.keywords,
            "group": self.group,
        }


@dataclass(frozen=True, slots=True)
class AttributeValue:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Attribute:
    code: str
    datatype: str
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: tuple[AttributeValue, ...] = ()
    variable: bool = True

    def document(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": self.order,
            "description": self.description,
            "values": [{"key": v.key, "name": v.name} for v in self.values],
        }


@dataclass(frozen=True, slots=True)
class ServiceDefinition:
    service_code: str
    attributes: tuple[Attribute, ...]

    def document(self) -> dict[str, Any]:
        return {
            "service_code": self.service_code,
            "attributes": [attribute.document() for attribute in self.attributes],
        }


@dataclass(frozen=True, slots=True)
class RequestCreated:
    """The answer to a POST: the id at once (we create synchronously), so no token."""

    service_request_id: str
    service_notice: str
    account_id: str | None = None

    def document(self) -> dict[str, Any]:
        return {
            "service_request_id": self.service_request_id,
            "service_notice": self.service_notice,
            "account_id": self.account_id,
        }


@dataclass(frozen=True, slots=True)
class ServiceRequest:
    """A request as the public reads it: no reporter, no resident, no home."""

    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str
    lat: float
    long: float
    media_url: str | None

    def document(self) -> dict[str, Any]:
        return {
            "service_request_id": self.service_request_id,
            "status": self.status,
            "status_notes": self.status_notes,
            "service_name": self.service_name,
            "service_code": self.service_code,
            "description": self.description,
            "agency_responsible": self.agency_responsible,
            "service_notice": self.service_notice,
            "requested_datetime": self.requested_datetime,
            "updated_datetime": self.updated_datetime,
            "expected_datetime": self.expected_datetime,
            "address": self.address,
            "lat": self.lat,
            "long": self.long,
            "media_url": self.media_url,
        }


@dataclass(frozen=True, slots=True)
class TokenResolved:
    service_request_id: str
    token: str

    def document(self) -> dict[str, Any]:
        return {"service_request_id": self.service_request_id, "token": self.token}
