from weimin_kit.errors import Conflict, PreconditionFailed, Problem


class ResidentIdCardExists(Conflict):
    code = "resident-id-card-exists"
    title = "A resident with this identity number is already registered"


class VersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The resident changed since you read it"


class PreconditionRequired(Problem):
    status_code = 428
    code = "precondition-required"
    title = "If-Match with the resident's version is required"
