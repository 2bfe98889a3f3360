import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class RowError(BaseModel):
    row: int
    field: str
    reason: str


class ImportRunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    rows: int
    created: int
    #: Rows whose record was already there (a re-import creates nothing twice).
    unchanged: int
    failed: int
    errors: list[RowError]
    at: datetime
