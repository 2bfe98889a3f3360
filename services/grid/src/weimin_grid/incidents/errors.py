from weimin_kit.errors import Conflict, InvalidInput, PreconditionFailed, Problem


class UnknownCategory(InvalidInput):
    code = "unknown-category"
    title = "No such incident category"


class IllegalTransition(Conflict):
    code = "illegal-transition"
    title = "The incident cannot take that step from its current state"


class EscalationExhausted(Conflict):
    code = "escalation-exhausted"
    title = "The incident is already at the highest level"


class LevelTooLow(Conflict):
    code = "incident-above-your-level"
    title = "The incident was escalated above your level"


class ReturnVisitExists(Conflict):
    code = "return-visit-exists"
    title = "The incident already had its return visit"


class IncidentVersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The incident changed since you read it"


class PhotoTooLarge(Problem):
    status_code = 413
    code = "upload-too-large"
    title = "The photo is too large"


class UnsupportedPhotoType(Problem):
    status_code = 415
    code = "unsupported-media-type"
    title = "Send a JPEG, PNG or WebP photo"
