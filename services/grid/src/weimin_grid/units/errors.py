from weimin_kit.errors import Conflict, InvalidInput, PreconditionFailed


class InvalidBoundary(InvalidInput):
    code = "invalid-boundary"
    title = "The boundary is not a valid grid-unit polygon"
    title_zh = "边界不是有效的网格多边形"


class GridUnitVersionMismatch(PreconditionFailed):
    code = "version-mismatch"
    title = "The grid unit changed since you read it"
    title_zh = "网格在您读取后已被修改"


class RoleHolderUnchanged(Conflict):
    code = "role-holder-unchanged"
    title = "That person already holds the role"
    title_zh = "此人已担任该角色"
