from weimin_kit.errors import Conflict, PreconditionFailed


class ResidentIdCardExists(Conflict):
    code = "resident-id-card-exists"
    title = "A resident with this identity number is already registered"


class VersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The resident changed since you read it"


class ResidentAnonymised(Conflict):
    code = "resident-anonymised"
    title = "The resident's personal data was anonymised"
