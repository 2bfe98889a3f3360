from weimin_kit.errors import Conflict, InvalidInput, PreconditionFailed


class InvalidBoundary(InvalidInput):
    code = "invalid-boundary"
    title = "The boundary is not a valid grid-unit polygon"


class GridUnitVersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The grid unit changed since you read it"


class RoleHolderUnchanged(Conflict):
    code = "role-holder-unchanged"
    title = "That person already holds the role"
